"""A site's dial-by-name directory: ``phone_items`` of kind "dial_by_name" owned by the site,
``details`` {"extension_id"}. Members are users and common areas of the account (of any site:
Zoom lets a directory include other sites); an entry whose extension is deleted disappears."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from .provider import DIRECTORY_KIND, DIRECTORY_MEMBER_TYPES, _site

EXT = t.extensions
IT = t.phone_items
MAX_PER_REQUEST = 100


def _invalid(message: str, field: str) -> ApiError:
    return ApiError(400, 300, "Validation Failed.", [{"field": field, "message": message}])


def _ids(value: Any, field: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _invalid("Must be a list of extension ids.", field)
    return list(dict.fromkeys(value))


def _members(ctx: Context) -> dict[str, str]:
    """{extension_id: item id} of the directory."""
    return {(r.details or {}).get("extension_id"): r.id
            for r in c.items_of(ctx.conn, ctx.path["siteId"], DIRECTORY_KIND)}


@provider("GET /phone/sites/{siteId}/dial_by_name_directory/extensions")
def list_directory(ctx: Context) -> dict[str, Any]:
    site = _site(ctx)
    return directory_page(ctx, c.items_of(ctx.conn, site.id, DIRECTORY_KIND))


def directory_page(ctx: Context, items: list[Any], *, once: bool = False) -> dict[str, Any]:
    """One page of directory entries (``items``: phone_items rows with ``pk`` and ``details``, in
    order). The member's extension id is in the item's JSON: entries of deleted extensions are left
    out (and, ``once``, an extension's later entries), then the kept items are paged by ``pk``."""
    ext_ids = {(r.details or {}).get("extension_id") for r in items}
    live = set(ctx.conn.execute(select(EXT.c.id).where(EXT.c.account_id == ctx.account_id,
                                                        EXT.c.id.in_([e for e in ext_ids if e]))).scalars())
    keep, seen = [], set()
    for r in items:
        e = (r.details or {}).get("extension_id")
        if e in live and not (once and e in seen):
            seen.add(e)
            keep.append(r.pk)
    stmt = select(IT).where(IT.c.kind == DIRECTORY_KIND, IT.c.pk.in_(keep))
    rows, token, _total, size = ctx.page(stmt, IT.c.pk, total=len(keep))
    ids = [(r.details or {}).get("extension_id") for r in rows]
    exts = {e.id: e for e in ctx.conn.execute(select(EXT).where(EXT.c.id.in_(ids)))}
    sites = c.site_refs(ctx.conn, [e.site_id for e in exts.values()])
    out = []
    for i in ids:
        e = exts.get(i)
        if e is None:
            continue
        item: dict[str, Any] = {"extension_id": e.id, "display_name": e.name}
        if e.email:
            item["email"] = e.email
        if e.extension_number is not None:
            item["extension_number"] = str(e.extension_number)
        if e.site_id in sites:
            item["site"] = sites[e.site_id]
        out.append(item)
    return {"next_page_token": token, "page_size": size, "result": out}


@provider("POST /phone/sites/{siteId}/dial_by_name_directory/extensions")
def add_to_directory(ctx: Context) -> Response:
    site = _site(ctx)
    body = c.body(ctx)
    from_site = None
    if body.get("site_id"):
        from_site = c.site_row(ctx.conn, ctx.account_id, str(body["site_id"]))
        if from_site is None:
            raise _invalid(f"Site does not exist: {body['site_id']}.", "site_id")
    if body.get("extension_ids") is not None:
        ids = _ids(body["extension_ids"], "extension_ids")
        if not ids:
            raise _invalid("At least one extension id is required.", "extension_ids")
        if len(ids) > MAX_PER_REQUEST:
            raise _invalid(f"At most {MAX_PER_REQUEST} extensions per request.", "extension_ids")
        rows = {r.id: r for r in ctx.conn.execute(select(EXT).where(
            EXT.c.account_id == ctx.account_id, EXT.c.id.in_(ids), EXT.c.type.in_(DIRECTORY_MEMBER_TYPES)))}
        for i in ids:
            r = rows.get(i)
            if r is None:
                raise _invalid(f"Extension does not exist: {i}.", "extension_ids")
            if from_site is not None and r.site_id != from_site.id:
                raise _invalid(f"Extension {i} does not belong to site {from_site.id}.", "extension_ids")
        members = [rows[i] for i in ids]
    elif from_site is not None:
        # no extension ids: every user and common area of that site joins the directory
        members = ctx.conn.execute(select(EXT).where(
            EXT.c.account_id == ctx.account_id, EXT.c.site_id == from_site.id,
            EXT.c.type.in_(DIRECTORY_MEMBER_TYPES)).order_by(EXT.c.pk)).all()
    else:
        raise _invalid("Give extension_ids or site_id.", "extension_ids")
    have = _members(ctx)
    for m in members:
        if m.id not in have:
            c.add_item(ctx, site.id, DIRECTORY_KIND, {"extension_id": m.id})
            have[m.id] = ""
    return Response(201, None)


@provider("DELETE /phone/sites/{siteId}/dial_by_name_directory/extensions")
def remove_from_directory(ctx: Context) -> None:
    site = _site(ctx)
    have = _members(ctx)
    if ctx.query.get("delete_all") is True:
        c.delete_items(ctx.conn, site.id, DIRECTORY_KIND)
        return None
    if ctx.query.get("extension_ids") is None:
        raise _invalid("Give extension_ids or delete_all=true.", "extension_ids")
    ids = _ids(ctx.query["extension_ids"], "extension_ids")
    missing = [i for i in ids if i not in have]
    if not ids or missing:
        raise _invalid(f"Extension is not in the directory: {', '.join(missing)}.", "extension_ids")
    c.delete_items(ctx.conn, site.id, DIRECTORY_KIND, [have[i] for i in ids])
    return None
