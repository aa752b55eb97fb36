"""Group call pickup: providers (HTTP glue).

A group is a ``phone_items`` row of kind ``call_pickup_group`` owned by the account
(``details``: display_name, site_id, extension_number, description, delay,
directed_call_pickup, cost_center, department, play_incoming_calls_sound); its id is also its
``extension_id``. Members are ``phone_items`` of kind ``call_pickup_member`` owned by the group
(``details.extension_id``: a user or common area of the account). A member whose extension
was deleted since is not shown nor counted (read-time filter); deleting the group deletes its
member rows. See docs/phone/restrictions-and-pickup.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context, Response
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from ..call_queues.shared import extension_number
from ..sites.outbound_calling import page_list

GROUP = "call_pickup_group"
MEMBER = "call_pickup_member"
MEMBER_TYPES = (c.USER, c.COMMON_AREA)
DELAYS = (0, 5, 10, 15)
DURATIONS = (0, 1, 3, 5)
RING_TONES = ("ringtone_1", "ringtone_2", "ringtone_3")
NAME_LENGTH = (3, 200)
MAX_DESCRIPTION = 1000
MAX_TEXT = 255  # cost center, department
MAX_MEMBERS = 100  # per group (phonestack's bound)
EXT = t.extensions
IT = t.phone_items


def _missing() -> ApiError:
    return ApiError(404, 404, "Group call pickup does not exist.")


def _group(ctx: Context):  # noqa: ANN202
    row = c.get_item(ctx.conn, ctx.account_id, GROUP, ctx.path["groupId"])
    if row is None:
        raise _missing()
    return row


# --- members -------------------------------------------------------------------------------------


def _members(conn, account_id: str, group_ids: list[str]) -> dict[str, list[tuple[Any, Any]]]:  # noqa: ANN001
    """{group_id: [(member item, extension row)]} of the members whose extension still exists."""
    out: dict[str, list[tuple[Any, Any]]] = {g: [] for g in group_ids}
    if not group_ids:
        return out
    items = conn.execute(select(IT).where(IT.c.owner_id.in_(group_ids), IT.c.kind == MEMBER).order_by(IT.c.pk)).all()
    ids = {(i.details or {}).get("extension_id") for i in items} - {None}
    exts = {r.id: r for r in conn.execute(select(EXT).where(EXT.c.account_id == account_id, EXT.c.id.in_(ids)))} \
        if ids else {}
    for i in items:
        ext = exts.get((i.details or {}).get("extension_id"))
        if ext is not None:
            out[i.owner_id].append((i, ext))
    return out


def _member_rows(ctx: Context, ids: Any, group_id: str | None, field: str = "member_extension_ids") -> list[Any]:
    """The extensions named by ``ids`` (users or common areas of the account, in no other
    group), validated whole before anything is written."""
    if not isinstance(ids, list) or not ids:
        raise c.invalid(field, "At least one member extension ID is required.")
    rows, seen = [], set()
    for i, key in enumerate(ids):
        if not isinstance(key, str) or not key:
            raise c.invalid(f"{field}[{i}]", "Give the extension ID of a user or common area.")
        row = c.find_extension(ctx.conn, ctx.account_id, key)
        if row is None:
            raise ApiError(400, 300, f"Extension does not exist: {key}.")
        if row.type not in MEMBER_TYPES:
            raise ApiError(400, 300, f"Only users and common areas can be members of a group call pickup: {key}.")
        if row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    # one group per member
    groups = [g.id for g in c.items_of(ctx.conn, ctx.account_id, GROUP)]
    held = {ext.id: item.owner_id for g, members in _members(ctx.conn, ctx.account_id, groups).items()
            for item, ext in members}
    for row in rows:
        other = held.get(row.id)
        if other is not None and other != group_id:
            raise ApiError(400, 300, f"Extension {row.id} is already a member of another group call pickup.")
    return rows


def _add_members(ctx: Context, group_id: str, rows: list[Any]) -> int:
    have = {ext.id for _i, ext in _members(ctx.conn, ctx.account_id, [group_id])[group_id]}
    new = [r for r in rows if r.id not in have]
    if len(have) + len(new) > MAX_MEMBERS:
        raise ApiError(400, 300, f"A group call pickup can have up to {MAX_MEMBERS} members.")
    for r in new:
        c.add_item(ctx, group_id, MEMBER, {"extension_id": r.id})
    return len(new)


# --- groups --------------------------------------------------------------------------------------


def _sound(d: dict[str, Any]) -> dict[str, Any]:
    s = {"enable": False, "ring_tone": "ringtone_1", "duration": 0, **(d.get("play_incoming_calls_sound") or {})}
    return s if s["enable"] else {"enable": False}


def _view(row, members: list[Any], sites: dict[str, dict[str, str]], *, full: bool) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    out: dict[str, Any] = {"id": row.id, "display_name": d.get("display_name", ""), "extension_id": row.id}
    if d.get("extension_number") is not None:
        out["extension_number"] = int(d["extension_number"])
    out["member_count"] = len(members)
    for key in ("description", "cost_center", "department"):
        if d.get(key):
            out[key] = d[key]
    out["delay"] = int(d.get("delay", 0))
    out["directed_call_pickup"] = bool(d.get("directed_call_pickup", False))
    if d.get("site_id") in sites:
        out["site"] = sites[d["site_id"]]
    if full:
        out["play_incoming_calls_sound"] = _sound(d)
    return out


def _taken_numbers(ctx: Context, group_id: str | None) -> set[int]:
    used = set(ctx.conn.execute(select(EXT.c.extension_number).where(
        EXT.c.account_id == ctx.account_id, EXT.c.extension_number.is_not(None))).scalars())
    for g in c.items_of(ctx.conn, ctx.account_id, GROUP):
        n = (g.details or {}).get("extension_number")
        if g.id != group_id and n is not None:
            used.add(int(n))
    return used


def _details(ctx: Context, data: dict[str, Any], current: dict[str, Any] | None = None,
             group_id: str | None = None) -> dict[str, Any]:
    """The validated group: ``data`` over ``current``. Nothing is written here."""
    d = dict(current or {})
    if "display_name" in data or current is None:
        name = data.get("display_name")
        lo, hi = NAME_LENGTH
        if not isinstance(name, str) or not lo <= len(name.strip()) <= hi:
            raise c.invalid("display_name", f"Display name must be in the range of {lo} to {hi}.")
        d["display_name"] = name.strip()
    if current is None:
        site = c.site_row(ctx.conn, ctx.account_id, str(data.get("site_id") or ""))
        if site is None:
            raise c.invalid("site_id", f"Site does not exist: {data.get('site_id')}.")
        d["site_id"] = site.id
    if data.get("description") is not None:
        if len(data["description"]) > MAX_DESCRIPTION:
            raise c.invalid("description", "Description is too long.")
        d["description"] = data["description"]
    for key in ("cost_center", "department"):
        if data.get(key) is not None:
            if len(data[key]) > MAX_TEXT:
                raise c.invalid(key, f"The {key.replace('_', ' ')} can be up to {MAX_TEXT} characters.")
            d[key] = data[key]
    if data.get("delay") is not None:
        if data["delay"] not in DELAYS:
            raise c.invalid("delay", "Delay must be in the range of 0 to 15.")
        d["delay"] = data["delay"]
    d.setdefault("delay", 0)
    if data.get("directed_call_pickup") is not None:
        d["directed_call_pickup"] = bool(data["directed_call_pickup"])
    d.setdefault("directed_call_pickup", False)
    sound = {"enable": False, "ring_tone": "ringtone_1", "duration": 0, **(d.get("play_incoming_calls_sound") or {})}
    new_sound = data.get("play_incoming_calls_sound")
    if isinstance(new_sound, dict):
        if new_sound.get("duration") is not None and new_sound["duration"] not in DURATIONS:
            raise c.invalid("play_incoming_calls_sound.duration", "Duration must be in the range of 0 to 5.")
        if new_sound.get("ring_tone") is not None and new_sound["ring_tone"] not in RING_TONES:
            raise c.invalid("play_incoming_calls_sound.ring_tone", "The ring tone is ringtone_1, 2 or 3.")
        sound.update({k: v for k, v in new_sound.items() if k in ("enable", "ring_tone", "duration") and v is not None})
    d["play_incoming_calls_sound"] = sound
    if data.get("extension_number") is not None:
        bad = ApiError(400, 300, "Validation Failed. Extension number error.")
        number = extension_number(data["extension_number"], out_of_range=bad)
        if number in _taken_numbers(ctx, group_id):
            raise ApiError(400, 300, f"Validation Failed. Extension number error. {number} is already in use.")
        d["extension_number"] = number
    elif current is None:
        used, n = _taken_numbers(ctx, None), 1000
        while n in used:
            n += 1
        d["extension_number"] = n
    return d


@provider("GET /phone/group_call_pickup")
def list_groups(ctx: Context) -> dict[str, Any]:
    stmt = select(IT).where(IT.c.account_id == ctx.account_id, IT.c.owner_id == ctx.account_id, IT.c.kind == GROUP)
    rows, token, total, size = ctx.page(stmt, IT.c.pk)
    members = _members(ctx.conn, ctx.account_id, [r.id for r in rows])
    sites = c.site_refs(ctx.conn, [(r.details or {}).get("site_id") for r in rows])
    return {"group_call_pickup": [_view(r, members[r.id], sites, full=False) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/group_call_pickup")
def add_group(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    details = _details(ctx, data)
    rows = _member_rows(ctx, data["member_extension_ids"], None) if data.get("member_extension_ids") else []
    gid = c.add_item(ctx, ctx.account_id, GROUP, details)
    _add_members(ctx, gid, rows)
    return {"id": gid, "display_name": details["display_name"]}


@provider("GET /phone/group_call_pickup/{groupId}")
def get_group(ctx: Context) -> dict[str, Any]:
    row = _group(ctx)
    members = _members(ctx.conn, ctx.account_id, [row.id])[row.id]
    return _view(row, members, c.site_refs(ctx.conn, [(row.details or {}).get("site_id")]), full=True)


@provider("PATCH /phone/group_call_pickup/{groupId}")
def update_group(ctx: Context) -> None:
    row = _group(ctx)
    c.update_item(ctx.conn, row.id, _details(ctx, c.body(ctx), dict(row.details or {}), row.id))


@provider("DELETE /phone/group_call_pickup/{groupId}")
def delete_group(ctx: Context) -> None:
    row = _group(ctx)
    c.delete_items(ctx.conn, row.id, MEMBER)
    c.delete_items(ctx.conn, ctx.account_id, GROUP, [row.id])


@provider("GET /phone/group_call_pickup/{groupId}/members")
def list_members(ctx: Context) -> dict[str, Any]:
    row = _group(ctx)
    members = _members(ctx.conn, ctx.account_id, [row.id])[row.id]
    page, token, total, size = page_list(ctx, members)
    return {"group_call_pickup_member": [
        {"id": ext.id, "display_name": ext.name, "extension_id": ext.id, "extension_type": ext.type,
         **({"extension_number": int(ext.extension_number)} if ext.extension_number is not None else {})}
        for _item, ext in page], "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/group_call_pickup/{groupId}/members")
def add_members(ctx: Context) -> None:
    row = _group(ctx)
    rows = _member_rows(ctx, c.body(ctx).get("member_extension_ids"), row.id)
    # rows of members whose extension is gone are dropped now (they are not shown anyway)
    live = {item.id for item, _ext in _members(ctx.conn, ctx.account_id, [row.id])[row.id]}
    stale = [i.id for i in c.items_of(ctx.conn, row.id, MEMBER) if i.id not in live]
    if stale:
        c.delete_items(ctx.conn, row.id, MEMBER, stale)
    _add_members(ctx, row.id, rows)
    return Response(201, None)


@provider("DELETE /phone/group_call_pickup/{groupId}/members/{extensionId}")
def remove_member(ctx: Context) -> None:
    row = _group(ctx)
    key = ctx.path["extensionId"]
    items = [item.id for item, ext in _members(ctx.conn, ctx.account_id, [row.id])[row.id]
             if key in (ext.id, str(ext.extension_number))]
    if not items:
        raise ApiError(400, 404, "Member does not exist.")
    c.delete_items(ctx.conn, row.id, MEMBER, items)
