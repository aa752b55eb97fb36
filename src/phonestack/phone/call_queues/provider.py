"""Call queues: details, members and managers, phone numbers, policies: providers (HTTP glue).

A call queue is an ``extensions`` row of type ``callQueue`` (its id is also its extension id)
in one site; members are ``phone_members`` rows (role ``member``: users and common areas, with
``receive_call`` in the link's details; role ``manager``: the queue's managers, shown with
level ``manager``); numbers are ``phone_numbers.assignee_id``; the policy is a "policy"
document inherited account -> site -> queue; shared voicemail access members are
``phone_items`` of kind ``cq_voicemail_access``. See docs/phone/call-queues.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from ..documents import example_of
from . import shared as s

EXT = t.extensions
CQ = c.CALL_QUEUE
MAX_MEMBERS_PER_REQUEST = 10  # "A maximum of 10 members can be added at a time."
MAX_MEMBERS = 50  # phonestack's "maximum number of Call Queue members" ({maxSize})
MAX_NUMBERS_PER_REQUEST = 5  # "Only a maximum of five numbers can be assigned ... at a time."
ACCESS_KIND = "cq_voicemail_access"


def _queue_id(ctx: Context) -> str:
    return ctx.path["callQueueId"]


def _group_missing(ctx: Context, status: int = 400, code: int = 300) -> ApiError:
    return ApiError(status, code, f"The group does not exist, groupId:{_queue_id(ctx)}.")


def _queue(ctx: Context, missing: ApiError | None = None):  # noqa: ANN202
    """The queue of the path (by id, in the caller's account), or the operation's documented
    not-found error."""
    key = _queue_id(ctx)
    row = ctx.conn.execute(
        select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == CQ, EXT.c.id == key)
    ).first()
    if row is None:
        raise missing or ApiError(404, 13000, f"The Call Queue does not exist, callQueueId:{key}.")
    return row


def _policy_defaults() -> dict[str, Any]:
    from ...spec import operations

    return s.clean_defaults(example_of(operations()["getCallQueuePolicy"]))


_DEFAULTS: dict[str, Any] = {}


def policy_defaults() -> dict[str, Any]:
    if not _DEFAULTS:
        _DEFAULTS.update(_policy_defaults())
    return _DEFAULTS


# --- views ----------------------------------------------------------------------------------------


def _summary(row, numbers: list[dict[str, str]], sites: dict[str, dict[str, str]]) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "id": row.id, "extension_id": row.id, "name": row.name,
        "status": row.status if row.status in ("active", "inactive") else "active",
        "phone_numbers": numbers,
    }
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    if row.site_id in sites:
        out["site"] = sites[row.site_id]
    return out


def _managers(conn, queue_id: str) -> set[str]:  # noqa: ANN001
    return {m.id for m in c.members_of(conn, queue_id, role="manager")}


def _member_view(m, managers: set[str], *, listing: bool) -> dict[str, Any]:  # noqa: ANN001
    d = m.member_details or {}
    out: dict[str, Any] = {"id": m.id, "extension_id": m.id, "name": m.name}
    if m.type == c.USER:
        out["level"] = "manager" if m.id in managers and not listing else "user"
        out["receive_call"] = bool(d.get("receive_call", True))
    elif listing:
        out["level"] = "commonArea"
        out["receive_call"] = bool(d.get("receive_call", True))
    return out


# --- members --------------------------------------------------------------------------------------


def _resolve_members(ctx: Context, members: Any) -> list[Any]:
    """The users and common areas named by a ``members`` object, validated before any write."""
    members = members if isinstance(members, dict) else {}
    users = members.get("users") or []
    area_ids = members.get("common_area_ids") or []
    if len(users) + len(area_ids) > MAX_MEMBERS_PER_REQUEST:
        raise ApiError(400, 300, "Exceeded the maximum number to add members per time.")
    found: list[Any] = []
    for i, u in enumerate(users):
        key = (u.get("id") or u.get("email")) if isinstance(u, dict) else None
        if not key:
            raise c.invalid(f"members.users[{i}]", "Give the user's id or email.")
        m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.USER)
        if m is None:
            raise ApiError(404, 1001, f"User not found: {key}.")
        found.append(m)
    for key in area_ids:
        m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.COMMON_AREA)
        if m is None:
            raise ApiError(404, 1001, f"Common area not found: {key}.")
        found.append(m)
    unique: dict[str, Any] = {}
    for m in found:
        unique.setdefault(m.id, m)
    return list(unique.values())


def _add_members(ctx: Context, queue, found: list[Any]) -> None:  # noqa: ANN001
    have = {m.id for m in c.members_of(ctx.conn, queue.id)}
    new = [m for m in found if m.id not in have]
    if len(have) + len(new) > MAX_MEMBERS:
        raise ApiError(400, 412, f"The maximum number of Call Queue members is up to {MAX_MEMBERS}.")
    if new:
        c.add_members(ctx, queue, new, details={m.id: {"receive_call": True} for m in new})


# --- the queue ------------------------------------------------------------------------------------


@provider("GET /phone/call_queues")
def list_call_queues(ctx: Context) -> dict[str, Any]:
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == CQ)
    if ctx.query.get("site_id"):
        stmt = stmt.where(EXT.c.site_id == ctx.query["site_id"])
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    numbers = s.numbers_with_source(ctx.conn, [r.id for r in rows])
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows])
    return {"call_queues": [_summary(r, numbers[r.id], sites) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/call_queues")
def create_call_queue(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    name = str(data.get("name") or "").strip()
    if not name:
        raise c.invalid("name", "The name of the call queue is required.")
    site_id = s.site_for(ctx, data.get("site_id"), ApiError(400, 300, "Site does not exist."))
    number = None
    if data.get("extension_number") is not None:
        number = s.extension_number(
            data["extension_number"],
            out_of_range=ApiError(400, 300, f"{data['extension_number']} is out of range"),
            reserved=ApiError(400, 400, f"Invalid short number length. Number {data['extension_number']} "
                                        "is a reserved extension number."))
    found = _resolve_members(ctx, data.get("members"))
    if len(found) > MAX_MEMBERS:
        raise ApiError(400, 412, f"The maximum number of Call Queue members is up to {MAX_MEMBERS}.")
    details = {k: data[k] for k in ("description", "cost_center", "department") if data.get(k) is not None}
    eid = c.insert_extension(
        ctx, kind=CQ, name=name, site_id=site_id, extension_number=number, details=details,
        conflict=ApiError(400, 400, f"Extension number {number} is already used."),
    )
    queue = c.find_extension(ctx.conn, ctx.account_id, eid, CQ)
    _add_members(ctx, queue, found)
    return {"id": eid, "name": name, "extension_number": int(queue.extension_number), "status": "active"}


@provider("GET /phone/call_queues/{callQueueId}")
def get_call_queue(ctx: Context) -> dict[str, Any]:
    row = _queue(ctx)
    out = _summary(row, s.numbers_with_source(ctx.conn, [row.id])[row.id], c.site_refs(ctx.conn, [row.site_id]))
    out.update(s.details_view(row))
    managers = _managers(ctx.conn, row.id)
    users, areas = [], []
    for m in c.members_of(ctx.conn, row.id):
        (users if m.type == c.USER else areas).append(_member_view(m, managers, listing=False))
    member_ids = {u["id"] for u in users}
    for m in c.members_of(ctx.conn, row.id, role="manager"):  # managers who are not (also) members
        if m.id not in member_ids:
            users.append({"id": m.id, "extension_id": m.id, "name": m.name, "level": "manager",
                          "receive_call": bool((m.member_details or {}).get("receive_call", False))})
    out["members"] = {"users": users, "common_areas": areas}
    out["policy"] = {"voicemail_access_members": [
        s.access_view_cq(i) for i in c.items_of(ctx.conn, row.id, ACCESS_KIND)]}
    return out


@provider("PATCH /phone/call_queues/{callQueueId}")
def update_call_queue(ctx: Context) -> None:
    row = _queue(ctx, ApiError(400, 300, f"The group does not exist, groupId:{_queue_id(ctx)}"))
    data = c.body(ctx)
    values: dict[str, Any] = {}
    details = dict(row.details or {})
    if "name" in data:
        name = str(data["name"] or "").strip()
        if not name:
            raise c.invalid("name", "The name of the call queue cannot be empty.")
        values["name"] = name
    if data.get("status") is not None:
        values["status"] = data["status"]
    if data.get("extension_number") is not None:
        number = s.extension_number(data["extension_number"],
                                    out_of_range=ApiError(400, 300, f"{data['extension_number']} is out of range"))
        if number != row.extension_number:
            values["extension_number"] = number
    if data.get("site_id") and data["site_id"] != row.site_id:
        values["site_id"] = s.site_for(ctx, data["site_id"], ApiError(400, 300, "Site does not exist."))
    if "timezone" in data and not s.valid_timezone(data["timezone"]):
        raise ApiError(400, 300, "Timezone not found in the system.")
    for key in s.DETAIL_KEYS:
        if key in data:
            details[key] = data[key]
    if details != (row.details or {}):
        values["details"] = details
    c.update_extension(ctx, row, conflict=ApiError(
        400, 400, f"Extension number {values.get('extension_number')} is already used."), **values)
    if "site_id" in values:
        s.move_numbers_to_site(ctx, row.id, values["site_id"])
    return None


@provider("DELETE /phone/call_queues/{callQueueId}")
def delete_call_queue(ctx: Context) -> None:
    row = _queue(ctx, _group_missing(ctx, 400, 400))
    c.delete_extension(ctx, row)
    return None


# --- members --------------------------------------------------------------------------------------


@provider("GET /phone/call_queues/{callQueueId}/members")
def list_members(ctx: Context) -> dict[str, Any]:
    row = _queue(ctx)
    pm = t.phone_members
    stmt = (select(EXT, pm.c.details.label("member_details"), pm.c.pk.label("member_pk"))
            .join(pm, pm.c.member_id == EXT.c.id).where(pm.c.container_id == row.id, pm.c.role == "member"))
    rows, token, total, size = ctx.page(stmt, pm.c.pk)
    return {"call_queue_members": [_member_view(m, set(), listing=True) for m in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/call_queues/{callQueueId}/members")
def add_members(ctx: Context) -> None:
    row = _queue(ctx, _group_missing(ctx))
    members = c.body(ctx).get("members")
    if not isinstance(members, dict) or not (members.get("users") or members.get("common_area_ids")):
        raise c.invalid("members", "At least one user or common area is required.")
    _add_members(ctx, row, _resolve_members(ctx, members))
    return None


@provider("DELETE /phone/call_queues/{callQueueId}/members")
def unassign_all_members(ctx: Context) -> None:
    row = _queue(ctx, _group_missing(ctx))
    c.remove_members(ctx, row.id)
    return None


@provider("DELETE /phone/call_queues/{callQueueId}/members/{memberId}")
def unassign_member(ctx: Context) -> None:
    row = _queue(ctx, _group_missing(ctx))
    key = ctx.path["memberId"]
    m = c.find_extension(ctx.conn, ctx.account_id, key, (c.USER, c.COMMON_AREA))
    if m is not None and m.id in _managers(ctx.conn, row.id):
        raise ApiError(400, 400, "Unable to delete manager")
    if m is None or not c.remove_members(ctx, row.id, [m.id]):
        raise ApiError(400, 300, f"The member does not exist in the call queue: {key}.")
    return None


# --- phone numbers --------------------------------------------------------------------------------


@provider("POST /phone/call_queues/{callQueueId}/phone_numbers")
def assign_numbers(ctx: Context) -> None:
    row = _queue(ctx, ApiError(400, 400, f"Call Queue does not exist: {_queue_id(ctx)}."))
    rows = c.resolve_numbers(
        ctx, c.body(ctx).get("phone_numbers"),
        empty=ApiError(400, 400, "Need to specify at least one phone number"),
        max_items=MAX_NUMBERS_PER_REQUEST,
        too_many=ApiError(400, 300, "Only a maximum of five numbers can be assigned to a call queue at a time."),
        missing=None,
    )
    s.check_assignable(rows, row, lambda r: ApiError(
        400, 300, f"Phone number {r.number} is already assigned to another extension."))
    c.assign_numbers(ctx, row, rows)
    return None


@provider("DELETE /phone/call_queues/{callQueueId}/phone_numbers")
def unassign_all_numbers(ctx: Context) -> None:
    row = _queue(ctx, ApiError(400, 300, f"The group does not exist, groupId:{_queue_id(ctx)}"))
    c.unassign_numbers(ctx, row.id)
    return None


@provider("DELETE /phone/call_queues/{callQueueId}/phone_numbers/{phoneNumberId}")
def unassign_number(ctx: Context) -> None:
    row = _queue(ctx, _group_missing(ctx))
    number = c.number_of_entity(ctx, row.id, ctx.path["phoneNumberId"])
    if number is None:
        raise ApiError(404, 404, "Phone number not belong to call queue.")
    c.unassign_numbers(ctx, row.id, [number.id])
    return None


# --- policies -------------------------------------------------------------------------------------


def _validate_policy(ctx: Context):  # noqa: ANN202
    def check(key: str, value: dict[str, Any]) -> None:
        if key == "auto_call_recording":
            for side in ("inbound_audio_notification", "outbound_audio_notification"):
                audio = (value.get(side) or {}).get("recording_start_prompt_audio_id")
                if audio and not s.audio_exists(ctx.conn, ctx.account_id, audio):
                    raise ApiError(400, 13802, f"Audio does not exist: {audio}.")
        if key == "sms_template":
            known = {i.id for i in c.items_of(ctx.conn, ctx.account_id, "sms_template")}
            for entry in value.get("sms_template_list") or []:
                tid = entry.get("sms_template_id") if isinstance(entry, dict) else None
                if tid and tid not in known:
                    raise ApiError(400, 13803, f"SMS template does not exist: {tid}.")
    return check


@provider("GET /phone/call_queues/{callQueueId}/policies")
def get_policy(ctx: Context) -> dict[str, Any]:
    row = _queue(ctx, ApiError(404, 404, f"Call Queue does not exist: {_queue_id(ctx)}."))
    return s.policy_view(ctx, row, "callQueue", policy_defaults())


@provider("PATCH /phone/call_queues/{callQueueId}/policies")
def update_policy(ctx: Context) -> None:
    row = _queue(ctx, ApiError(404, 404, f"Call Queue does not exist: {_queue_id(ctx)}."))
    s.patch_policy(ctx, row, "callQueue", policy_defaults(), _validate_policy(ctx))
    return None


def _policy_target(ctx: Context):  # noqa: ANN202
    row = _queue(ctx)
    s.policy_type(ctx, ApiError(404, 13001, f"Invalid value for parameter {ctx.path['policyType']}."))
    return row


def _access_missing(key: str) -> ApiError:
    return ApiError(400, 300, f"User does not exist: {key}.")


@provider("POST /phone/call_queues/{callQueueId}/policies/{policyType}")
def add_policy_setting(ctx: Context) -> dict[str, Any]:
    row = _policy_target(ctx)
    entries = c.body(ctx).get("voicemail_access_members") or []
    if not entries:
        raise c.invalid("voicemail_access_members", "At least one member is required.")
    items = c.items_of(ctx.conn, row.id, ACCESS_KIND)
    if len(items) + len(entries) > s.MAX_ACCESS_MEMBERS:
        raise ApiError(400, 300, f"You can only add up to {s.MAX_ACCESS_MEMBERS} members to access the "
                                 "shared voicemail.")
    have = {(i.details or {}).get("access_user_id") for i in items}
    new = []
    for entry in entries:
        m, kind = s.access_member(ctx, entry, _access_missing)
        if m.id in have:
            raise ApiError(400, 300, f"{m.name} already has access to the shared voicemail.")
        have.add(m.id)
        new.append({"access_user_id": m.id, "access_user_type": kind,
                    "allow_download": bool(entry.get("allow_download")),
                    "allow_delete": bool(entry.get("allow_delete")),
                    "allow_sharing": bool(entry.get("allow_sharing"))})
    ids = [c.add_item(ctx, row.id, ACCESS_KIND, d) for d in new]
    added = [i for i in c.items_of(ctx.conn, row.id, ACCESS_KIND) if i.id in ids]
    return {"voicemail_access_members": [s.access_view_cq(i) for i in added]}


@provider("PATCH /phone/call_queues/{callQueueId}/policies/{policyType}")
def update_policy_setting(ctx: Context) -> None:
    row = _policy_target(ctx)
    entries = c.body(ctx).get("voicemail_access_members") or []
    if not entries:
        raise c.invalid("voicemail_access_members", "At least one member is required.")
    items = c.items_of(ctx.conn, row.id, ACCESS_KIND)
    by_shared = {i.id: i for i in items}
    by_user = {(i.details or {}).get("access_user_id"): i for i in items}
    updates = []
    for entry in entries:
        item = by_shared.get(entry.get("shared_id")) if entry.get("shared_id") else by_user.get(
            entry.get("access_user_id"))
        if item is None:
            key = entry.get("shared_id") or entry.get("access_user_id")
            raise ApiError(400, 300, f"Shared voicemail access member does not exist: {key}.")
        d = dict(item.details or {})
        for k in ("allow_download", "allow_delete", "allow_sharing"):
            if k in entry:
                d[k] = bool(entry[k])
        updates.append((item.id, d))
    for item_id, d in updates:
        c.update_item(ctx.conn, item_id, d)
    return None


@provider("DELETE /phone/call_queues/{callQueueId}/policies/{policyType}")
def delete_policy_setting(ctx: Context) -> None:
    row = _policy_target(ctx)
    s.delete_access(ctx, row.id, ACCESS_KIND)
    return None
