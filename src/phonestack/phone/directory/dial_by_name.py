"""The account-level dial-by-name directory operations.

There is one directory per site (``phone_items`` kind ``dial_by_name`` owned by the site,
``details.extension_id``: see phone/sites/directory.py). The account-level operations name the
site in ``site_id`` and then act exactly as the site-level ones (same rows, same rules: an entry
added here is listed by ``GET /phone/sites/{siteId}/dial_by_name_directory/extensions`` and
vice versa). Without a site, the list shows the directories of all the account's sites (each
extension once) and the delete acts on all of them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from ..sites import directory as site_directory
from ..sites.provider import DIRECTORY_KIND

IT = t.phone_items
EXT = t.extensions


def _site_id(ctx: Context, value: Any) -> str | None:
    if value is None or value == "":
        return None
    sid = str(value)
    if c.site_row(ctx.conn, ctx.account_id, sid) is None:
        raise c.invalid("site_id", f"Site does not exist: {sid}.")
    return sid


def _as_site(ctx: Context, site_id: str, **changes: Any) -> Context:
    """The request as the site-level operation sees it."""
    return dataclasses.replace(ctx, path={**ctx.path, "siteId": site_id}, **changes)


def _site_ids(ctx: Context) -> list[str]:
    return list(ctx.conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == ctx.account_id)
                                 .order_by(t.sites.c.pk)).scalars())


@provider("GET /phone/dial_by_name_directory/extensions")
def list_users_in_directory(ctx: Context) -> dict[str, Any]:
    # site_id (Zoom's query parameter): that site's directory; without it every site's
    sid = _site_id(ctx, ctx.query.get("site_id"))
    if sid is not None:
        return site_directory.list_directory(_as_site(ctx, sid))
    sites = _site_ids(ctx)
    items = ctx.conn.execute(select(IT.c.pk, IT.c.details).where(
        IT.c.account_id == ctx.account_id, IT.c.kind == DIRECTORY_KIND, IT.c.owner_id.in_(sites))
        .order_by(IT.c.pk)).all() if sites else []
    # every site's directory: each extension once (its first entry)
    return site_directory.directory_page(ctx, items, once=True)


@provider("POST /phone/dial_by_name_directory/extensions")
def add_users_to_directory(ctx: Context) -> Response:
    body = c.body(ctx)
    sid = _site_id(ctx, body.get("site_id"))
    if sid is None:
        raise c.invalid("site_id", "site_id is required.")
    if body.get("extension_ids") is not None:
        site_body: dict[str, Any] = {"extension_ids": body["extension_ids"]}
    else:
        # no extension ids: the site's own users and common areas join its directory
        site_body = {"site_id": sid}
    return site_directory.add_to_directory(_as_site(ctx, sid, body=site_body))


@provider("DELETE /phone/dial_by_name_directory/extensions")
def delete_users_from_directory(ctx: Context) -> None:
    sid = _site_id(ctx, ctx.query.get("site_id"))
    query = {k: v for k, v in ctx.query.items() if k in ("delete_all", "extension_ids")}
    if sid is not None:
        return site_directory.remove_from_directory(_as_site(ctx, sid, query=query))
    # no site: every directory of the account
    sites = _site_ids(ctx)
    if ctx.query.get("delete_all") is True:
        for s in sites:
            c.delete_items(ctx.conn, s, DIRECTORY_KIND)
        return None
    if ctx.query.get("extension_ids") is None:
        raise c.invalid("extension_ids", "Give extension_ids or delete_all=true.")
    ids = list(dict.fromkeys(v.strip() for v in ctx.query["extension_ids"] if str(v).strip()))
    if not ids:
        raise c.invalid("extension_ids", "Give extension_ids or delete_all=true.")
    entries: dict[str, list[tuple[str, str]]] = {}
    for s in sites:
        for r in c.items_of(ctx.conn, s, DIRECTORY_KIND):
            entries.setdefault((r.details or {}).get("extension_id"), []).append((s, r.id))
    live = set(ctx.conn.execute(select(EXT.c.id).where(
        EXT.c.account_id == ctx.account_id, EXT.c.id.in_([e for e in entries if e]))).scalars())
    for e, where in entries.items():  # entries of extensions deleted since are dropped
        if e not in live:
            for s, item_id in where:
                c.delete_items(ctx.conn, s, DIRECTORY_KIND, [item_id])
    missing = [i for i in ids if i not in live]
    if missing:
        raise ApiError(400, 300, "Validation Failed.", [
            {"field": "extension_ids", "message": f"Extension is not in the directory: {', '.join(missing)}."}])
    for i in ids:
        for s, item_id in entries[i]:
            c.delete_items(ctx.conn, s, DIRECTORY_KIND, [item_id])
    return None
