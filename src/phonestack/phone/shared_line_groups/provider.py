"""Shared line groups: details, members, phone numbers, policies: providers (HTTP glue).

A shared line group is an ``extensions`` row of type ``sharedLineGroup`` (its id is also its
extension id); its members are ``phone_members`` rows (users and common areas), its numbers
``phone_numbers.assignee_id``, its policy overrides a ``phone_documents`` "policy" document
(inherited account -> site -> group) and its shared voicemail access members ``phone_items``
of kind ``slg_voicemail_access``. See docs/phone/numbers-slg-extensions.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...providers import provider
from ...store import schema as t
from .. import common as c
from .. import documents as docs

SLG = c.SHARED_LINE_GROUP
MEMBER_KINDS = (c.USER, c.COMMON_AREA)
MAX_MEMBERS_PER_REQUEST = 10  # "You can add a maximum of 10 members at once."
POLICY_TYPES = ("voicemail_access_members",)
ACCESS_KIND = "slg_voicemail_access"
RESERVED_EXTENSIONS = {"911", "933", "988", "112", "999", "000", "110", "119"}
DEFAULTS: dict[str, Any] = {
    "status": "active",
    "timezone": "America/Los_Angeles",
    "audio_prompt_language": "en-US",
    "default_transcription_language": "en-US",
    "recording_storage_location": "US",
    "allow_privacy": False,
}
DETAIL_KEYS = ("description", "timezone", "cost_center", "department", "audio_prompt_language",
               "default_transcription_language", "recording_storage_location", "allow_privacy", "primary_number",
               "own_storage_name")
POLICY_DEFAULTS = {"check_voicemails_over_phone": {"enable": True, "locked": False}}


# --- lookups --------------------------------------------------------------------------------------


def _slg_id(ctx: Context) -> str:
    return ctx.path.get("slgId") or ctx.path["sharedLineGroupId"]


def _slg(ctx: Context):  # noqa: ANN202
    key = _slg_id(ctx)
    row = c.find_extension(ctx.conn, ctx.account_id, key, SLG)
    if row is None:
        doc = ctx.op.error(404)
        if doc is not None:
            raise ApiError(doc.status, 404, doc.message.replace("{sharedLineGroupId}", key))
        raise ApiError(404, 404, f"Shared line group does not exist: {key}.")
    return row


def _check_extension_number(ctx: Context, number: Any) -> int:
    text = str(number)
    if not text.isdigit() or len(text) < 3 or text in RESERVED_EXTENSIONS:
        raise ApiError(400, 409, f"Invalid short number length. Number {text} is a reserved extension number.")
    return int(text)


def _taken(number: int) -> ApiError:
    return ApiError(400, 400, f"Extension number {number} is already used.")


def _summary(row, numbers: list[Any], sites: dict[str, dict[str, str]]) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "id": row.id,
        "extension_id": row.id,
        "display_name": row.name,
        "status": row.status if row.status in ("active", "inactive") else "active",
        "phone_numbers": [{"id": n.id, "number": n.number, "status": "pending" if n.status == "Pending"
                           else "available"} for n in numbers],
    }
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    if row.site_id in sites:
        out["site"] = sites[row.site_id]
    return out


def _numbers(conn, ids: list[str]) -> dict[str, list[Any]]:  # noqa: ANN001
    out: dict[str, list[Any]] = {i: [] for i in ids}
    if ids:
        pn = t.phone_numbers
        for r in conn.execute(select(pn.c.id, pn.c.number, pn.c.status, pn.c.assignee_id)
                              .where(pn.c.assignee_id.in_(ids)).order_by(pn.c.pk)):
            out[r.assignee_id].append(r)
    return out


def _access_view(item) -> dict[str, Any]:  # noqa: ANN001
    d = item.details or {}
    return {"access_user_id": d.get("access_user_id"), "access_user_type": d.get("access_user_type", "user"),
            "allow_download": bool(d.get("allow_download")), "allow_delete": bool(d.get("allow_delete")),
            "allow_sharing": bool(d.get("allow_sharing")), "shared_id": item.id}


# --- the group ------------------------------------------------------------------------------------


@provider("GET /phone/shared_line_groups")
def list_shared_line_groups(ctx: Context) -> dict[str, Any]:
    ext = t.extensions
    stmt = select(ext).where(ext.c.account_id == ctx.account_id, ext.c.type == SLG)
    rows, token, total, size = ctx.page(stmt, ext.c.pk)
    numbers = _numbers(ctx.conn, [r.id for r in rows])
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows])
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "shared_line_groups": [_summary(r, numbers[r.id], sites) for r in rows]}


@provider("POST /phone/shared_line_groups")
def create_shared_line_group(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    name = str(data.get("display_name") or "").strip()
    if not name:
        raise c.invalid("display_name", "The display name is required.")
    site_id = data.get("site_id")
    if site_id:
        if c.site_row(ctx.conn, ctx.account_id, site_id) is None:
            raise ApiError(400, 300, f"Site does not exist: {site_id}.")
    else:
        n_sites = ctx.conn.execute(
            select(func.count()).select_from(t.sites).where(t.sites.c.account_id == ctx.account_id)
        ).scalar_one()
        if nq.options(ctx.conn, ctx.account_id).get("multiple_sites") and n_sites > 1:
            raise c.invalid("site_id", "site_id is required when multiple sites are enabled.")
        main = c.main_site(ctx.conn, ctx.account_id)
        site_id = main.id if main is not None else None
    number = None
    if data.get("extension_number") is not None:
        number = _check_extension_number(ctx, data["extension_number"])
    details = {"description": str(data.get("description") or "")}
    eid = c.insert_extension(ctx, kind=SLG, name=name, site_id=site_id, extension_number=number, details=details,
                             conflict=_taken(number) if number is not None else None)
    return {"id": eid, "display_name": name}


@provider("GET /phone/shared_line_groups/{sharedLineGroupId}")
def get_shared_line_group(ctx: Context) -> dict[str, Any]:
    row = _slg(ctx)
    numbers = _numbers(ctx.conn, [row.id])[row.id]
    out = _summary(row, numbers, c.site_refs(ctx.conn, [row.site_id]))
    out["phone_numbers"] = [{"id": n.id, "number": n.number} for n in numbers]
    details = {**DEFAULTS, **(row.details or {})}
    for key in DETAIL_KEYS:
        if details.get(key) not in (None, "") and key != "primary_number":
            out[key] = details[key]
    primary = details.get("primary_number")
    if primary not in [n.number for n in numbers]:
        primary = numbers[0].number if numbers else None
    if primary:
        out["primary_number"] = primary
    users, areas = [], []
    for m in c.members_of(ctx.conn, row.id):
        entry = {"id": m.id, "name": m.name, "extension_id": m.id}
        (users if m.type == c.USER else areas).append(entry)
    out["members"] = {"users": users, "common_areas": areas}
    out["policy"] = {"voicemail_access_members": [_access_view(i) for i in c.items_of(ctx.conn, row.id, ACCESS_KIND)]}
    return out


@provider("PATCH /phone/shared_line_groups/{slgId}")
def update_shared_line_group(ctx: Context) -> None:
    row = _slg(ctx)
    data = c.body(ctx)
    values: dict[str, Any] = {}
    details = dict(row.details or {})
    if "display_name" in data:
        name = str(data["display_name"]).strip()
        if not name:
            raise c.invalid("display_name", "The display name cannot be empty.")
        values["name"] = name
    if "status" in data:
        values["status"] = data["status"]
    if "extension_number" in data and data["extension_number"] is not None:
        number = _check_extension_number(ctx, data["extension_number"])
        if number != row.extension_number:
            values["extension_number"] = number
    if "primary_number" in data:
        primary = str(data["primary_number"])
        held = {n.number: n for n in _numbers(ctx.conn, [row.id])[row.id]}
        match = held.get(primary) or held.get("+" + primary.lstrip("+"))
        if match is None:
            raise ApiError(400, 300, f"The primary number {primary} is not a phone number of this shared line group.")
        details["primary_number"] = match.number
    for key in DETAIL_KEYS:
        if key in data and key != "primary_number":
            details[key] = data[key]
    if details != (row.details or {}):
        values["details"] = details
    c.update_extension(ctx, row, conflict=_taken(values.get("extension_number", 0)), **values)
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}")
def delete_shared_line_group(ctx: Context) -> None:
    c.delete_extension(ctx, _slg(ctx))
    return None


# --- members --------------------------------------------------------------------------------------


@provider("POST /phone/shared_line_groups/{slgId}/members")
def add_members(ctx: Context) -> None:
    row = _slg(ctx)
    members = c.body(ctx).get("members") or {}
    users = members.get("users") or []
    area_ids = members.get("common_area_ids") or []
    if not users and not area_ids:
        raise c.invalid("members", "At least one member is required.")
    if len(users) + len(area_ids) > MAX_MEMBERS_PER_REQUEST:
        raise c.invalid("members", f"You can add a maximum of {MAX_MEMBERS_PER_REQUEST} members at once.")
    found: list[Any] = []
    for i, u in enumerate(users):
        key = u.get("id") or u.get("email")
        if not key:
            raise c.invalid(f"members.users[{i}]", "Give the user's id or email.")
        m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.USER)
        if m is None:
            raise ApiError(404, 1001, f"User not found: {key}.")
        found.append(m)
    for key in area_ids:
        m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.COMMON_AREA)
        if m is None:
            raise ApiError(404, 404, f"Common area does not exist: {key}.")
        found.append(m)
    pm = t.phone_members
    ext = t.extensions
    elsewhere = {r.member_id: r.name for r in ctx.conn.execute(
        select(pm.c.member_id, ext.c.name).join(ext, ext.c.id == pm.c.container_id)
        .where(pm.c.member_id.in_([m.id for m in found]), pm.c.role == "member", ext.c.type == SLG,
               pm.c.container_id != row.id)
    )}
    for m in found:
        if m.id in elsewhere:
            raise ApiError(400, 300, f"{m.name} is already a member of the shared line group {elsewhere[m.id]}; "
                                     "a member can only be added to one shared line group.")
        if row.site_id and m.site_id != row.site_id:
            raise ApiError(400, 300, f"{m.name} does not belong to the site of the shared line group.")
    c.add_members(ctx, row, found)
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}/members")
def unassign_all_members(ctx: Context) -> None:
    c.remove_members(ctx, _slg(ctx).id)
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}/members/{memberId}")
def unassign_member(ctx: Context) -> None:
    row = _slg(ctx)
    key = ctx.path["memberId"]
    m = c.find_extension(ctx.conn, ctx.account_id, key, MEMBER_KINDS)
    if m is None or not c.remove_members(ctx, row.id, [m.id]):
        raise ApiError(400, 300, f"Member does not exist in this shared line group: {key}.")
    return None


# --- phone numbers --------------------------------------------------------------------------------


def _number_missing() -> ApiError:
    return ApiError(400, 400, "Phone number does not exist")


@provider("POST /phone/shared_line_groups/{slgId}/phone_numbers")
def assign_phone_numbers(ctx: Context) -> None:
    row = _slg(ctx)
    rows = c.resolve_numbers(ctx, c.body(ctx).get("phone_numbers"), missing=_number_missing())
    for r in rows:
        if r.allocated_product != "ZOOM_PHONE":
            raise ApiError(400, 300, f"Phone number {r.number} is not allocated to Zoom Phone.")
    c.assign_numbers(ctx, row, rows, taken=None if not rows else ApiError(
        400, 300, "Phone number is already assigned to another extension: "
        + ", ".join(r.number for r in rows if r.assignee_id not in (None, row.id)) + "."))
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}/phone_numbers")
def unassign_all_phone_numbers(ctx: Context) -> None:
    c.unassign_numbers(ctx, _slg(ctx).id)
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}/phone_numbers/{phoneNumberId}")
def unassign_phone_number(ctx: Context) -> None:
    row = _slg(ctx)
    number = c.number_of_entity(ctx, row.id, ctx.path["phoneNumberId"])
    if number is None:
        raise _number_missing()
    c.unassign_numbers(ctx, row.id, [number.id])
    return None


# --- policies -------------------------------------------------------------------------------------


def _policy_chain(ctx: Context, row) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [("account", ctx.account_id), ("site", row.site_id), ("sharedLineGroup", row.id)]


@provider("GET /phone/shared_line_groups/{sharedLineGroupId}/policies")
def get_policy(ctx: Context) -> dict[str, Any]:
    row = _slg(ctx)
    chain = _policy_chain(ctx, row)
    out = docs.resolve(ctx.conn, chain, "policy", POLICY_DEFAULTS)
    own = docs.load(ctx.conn, row.id, "policy")
    result: dict[str, Any] = {}
    for key in POLICY_DEFAULTS:
        value = dict(out.get(key) or {})
        value["locked"] = bool(value.get("locked_by"))
        value["modified"] = key in own and not value.get("locked_by")
        value.pop("reset", None)
        result[key] = value
    return result


@provider("PATCH /phone/shared_line_groups/{sharedLineGroupId}/policies")
def update_policy(ctx: Context) -> None:
    row = _slg(ctx)
    data = c.body(ctx)
    chain = _policy_chain(ctx, row)
    locked = docs.locked_keys(ctx.conn, chain, "policy")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in POLICY_DEFAULTS or not isinstance(value, dict):
            continue
        if key in locked:
            raise ApiError(400, 300, f"The {key} policy is locked at the {locked[key]} level.")
        # Zoom's example sends {"enable": ..., "reset": true}: reset wins (the account's value).
        changes[key] = {"reset": True} if value.get("reset") is True else {
            k: v for k, v in value.items() if k != "reset"}
    if changes:
        docs.patch(ctx.conn, ctx.account_id, row.id, "policy", changes)
    return None


def _policy_type(ctx: Context) -> str:
    policy_type = ctx.path["policyType"]
    if policy_type not in POLICY_TYPES:
        raise ApiError(400, 300, f"Invalid policy type: {policy_type}. Allowed: {', '.join(POLICY_TYPES)}.")
    return policy_type


def _access_member(ctx: Context, entry: dict[str, Any], i: int):  # noqa: ANN202
    kind = entry.get("access_user_type") or "user"
    key = entry.get("access_user_id")
    if not key:
        raise c.invalid(f"voicemail_access_members[{i}].access_user_id", "The member's id is required.")
    m = c.find_extension(ctx.conn, ctx.account_id, str(key), c.USER if kind == "user" else c.COMMON_AREA)
    if m is None:
        raise ApiError(400, 300, f"{'User' if kind == 'user' else 'Common area'} does not exist: {key}.")
    return m, kind


def _access_list(ctx: Context, slg_id: str) -> dict[str, Any]:
    return {"voicemail_access_members": [_access_view(i) for i in c.items_of(ctx.conn, slg_id, ACCESS_KIND)]}


@provider("POST /phone/shared_line_groups/{slgId}/policies/{policyType}")
def add_policy_setting(ctx: Context) -> dict[str, Any]:
    row = _slg(ctx)
    _policy_type(ctx)
    entries = c.body(ctx).get("voicemail_access_members") or []
    if not entries:
        raise c.invalid("voicemail_access_members", "At least one member is required.")
    have = {(i.details or {}).get("access_user_id") for i in c.items_of(ctx.conn, row.id, ACCESS_KIND)}
    new = []
    for i, entry in enumerate(entries):
        m, kind = _access_member(ctx, entry, i)
        if m.id in have:
            raise ApiError(400, 300, f"{m.name} already has access to the shared voicemail.")
        have.add(m.id)
        new.append({"access_user_id": m.id, "access_user_type": kind,
                    "allow_download": bool(entry.get("allow_download")) and kind == "user",
                    "allow_delete": bool(entry.get("allow_delete")),
                    "allow_sharing": bool(entry.get("allow_sharing"))})
    for d in new:
        c.add_item(ctx, row.id, ACCESS_KIND, d)
    return _access_list(ctx, row.id)


@provider("PATCH /phone/shared_line_groups/{slgId}/policies/{policyType}")
def update_policy_setting(ctx: Context) -> None:
    row = _slg(ctx)
    _policy_type(ctx)
    entries = c.body(ctx).get("voicemail_access_members") or []
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
                d[k] = bool(entry[k]) and not (k == "allow_download" and d.get("access_user_type") == "commonArea")
        updates.append((item.id, d))
    for item_id, d in updates:
        c.update_item(ctx.conn, item_id, d)
    return None


@provider("DELETE /phone/shared_line_groups/{slgId}/policies/{policyType}")
def delete_policy_setting(ctx: Context) -> None:
    row = _slg(ctx)
    _policy_type(ctx)
    # The contract gives this operation no parameter: ``shared_ids`` (Zoom's name) is read from
    # the query when declared, or from a JSON body; without it every access member goes.
    ids = ctx.query.get("shared_ids") or (ctx.body.get("shared_ids") if isinstance(ctx.body, dict) else None)
    if isinstance(ids, str):
        ids = [s for s in ids.split(",") if s]
    if ids:
        have = {i.id for i in c.items_of(ctx.conn, row.id, ACCESS_KIND)}
        missing = [i for i in ids if i not in have]
        if missing:
            raise ApiError(400, 300, f"Shared voicemail access member does not exist: {', '.join(missing)}.")
        c.delete_items(ctx.conn, row.id, ACCESS_KIND, ids)
    else:
        c.delete_items(ctx.conn, row.id, ACCESS_KIND)
    return None
