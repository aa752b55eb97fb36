"""Monitoring groups, shared line appearances and smartphones: providers (HTTP glue).

- A monitoring group is a ``phone_items`` row of kind ``monitoring_group`` (owner = the account;
  details: name, type 1-4, prompt, monitoring_privileges, site_id). Its monitors and monitored
  members are ``phone_items`` of kind ``monitor_member`` (owner = the group; details:
  extension_id, member_type monitor|monitored). A member whose extension was deleted since is
  not shown, not counted, and pruned at the group's next write.
- Shared line appearances are derived from the users' delegation (an executive's
  ``delegation_assistant`` members and the privileges of its delegation settings).
- Smartphones are ``phone_items`` of kind ``smartphone`` (owner = the account; details: device
  fields, assignee_id = a common area, site_id).

See docs/phone/rooms-and-monitoring.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from ..users import views as uv

EXT = t.extensions
IT = t.phone_items
GROUP = "monitoring_group"
MEMBER = "monitor_member"
SMARTPHONE = "smartphone"
MEMBER_TYPES = ("monitor", "monitored")
MAX_MEMBERS = 100
PRIVILEGES = ("listen", "whisper", "barge", "take_over")
# Group type -> the extension types it may monitor (1 users & common areas, 2 call queues,
# 3 shared line groups, 4 shared line appearances: their executives, users). Monitors are users.
MONITORED_TYPES: dict[int, tuple[str, ...]] = {
    1: (c.USER, c.COMMON_AREA), 2: (c.CALL_QUEUE,), 3: (c.SHARED_LINE_GROUP,), 4: (c.USER,),
}
MONITOR_TYPES = (c.USER,)
EXTENSION_TYPE = {c.USER: "user", c.CALL_QUEUE: "call_queue", c.SHARED_LINE_GROUP: "shared_line_group",
                  c.COMMON_AREA: "common_area_phone"}
SLA_PRIVILEGES = {1: "place_calls", 2: "answer_calls", 3: "pickup_hold_calls", 8: "reply_to_sms"}


# --- monitoring groups: helpers -------------------------------------------------------------------


def _group(ctx: Context):  # noqa: ANN202
    key = ctx.path["monitoringGroupId"]
    row = c.get_item(ctx.conn, ctx.account_id, GROUP, key)
    if row is None:
        # the operation's documented code for it (404, or 400 for Add members)
        doc = next((e for e in ctx.op.error_codes if "group does not exist" in e.message), None)
        raise ApiError(400, doc.code if doc is not None else 404, "The group does not exist.")
    return row


def _members(conn, group_ids: list[str]) -> dict[str, list[tuple[Any, dict[str, Any]]]]:  # noqa: ANN001
    """{group_id: [(item row, details)]} of members whose extension still exists."""
    out: dict[str, list[tuple[Any, dict[str, Any]]]] = {g: [] for g in group_ids}
    if not group_ids:
        return out
    items = conn.execute(select(IT).where(IT.c.owner_id.in_(group_ids), IT.c.kind == MEMBER)
                         .order_by(IT.c.pk)).all()
    ext_ids = {(r.details or {}).get("extension_id") for r in items} - {None}
    alive = set(conn.execute(select(EXT.c.id).where(EXT.c.id.in_(ext_ids))).scalars()) if ext_ids else set()
    for r in items:
        d = r.details or {}
        if d.get("extension_id") in alive:
            out[r.owner_id].append((r, d))
    return out


def _view(conn, rows: list[Any]) -> list[dict[str, Any]]:  # noqa: ANN001
    members = _members(conn, [r.id for r in rows])
    sites = c.site_refs(conn, [(r.details or {}).get("site_id") for r in rows])
    out = []
    for r in rows:
        d = r.details or {}
        ms = members[r.id]
        item: dict[str, Any] = {
            "id": r.id, "name": d.get("name", ""), "type": int(d.get("type", 1)),
            "prompt": bool(d.get("prompt", False)),
            "monitoring_privileges": [p for p in d.get("monitoring_privileges") or [] if p in PRIVILEGES],
            "monitor_members_count": sum(1 for _, md in ms if md.get("member_type") == "monitor"),
            "monitored_members_count": sum(1 for _, md in ms if md.get("member_type") == "monitored"),
        }
        if d.get("site_id") in sites:
            item["site"] = sites[d["site_id"]]
        out.append(item)
    return out


def _privileges(value: Any) -> list[str]:  # noqa: ANN401
    if not isinstance(value, list) or any(p not in PRIVILEGES for p in value):
        raise ApiError(400, 300, "The privilege does not exist.")
    return list(dict.fromkeys(value))


def _site_id(ctx: Context, value: Any) -> str:  # noqa: ANN401
    site = c.site_row(ctx.conn, ctx.account_id, str(value))
    if site is None:
        raise ApiError(400, 300, f"Site does not exist: {value}.", [{"field": "site_id", "message": "Unknown site."}])
    return site.id


def _member_type(ctx: Context, *, required: bool) -> str | None:
    """``member_type`` (monitor | monitored) from the query, else from a JSON object body. The
    documents name it only in an error message ("Missing 'member_type'."); when the contract
    does not declare the query parameter, a missing value is not an error (``required`` then
    only applies to a contract that declares it)."""
    value = ctx.query.get("member_type")
    if value is None and isinstance(ctx.body, dict):
        value = ctx.body.get("member_type")
    if value is None:
        declared = any(p.name == "member_type" for p in ctx.op.query_params)
        if required and declared:
            raise ApiError(400, 300, "Missing 'member_type'.")
        return None
    if value not in MEMBER_TYPES:
        raise ApiError(400, 300, f"Invalid 'member_type': {value}. Use monitor or monitored.")
    return str(value)


# --- monitoring groups ----------------------------------------------------------------------------


@provider("GET /phone/monitoring_groups")
def list_monitoring_groups(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.account_id == ctx.account_id, IT.c.owner_id == ctx.account_id, IT.c.kind == GROUP)
    rows, token, total, size = ctx.page(stmt, IT.c.pk)
    return {"monitoring_groups": _view(ctx.conn, rows), "next_page_token": token, "page_size": size,
            "total_records": total}


@provider("POST /phone/monitoring_groups")
def create_monitoring_group(ctx: Context) -> dict[str, Any]:
    body = c.body(ctx)
    name = str(body.get("name") or "").strip()
    if not name:
        raise ApiError(400, 300, "Name is required.")
    gtype = body.get("type")
    if gtype is None:
        raise ApiError(400, 300, "Type is required.")
    if gtype not in MONITORED_TYPES:
        raise ApiError(400, 300, "Type should be `1`, `2`, `3` or `4`.")
    if not body.get("site_id"):
        raise ApiError(400, 300, "Site ID is required.")
    site_id = _site_id(ctx, body["site_id"])
    privileges = _privileges(body["monitoring_privileges"]) if "monitoring_privileges" in body else ["listen"]
    gid = c.add_item(ctx, ctx.account_id, GROUP, {
        "name": name, "type": gtype, "prompt": bool(body.get("prompt", False)),
        "monitoring_privileges": privileges, "site_id": site_id,
    })
    return {"id": gid, "name": name}


@provider("GET /phone/monitoring_groups/{monitoringGroupId}")
def get_monitoring_group(ctx: Context) -> dict[str, Any]:
    return _view(ctx.conn, [_group(ctx)])[0]


@provider("PATCH /phone/monitoring_groups/{monitoringGroupId}")
def update_monitoring_group(ctx: Context) -> None:
    group = _group(ctx)
    body = c.body(ctx)
    details = dict(group.details or {})
    if "name" in body:
        name = str(body["name"] or "").strip()
        if not name:
            raise ApiError(400, 300, "Name is required.")
        details["name"] = name
    if "monitoring_privileges" in body:
        details["monitoring_privileges"] = _privileges(body["monitoring_privileges"])
    if "prompt" in body:
        details["prompt"] = bool(body["prompt"])
    if body.get("site_id"):
        details["site_id"] = _site_id(ctx, body["site_id"])
    c.update_item(ctx.conn, group.id, details)
    return None


@provider("DELETE /phone/monitoring_groups/{monitoringGroupId}")
def delete_monitoring_group(ctx: Context) -> None:
    group = _group(ctx)
    c.delete_items(ctx.conn, group.id, MEMBER)
    c.delete_items(ctx.conn, ctx.account_id, GROUP, [group.id])
    return None


# --- members --------------------------------------------------------------------------------------


@provider("GET /phone/monitoring_groups/{monitoringGroupId}/monitor_members")
def list_monitoring_group_members(ctx: Context) -> dict[str, Any]:
    group = _group(ctx)
    mtype = _member_type(ctx, required=True)
    ids = [d["extension_id"] for _, d in _members(ctx.conn, [group.id])[group.id]
           if mtype is None or d.get("member_type") == mtype]
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.id.in_(ids))
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    out = []
    for r in rows:
        item: dict[str, Any] = {"extension_id": r.id, "display_name": r.name}
        if r.extension_number is not None:
            item["extension_number"] = int(r.extension_number)
        if r.type in EXTENSION_TYPE:
            item["extension_type"] = EXTENSION_TYPE[r.type]
        out.append(item)
    return {"members": out, "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/monitoring_groups/{monitoringGroupId}/monitor_members")
def add_monitoring_group_members(ctx: Context) -> None:
    group = _group(ctx)
    mtype = _member_type(ctx, required=True)
    keys = ctx.body if isinstance(ctx.body, list) else []
    if not keys:
        raise c.invalid("body", "At least one extension ID is required.")
    for i, k in enumerate(keys):
        if not isinstance(k, str) or not k.strip():
            raise c.invalid(f"body[{i}]", "The extension ID is required.")
    keys = list(dict.fromkeys(k.strip() for k in keys))
    gtype = int((group.details or {}).get("type", 1))
    found = {r.id: r for r in ctx.conn.execute(
        select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.id.in_(keys))).all()}
    if mtype is None:
        # No member_type (the contract does not declare it yet): monitors are users, so
        # extensions that are all of other types can only be monitored members.
        kinds = {found[k].type for k in keys if k in found}
        mtype = "monitored" if kinds and not kinds & set(MONITOR_TYPES) else "monitor"
    allowed = MONITOR_TYPES if mtype == "monitor" else MONITORED_TYPES.get(gtype, ())
    for k in keys:
        row = found.get(k)
        if row is None or row.type not in allowed:
            raise ApiError(400, 400, f"The member does not exist: {k}.")
    # prune the members whose extension was deleted since, then check duplicates and limits
    current = _members(ctx.conn, [group.id])[group.id]
    stale = [r.id for r in c.items_of(ctx.conn, group.id, MEMBER) if r.id not in {x.id for x, _ in current}]
    if stale:
        c.delete_items(ctx.conn, group.id, MEMBER, stale)
    if {d["extension_id"] for _, d in current} & set(keys):
        raise ApiError(400, 409, f"Cannot create group. '{mtype}' member(s) already exist(s) in current "
                                 "monitoring group.")
    if mtype == "monitored":
        _check_other_groups(ctx, group, gtype, keys)
    have = sum(1 for _, d in current if d.get("member_type") == mtype)
    if have + len(keys) > MAX_MEMBERS:
        what = "monitors" if mtype == "monitor" else "monitored"
        raise ApiError(400, 400, f"The maximum number of {what} is {MAX_MEMBERS}.")
    for k in keys:
        c.add_item(ctx, group.id, MEMBER, {"extension_id": k, "member_type": mtype})
    return None


def _check_other_groups(ctx: Context, group, gtype: int, keys: list[str]) -> None:  # noqa: ANN001
    """An extension is monitored by one monitoring group of a type at most."""
    others = [r for r in ctx.conn.execute(select(IT).where(
        IT.c.account_id == ctx.account_id, IT.c.owner_id == ctx.account_id, IT.c.kind == GROUP,
        IT.c.id != group.id)).all() if int((r.details or {}).get("type", 1)) == gtype]
    if not others:
        return
    members = _members(ctx.conn, [r.id for r in others])
    taken = {d["extension_id"] for ms in members.values() for _, d in ms if d.get("member_type") == "monitored"}
    if taken & set(keys):
        raise ApiError(400, 409, "Cannot create group. 'monitored' member(s) already exist(s) in other "
                                 "monitoring group.")


@provider("DELETE /phone/monitoring_groups/{monitoringGroupId}/monitor_members")
def remove_all_monitoring_group_members(ctx: Context) -> None:
    group = _group(ctx)
    mtype = _member_type(ctx, required=True)
    ids = [r.id for r in c.items_of(ctx.conn, group.id, MEMBER)
           if mtype is None or (r.details or {}).get("member_type") == mtype]
    if ids:
        c.delete_items(ctx.conn, group.id, MEMBER, ids)
    return None


@provider("DELETE /phone/monitoring_groups/{monitoringGroupId}/monitor_members/{memberExtensionId}")
def remove_monitoring_group_member(ctx: Context) -> None:
    group = _group(ctx)
    mtype = _member_type(ctx, required=False)
    key = ctx.path["memberExtensionId"]
    ids = [r.id for r, d in _members(ctx.conn, [group.id])[group.id]
           if d.get("extension_id") == key and (mtype is None or d.get("member_type") == mtype)]
    if not ids:
        raise ApiError(400, 404, f"The member does not exist: {key}.")
    c.delete_items(ctx.conn, group.id, MEMBER, ids)
    return None


# --- shared line appearances ----------------------------------------------------------------------


def _ext_ref(row, with_id: bool) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"name": row.name, "extension_type": "commonArea" if row.type == c.COMMON_AREA else "user"}
    if with_id:
        out["id"] = row.id
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    return out


@provider("GET /phone/shared_line_appearances")
def list_shared_line_appearances(ctx: Context) -> dict[str, Any]:
    m = t.phone_members
    executives = select(m.c.container_id).where(m.c.account_id == ctx.account_id, m.c.role == uv.DELEGATE)
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.id.in_(executives))
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    out = []
    for r in rows:
        delegation = uv.settings_doc(ctx.conn, ctx.account_id, r).get("delegation") or {}
        privileges = delegation.get("privileges") or [1, 2, 3]
        out.append({
            "executive": _ext_ref(r, with_id=False),
            "assistants": [_ext_ref(a, with_id=True) for a in c.members_of(ctx.conn, r.id, uv.DELEGATE)],
            "privileges": [SLA_PRIVILEGES[p] for p in sorted(set(privileges)) if p in SLA_PRIVILEGES],
        })
    return {"shared_line_appearances": out, "next_page_token": token, "page_size": size, "total_records": total}


# --- smartphones ----------------------------------------------------------------------------------


@provider("GET /phone/smartphones")
def list_smartphones(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.account_id == ctx.account_id, IT.c.owner_id == ctx.account_id,
                            IT.c.kind == SMARTPHONE)
    site_filter = ctx.query.get("site_id")  # Zoom's reference filter (not in the documents)
    if site_filter:
        if c.site_row(ctx.conn, ctx.account_id, str(site_filter)) is None:
            raise ApiError(403, 403, f"You do not have permission, because the current site `{site_filter}` does "
                                     "not belong to the target sites.")
        ids = [r.id for r in ctx.conn.execute(stmt).all() if _site_of(ctx, r) == site_filter]
        stmt = stmt.where(IT.c.id.in_(ids))
    rows, token, total, size = ctx.page(stmt, IT.c.pk)
    assignees = {r.id: r for r in ctx.conn.execute(select(EXT).where(
        EXT.c.account_id == ctx.account_id,
        EXT.c.id.in_([(x.details or {}).get("assignee_id") for x in rows if (x.details or {}).get("assignee_id")]),
    )).all()}
    sites = c.site_refs(ctx.conn, [_site_of(ctx, r, assignees) for r in rows])
    out = []
    for r in rows:
        d = r.details or {}
        item: dict[str, Any] = {"smartphone_id": r.id}
        for key in ("device_name", "device_type", "serial_number", "public_ip", "activation_time"):
            if d.get(key):
                item[key] = str(d[key])
        if d.get("activation_status") == "Activated":
            item["activation_status"] = "Activated"
        a = assignees.get(d.get("assignee_id") or "")
        if a is not None:
            ref: dict[str, Any] = {"common_area_id": a.id, "name": a.name}
            if a.extension_number is not None:
                ref["extension_number"] = int(a.extension_number)
            item["assignee"] = ref
        site_id = _site_of(ctx, r, assignees)
        if site_id in sites:
            item["site"] = {"site_id": site_id, "name": sites[site_id]["name"]}
        out.append(item)
    return {"smartphones": out, "next_page_token": token, "page_size": size, "total_records": total}


def _site_of(ctx: Context, row, assignees: dict[str, Any] | None = None) -> str | None:  # noqa: ANN001
    """A smartphone's site: its assignee's (a common area), else the one it was registered in."""
    d = row.details or {}
    aid = d.get("assignee_id")
    if aid:
        a = (assignees or {}).get(aid)
        if a is None and assignees is None:
            a = ctx.conn.execute(select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.id == aid)).first()
        if a is not None and a.site_id:
            return a.site_id
    return d.get("site_id")
