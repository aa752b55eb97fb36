"""The private directory: ``phone_items`` of kind ``private_directory_member`` owned by the
account, ``details`` {extension_id, searchable_on_web_portal}. A member is an extension of the
account (user, Zoom Room, common area, auto receptionist, call queue, shared line group); its
site is the extension's. A member whose extension was deleted since is not listed (and is
dropped by the next write)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from ..account.settings import multi_site_mode

IT = t.phone_items
EXT = t.extensions
KIND = "private_directory_member"
# extensions.type -> the documented extension_type
TYPES = {c.USER: "user", "zoomRoom": "zoom_room", "zoom_room": "zoom_room", c.COMMON_AREA: "common_area",
         c.AUTO_RECEPTIONIST: "auto_receptionist", c.CALL_QUEUE: "call_queue",
         c.SHARED_LINE_GROUP: "shared_line_group"}
SEARCHABLE = ("everybody", "admins_only", "nobody")
MAX_PER_REQUEST = 100  # phonestack's choice: the documents give no figure


def _site(ctx: Context, site_id: Any):  # noqa: ANN202
    """The site named by ``site_id`` (8001 if unknown), or None when none is given."""
    if site_id is None or site_id == "":
        return None
    row = c.site_row(ctx.conn, ctx.account_id, str(site_id))
    if row is None:
        raise ApiError(400, 8001, f"Site does not exist: {site_id}.")
    return row


def _ext_missing(key: str) -> ApiError:
    return ApiError(404, 404, f"Extension does not exist: {key}")


def _not_member(key: str) -> ApiError:
    return ApiError(404, 404, f"Extension does not exist in the private directory: {key}.")


def _members(ctx: Context) -> dict[str, Any]:
    """{extension_id: item row} of the directory."""
    return {(r.details or {}).get("extension_id"): r for r in c.items_of(ctx.conn, ctx.account_id, KIND)}


def _extension(ctx: Context, key: str):  # noqa: ANN202
    return c.find_extension(ctx.conn, ctx.account_id, key, list(TYPES))


def _member(ctx: Context):  # noqa: ANN202
    """(extension row, member item) of the path, with the documented 404s."""
    key = ctx.path["extensionId"]
    ext = _extension(ctx, key)
    if ext is None:
        raise _ext_missing(key)
    item = _members(ctx).get(ext.id)
    if item is None:
        raise _not_member(key)
    return ext, item


@provider("GET /phone/private_directory/members")
def list_private_directory_members(ctx: Context) -> dict[str, Any]:
    # site_id, keyword and search_field are Zoom's query parameters of this operation (absent
    # from the contract so far; its error 8001 "Site does not exist" is for site_id).
    site = _site(ctx, ctx.query.get("site_id"))
    keyword = str(ctx.query.get("keyword") or "").strip().casefold()
    items = c.items_of(ctx.conn, ctx.account_id, KIND)
    ids = [(r.details or {}).get("extension_id") for r in items]
    exts = {e.id: e for e in ctx.conn.execute(select(EXT).where(
        EXT.c.account_id == ctx.account_id, EXT.c.id.in_([i for i in ids if i])))}

    def keep(r: Any) -> bool:
        e = exts.get((r.details or {}).get("extension_id"))
        if e is None or e.type not in TYPES:
            return False  # deleted since
        if site is not None and e.site_id != site.id:
            return False
        if keyword:
            hay = [e.name or "", e.email or "", str(e.extension_number or "")]
            field = ctx.query.get("search_field")
            if field == "name":
                hay = hay[:1]
            elif field == "extension_number":
                hay = hay[2:]
            return any(keyword in h.casefold() for h in hay)
        return True

    pks = [r.pk for r in items if keep(r)]
    stmt = select(IT).where(IT.c.owner_id == ctx.account_id, IT.c.kind == KIND, IT.c.pk.in_(pks))
    rows, token, total, size = ctx.page(stmt, IT.c.pk, total=len(pks))
    sites = c.site_refs(ctx.conn, [exts[(r.details or {})["extension_id"]].site_id for r in rows])
    out = []
    for r in rows:
        e = exts[(r.details or {})["extension_id"]]
        m: dict[str, Any] = {"extension_id": e.id, "extension_type": TYPES[e.type],
                             "extension_number": int(e.extension_number or 0), "extension_display_name": e.name,
                             "searchable_on_web_portal": (r.details or {}).get("searchable_on_web_portal",
                                                                               "everybody")}
        if e.type == c.USER and e.email:
            m["extension_email"] = e.email
        if e.site_id in sites:
            m["site_id"] = e.site_id
            m["site_name"] = sites[e.site_id]["name"]
        out.append(m)
    return {"next_page_token": token, "page_size": size, "total_records": total, "private_directory_members": out}


@provider("POST /phone/private_directory/members")
def add_private_directory_members(ctx: Context) -> Response:
    body = c.body(ctx)
    site = _site(ctx, body.get("site_id"))
    if site is None and multi_site_mode(ctx):
        raise c.invalid("site_id", "site_id is required when multiple sites are enabled.")
    members = body.get("members")
    if not isinstance(members, list) or not members:
        raise c.invalid("members", "At least one member is required.")
    if len(members) > MAX_PER_REQUEST:
        raise c.invalid("members", f"At most {MAX_PER_REQUEST} members per request.")
    wanted: dict[str, str] = {}
    for i, m in enumerate(members):
        key = str((m or {}).get("extension_id") or "").strip()
        searchable = (m or {}).get("searchable_on_web_portal")
        if not key:
            raise c.invalid(f"members[{i}].extension_id", "extension_id is required.")
        if searchable not in SEARCHABLE:
            raise c.invalid(f"members[{i}].searchable_on_web_portal", f"Must be one of {', '.join(SEARCHABLE)}.")
        ext = _extension(ctx, key)
        if ext is None:
            raise _ext_missing(key)
        if site is not None and ext.site_id != site.id:
            raise c.invalid(f"members[{i}].extension_id", f"Extension {key} does not belong to site {site.id}.")
        wanted[ext.id] = searchable
    have = _members(ctx)
    for ext_id, searchable in wanted.items():
        item = have.get(ext_id)
        if item is None:  # already a member: its searchability is updated
            c.add_item(ctx, ctx.account_id, KIND, {"extension_id": ext_id, "searchable_on_web_portal": searchable})
        else:
            c.update_item(ctx.conn, item.id, {**(item.details or {}), "searchable_on_web_portal": searchable})
    _drop_stale(ctx, have)
    return Response(201, None)


def _drop_stale(ctx: Context, have: dict[str, Any]) -> None:
    """Forget the members whose extension was deleted since."""
    ids = [i for i in have if i]
    live = set(ctx.conn.execute(select(EXT.c.id).where(EXT.c.id.in_(ids))).scalars()) if ids else set()
    stale = [r.id for i, r in have.items() if i not in live]
    if stale:
        c.delete_items(ctx.conn, ctx.account_id, KIND, stale)


@provider("PATCH /phone/private_directory/members/{extensionId}")
def update_private_directory_member(ctx: Context) -> None:
    body = c.body(ctx)
    site = _site(ctx, body.get("site_id"))
    ext, item = _member(ctx)
    if site is not None and ext.site_id != site.id:
        raise _not_member(ctx.path["extensionId"])
    searchable = body.get("searchable_on_web_portal")
    if searchable not in SEARCHABLE:
        raise c.invalid("searchable_on_web_portal", f"Must be one of {', '.join(SEARCHABLE)}.")
    c.update_item(ctx.conn, item.id, {**(item.details or {}), "searchable_on_web_portal": searchable})
    return None


@provider("DELETE /phone/private_directory/members/{extensionId}")
def remove_private_directory_member(ctx: Context) -> None:
    # site_id: Zoom's query parameter of this operation (absent from the contract so far)
    site = _site(ctx, ctx.query.get("site_id"))
    ext, item = _member(ctx)
    if site is not None and ext.site_id != site.id:
        raise _not_member(ctx.path["extensionId"])
    c.delete_items(ctx.conn, ctx.account_id, KIND, [item.id])
    return None
