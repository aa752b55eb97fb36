"""Auto receptionists: details, IVR, phone numbers, policies: providers (HTTP glue).

An auto receptionist (AR) is an ``extensions`` row of type ``autoReceptionist`` in one site.
Every site has a primary (main) AR (``details.primary``), which cannot be deleted. The IVR
is a ``phone_documents`` "ivr" document of the AR: per hours type (business_hours,
closed_hours, holidays[holiday_id]) an audio prompt, the caller-enters-no-action routing and
the key actions by key. Targets are stored by extension id and shown from the current row;
a target deleted since reads as disabled. Policies and shared voicemail access members as for
call queues (phone.call_queues.shared). See docs/phone/call-queues.md.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from .. import common as c
from .. import documents as docs
from ..call_queues import shared as s
from ..documents import example_of

EXT = t.extensions
AR = c.AUTO_RECEPTIONIST
ACCESS_KIND = "ar_voicemail_access"
IVR = "ivr"
HOLIDAYS = "call_handling:holiday_hours"  # the extensions family's holiday document
SITE_HOLIDAYS = "setting:holiday_hours"  # the sites family's (a primary AR's holidays are its site's)
HOURS_TYPES = ("business_hours", "closed_hours")
KEYS = tuple("0123456789") + ("*", "#")

# key action -> the extension types its target must be (None: no extension target)
TARGET_TYPES: dict[int, tuple[str, ...]] = {
    2: (c.USER,), 200: (c.USER,), 3: ("zoomRoom",), 4: (c.COMMON_AREA,), 5: ("interop", "ciscoRoom"),
    6: (AR,), 300: (AR,), 7: (c.CALL_QUEUE,), 400: (c.CALL_QUEUE,), 8: (c.SHARED_LINE_GROUP,),
    500: (c.SHARED_LINE_GROUP,), 16: ("meetingService",),
}
EXTERNAL_TARGETS = {9, 15}  # external contact, contact center: ids outside the extensions table
PHONE_TARGETS = {10, 17}  # forward to a phone number / meeting service number
DIGIT_ACTIONS = {100, 200, 300, 400, 500, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16, 17, -1}
STAR_ACTIONS = {21, 22, 23, -1}
NO_ACTION_ACTIONS = {-1, 2, 4, 5, 6, 7, 8, 15}
DEFAULT_HOURS: dict[str, Any] = {
    "caller_enters_no_action": {"action": -1, "audio_prompt_repeat": 3},
    "key_actions": {"*": {"action": 21}, "#": {"action": 22}},
}
E164 = re.compile(r"^\+?[1-9]\d{3,14}$")


def _ar_id(ctx: Context) -> str:
    return ctx.path["autoReceptionistId"]


def _ar(ctx: Context, missing: ApiError):  # noqa: ANN202
    row = ctx.conn.execute(
        select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == AR, EXT.c.id == _ar_id(ctx))
    ).first()
    if row is None:
        raise missing
    return row


def _missing_numbers_op(ctx: Context) -> ApiError:
    return ApiError(404, 404, f"AutoReceptionist does not exist, AutoReceptionistId: {_ar_id(ctx)}.")


def _missing_ivr(ctx: Context) -> ApiError:
    return ApiError(400, 400, f"Auto Receptionist does not exist: {_ar_id(ctx)}.")


def _missing_policy(ctx: Context) -> ApiError:
    return ApiError(400, 300, f"AutoReceptionist does not exist: {_ar_id(ctx)}.")


_DEFAULTS: dict[str, Any] = {}


def policy_defaults() -> dict[str, Any]:
    if not _DEFAULTS:
        from ...spec import operations

        _DEFAULTS.update(s.clean_defaults(example_of(operations()["getAutoReceptionistPolicy"]),
                                          ("voicemail_access_members",)))
    return _DEFAULTS


def holidays_of(conn, rows: list[Any]) -> dict[str, list[dict[str, Any]]]:  # noqa: ANN001
    """{ar_id: holidays}: the AR's own holiday hours (the extensions family's call handling
    document) and, for a site's primary AR, the site's holidays (the sites family's document)."""
    own = docs.load_many(conn, [r.id for r in rows], HOLIDAYS)
    site_docs = docs.load_many(conn, [r.site_id for r in rows if (r.details or {}).get("primary")], SITE_HOLIDAYS)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        found = list((own.get(r.id) or {}).get("holidays") or [])
        if (r.details or {}).get("primary") and r.site_id:
            found += list((site_docs.get(r.site_id) or {}).get("holidays") or [])
        out[r.id] = [h for h in found if isinstance(h, dict) and h.get("holiday_id")]
    return out


def _summary(ctx: Context, row, numbers: list[dict[str, str]], sites: dict[str, Any],  # noqa: ANN001
             holidays: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "extension_id": row.id, "name": row.name,
                           "phone_numbers": numbers}
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    if row.site_id in sites:
        out["site"] = sites[row.site_id]
    d = s.details_view(row)
    for key in ("cost_center", "department", "timezone", "audio_prompt_language"):
        if key in d:
            out[key] = d[key]
    out["holiday_hours"] = [{"id": h.get("holiday_id"), "name": h.get("name", ""), "from": h.get("from"),
                             "to": h.get("to")} for h in holidays]
    return out


def _numbers(conn, ids: list[str]) -> dict[str, list[dict[str, str]]]:  # noqa: ANN001
    return c.numbers_of(conn, ids)


# --- the auto receptionist ------------------------------------------------------------------------


@provider("GET /phone/auto_receptionists")
def list_auto_receptionists(ctx: Context) -> dict[str, Any]:
    stmt = select(EXT).where(EXT.c.account_id == ctx.account_id, EXT.c.type == AR)
    rows, token, total, size = ctx.page(stmt, EXT.c.pk)
    numbers = _numbers(ctx.conn, [r.id for r in rows])
    sites = c.site_refs(ctx.conn, [r.site_id for r in rows])
    holidays = holidays_of(ctx.conn, rows)
    return {"auto_receptionists": [_summary(ctx, r, numbers[r.id], sites, holidays[r.id]) for r in rows],
            "next_page_token": token, "page_size": size, "total_records": total}


@provider("POST /phone/auto_receptionists")
def add_auto_receptionist(ctx: Context) -> dict[str, Any]:
    data = c.body(ctx)
    name = str(data.get("name") or "").strip()
    if not name:
        raise c.invalid("name", "The name of the auto receptionist is required.")
    site_id = s.site_for(ctx, data.get("site_id"), ApiError(400, 300, f"Site does not exist: {data.get('site_id')}."))
    eid = c.insert_extension(ctx, kind=AR, name=name, site_id=site_id, extension_number=None, details={})
    row = c.find_extension(ctx.conn, ctx.account_id, eid, AR)
    return {"id": eid, "name": name, "extension_number": int(row.extension_number)}


@provider("GET /phone/auto_receptionists/{autoReceptionistId}")
def get_auto_receptionist(ctx: Context) -> dict[str, Any]:
    row = _ar(ctx, ApiError(404, 404, f"AutoReceptionist does not exist: {_ar_id(ctx)}."))
    out = _summary(ctx, row, _numbers(ctx.conn, [row.id])[row.id], c.site_refs(ctx.conn, [row.site_id]),
                   holidays_of(ctx.conn, [row])[row.id])
    d = s.details_view(row)
    for key in ("default_transcription_language", "recording_storage_location"):
        if key in d:
            out[key] = d[key]
    return out


@provider("PATCH /phone/auto_receptionists/{autoReceptionistId}")
def update_auto_receptionist(ctx: Context) -> None:
    row = _ar(ctx, ApiError(400, 300, f"AutoReceptionist does not exist, AutoReceptionistId: {_ar_id(ctx)}"))
    data = c.body(ctx)
    values: dict[str, Any] = {}
    details = dict(row.details or {})
    if "name" in data:
        name = str(data["name"] or "").strip()
        if not name:
            raise c.invalid("name", "The name of the auto receptionist cannot be empty.")
        values["name"] = name
    if data.get("extension_number") is not None:
        raw = data["extension_number"]
        lo, hi = s.EXTENSION_DIGITS
        number = s.extension_number(
            raw, out_of_range=ApiError(400, 300, f"Extension Number must be {lo} to {hi} digits"),
            reserved=ApiError(400, 10001, f"Number {raw} is a reserved extension number."))
        if number != row.extension_number:
            values["extension_number"] = number
    if "timezone" in data and not s.valid_timezone(data["timezone"]):
        raise ApiError(400, 300, f"Time zone is invalid:{data['timezone']}")
    for key in ("timezone", "cost_center", "department", "audio_prompt_language", "default_transcription_language",
                "recording_storage_location"):
        if key in data:
            details[key] = data[key]
    if details != (row.details or {}):
        values["details"] = details
    c.update_extension(ctx, row, conflict=ApiError(
        400, 10001, f"Extension number {values.get('extension_number')} is already used."), **values)
    return None


@provider("DELETE /phone/auto_receptionists/{autoReceptionistId}")
def delete_auto_receptionist(ctx: Context) -> None:
    row = _ar(ctx, ApiError(400, 404, f"AutoReceptionist does not exist: {_ar_id(ctx)}."))
    if (row.details or {}).get("primary"):
        raise ApiError(400, 400, "Unable to delete main Auto receptionist.")
    c.delete_extension(ctx, row)
    return None


# --- IVR ------------------------------------------------------------------------------------------


def _target_view(conn, account_id: str, ext_id: str | None):  # noqa: ANN001, ANN202
    if not ext_id:
        return None
    row = conn.execute(select(EXT.c.id, EXT.c.name, EXT.c.extension_number, EXT.c.type).where(
        EXT.c.account_id == account_id, EXT.c.id == ext_id)).first()
    if row is None:
        return None
    out = {"id": row.id, "extension_id": row.id, "display_name": row.name}
    if row.extension_number is not None:
        out["extension_number"] = str(row.extension_number)
    return out


def _hours_view(ctx: Context, hours: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    prompt = hours.get("audio_prompt")
    if isinstance(prompt, dict):
        out["audio_prompt"] = prompt
    no_action = dict(hours.get("caller_enters_no_action") or DEFAULT_HOURS["caller_enters_no_action"])
    fwd = no_action.pop("forward_to_extension_id", None)
    view: dict[str, Any] = {"action": no_action.get("action", -1),
                            "audio_prompt_repeat": no_action.get("audio_prompt_repeat", 3)}
    if fwd:
        target = _target_view(ctx.conn, ctx.account_id, fwd) if view["action"] != 15 else {
            "id": fwd, "extension_id": fwd}
        if target is None:
            view["action"] = -1  # the target was deleted: the call is disconnected
        else:
            view["forward_to"] = target
    out["caller_enters_no_action"] = view
    actions = []
    stored = hours.get("key_actions") or {}
    for key in KEYS:
        ka = stored.get(key)
        if not isinstance(ka, dict):
            continue
        action = ka.get("action", -1)
        entry: dict[str, Any] = {"key": key, "action": action}
        if ka.get("target_extension_id"):
            if action in EXTERNAL_TARGETS:
                entry["target"] = {"id": ka["target_extension_id"], "extension_id": ka["target_extension_id"]}
            else:
                target = _target_view(ctx.conn, ctx.account_id, ka["target_extension_id"])
                if target is None:
                    actions.append({"key": key, "action": -1})  # the target was deleted: disabled
                    continue
                entry["target"] = target
        if ka.get("phone_number"):
            entry.setdefault("target", {})["phone_number"] = ka["phone_number"]
        if isinstance(ka.get("voicemail_greeting"), dict):
            entry["voicemail_greeting"] = ka["voicemail_greeting"]
        actions.append(entry)
    out["key_actions"] = actions
    return out


@provider("GET /phone/auto_receptionists/{autoReceptionistId}/ivr")
def get_ivr(ctx: Context) -> dict[str, Any]:
    row = _ar(ctx, _missing_ivr(ctx))
    ivr = docs.load(ctx.conn, row.id, IVR)
    holiday_id = ctx.query.get("holiday_id")
    if holiday_id:
        if holiday_id not in {h["holiday_id"] for h in holidays_of(ctx.conn, [row])[row.id]}:
            raise ApiError(400, 400, f"Holiday hours handling does not exist: {holiday_id}.")
        return _hours_view(ctx, (ivr.get("holidays") or {}).get(holiday_id) or DEFAULT_HOURS)
    hours_type = ctx.query.get("hours_type") or "business_hours"
    return _hours_view(ctx, ivr.get(hours_type) or DEFAULT_HOURS)


def _ivr_error(message: str) -> ApiError:
    return ApiError(400, 300, message)


def _extension_target(ctx: Context, ext_id: Any, types: tuple[str, ...], error: ApiError) -> str:
    if not isinstance(ext_id, str) or not ext_id:
        raise error
    row = ctx.conn.execute(select(EXT.c.id).where(EXT.c.account_id == ctx.account_id, EXT.c.id == ext_id,
                                                  EXT.c.type.in_(types))).first()
    if row is None:
        raise error
    return row.id


def _audio(ctx: Context, audio_id: str, error: ApiError) -> dict[str, str]:
    ref = s.audio_ref(ctx.conn, ctx.account_id, audio_id)
    if ref is None:
        raise error
    return {"id": ref.id, "name": ref.name}


@provider("PATCH /phone/auto_receptionists/{autoReceptionistId}/ivr")
def update_ivr(ctx: Context) -> None:
    row = _ar(ctx, _missing_ivr(ctx))
    data = c.body(ctx)
    ivr = docs.load(ctx.conn, row.id, IVR)
    holiday_id = data.get("holiday_id")
    if holiday_id:
        if holiday_id not in {h["holiday_id"] for h in holidays_of(ctx.conn, [row])[row.id]}:
            raise ApiError(400, 400, f"Holiday hours handling does not exist: {holiday_id}.")
        holidays = dict(ivr.get("holidays") or {})
        hours = dict(holidays.get(holiday_id) or DEFAULT_HOURS)
    else:
        hours_type = data.get("hours_type") or "business_hours"
        if hours_type not in HOURS_TYPES:
            raise c.invalid("hours_type", "Hours type must be business_hours or closed_hours.")
        hours = dict(ivr.get(hours_type) or DEFAULT_HOURS)
    hours = {k: (dict(v) if isinstance(v, dict) else v) for k, v in hours.items()}

    if data.get("audio_prompt_id"):
        hours["audio_prompt"] = _audio(ctx, data["audio_prompt_id"],
                                       _ivr_error(f"Audio does not exist: {data['audio_prompt_id']}."))
    no_action = data.get("caller_enters_no_action")
    if isinstance(no_action, dict):
        current = dict(hours.get("caller_enters_no_action") or {})
        action = no_action.get("action", current.get("action", -1))
        if action not in NO_ACTION_ACTIONS:
            raise _ivr_error("The action value set for if caller enters no action after the prompt played is "
                             "not correct.")
        repeat = no_action.get("audio_prompt_repeat", current.get("audio_prompt_repeat"))
        if repeat not in (1, 2, 3):
            raise _ivr_error("The number of times to repeat the audio prompt is required and can not be greater "
                             "than 3.")
        new: dict[str, Any] = {"action": action, "audio_prompt_repeat": repeat}
        if action != -1:
            fwd = no_action.get("forward_to_extension_id") or current.get("forward_to_extension_id")
            err = _ivr_error("The id for noAction to forward to is not correct.")
            if action == 15:
                if not fwd:
                    raise err
                new["forward_to_extension_id"] = fwd
            else:
                new["forward_to_extension_id"] = _extension_target(ctx, fwd, TARGET_TYPES[action], err)
        hours["caller_enters_no_action"] = new
    key_action = data.get("key_action")
    if isinstance(key_action, dict):
        key = key_action.get("key")
        if key not in KEYS:
            raise _ivr_error("The key is not correct: use 0-9, * or #.")
        action = key_action.get("action")
        if action not in (STAR_ACTIONS if key in ("*", "#") else DIGIT_ACTIONS):
            raise _ivr_error("The action value is not correct.")
        target = key_action.get("target") if isinstance(key_action.get("target"), dict) else {}
        entry: dict[str, Any] = {"action": action}
        if action in TARGET_TYPES:
            ext_id = target.get("extension_id")
            entry["target_extension_id"] = _extension_target(
                ctx, ext_id, TARGET_TYPES[action], _ivr_error(f"The target extension does not exist: {ext_id}."))
        elif action in EXTERNAL_TARGETS:
            if not target.get("extension_id"):
                raise _ivr_error("The target extension id is required.")
            entry["target_extension_id"] = str(target["extension_id"])
        elif action in PHONE_TARGETS:
            number = target.get("phone_number")
            if not isinstance(number, str) or not E164.match(number):
                raise _ivr_error("The phone number to forward to is required.")
            entry["phone_number"] = number
        if key_action.get("voicemail_greeting_id"):
            if not 100 <= action <= 500:
                raise _ivr_error("A voicemail greeting applies to the leave-voicemail actions only.")
            entry["voicemail_greeting"] = _audio(ctx, key_action["voicemail_greeting_id"],
                                                 _ivr_error("Voicemail greeting file id is required."))
        actions = dict(hours.get("key_actions") or {})
        actions[key] = entry
        hours["key_actions"] = actions
    if holiday_id:
        holidays[holiday_id] = hours
        ivr["holidays"] = holidays
    else:
        ivr[hours_type] = hours
    docs.store(ctx.conn, ctx.account_id, row.id, IVR, ivr)
    return None


# --- phone numbers --------------------------------------------------------------------------------


@provider("POST /phone/auto_receptionists/{autoReceptionistId}/phone_numbers")
def assign_numbers(ctx: Context) -> None:
    row = _ar(ctx, _missing_numbers_op(ctx))
    items = c.body(ctx).get("phone_numbers")
    keys = [(i.get("id") or i.get("number")) if isinstance(i, dict) else i for i in items or []]
    rows = c.resolve_numbers(ctx, items, missing=ApiError(
        400, 400, f"Phone number does not exist, phonenumberId:{', '.join(str(k) for k in keys)}"))
    s.check_assignable(rows, row, lambda r: ApiError(400, 400, f"phoneNumber is used, phonenumberId:{r.id}"))
    c.assign_numbers(ctx, row, rows)
    return None


@provider("DELETE /phone/auto_receptionists/{autoReceptionistId}/phone_numbers")
def unassign_all_numbers(ctx: Context) -> None:
    row = _ar(ctx, _missing_numbers_op(ctx))
    c.unassign_numbers(ctx, row.id)
    return None


@provider("DELETE /phone/auto_receptionists/{autoReceptionistId}/phone_numbers/{phoneNumberId}")
def unassign_number(ctx: Context) -> None:
    row = _ar(ctx, _missing_numbers_op(ctx))
    number = c.number_of_entity(ctx, row.id, ctx.path["phoneNumberId"])
    if number is None:
        raise ApiError(400, 400, "Phone number does not belong to auto receptionist.")
    c.unassign_numbers(ctx, row.id, [number.id])
    return None


# --- policies -------------------------------------------------------------------------------------


@provider("GET /phone/auto_receptionists/{autoReceptionistId}/policies")
def get_policy(ctx: Context) -> dict[str, Any]:
    row = _ar(ctx, _missing_policy(ctx))
    out = s.policy_view(ctx, row, AR, policy_defaults())
    out["voicemail_access_members"] = [s.access_view_ar(i) for i in c.items_of(ctx.conn, row.id, ACCESS_KIND)]
    return out


@provider("PATCH /phone/auto_receptionists/{autoReceptionistId}/policies")
def update_policy(ctx: Context) -> None:
    row = _ar(ctx, _missing_policy(ctx))
    s.patch_policy(ctx, row, AR, policy_defaults())
    return None


def _policy_target(ctx: Context):  # noqa: ANN202
    row = _ar(ctx, _missing_policy(ctx))
    s.policy_type(ctx, ApiError(400, 300, f"Invalid value for parameter policyType: {ctx.path['policyType']}."))
    return row


def _access_missing(key: str) -> ApiError:
    return ApiError(400, 429, f"User does not exist: {key}.")


@provider("POST /phone/auto_receptionists/{autoReceptionistId}/policies/{policyType}")
def add_policy_setting(ctx: Context) -> dict[str, Any]:
    row = _policy_target(ctx)
    entry = c.body(ctx).get("voicemail_access_member")
    if not isinstance(entry, dict) or not entry:
        raise c.invalid("voicemail_access_member", "The member is required.")
    items = c.items_of(ctx.conn, row.id, ACCESS_KIND)
    if len(items) >= s.MAX_ACCESS_MEMBERS:
        raise ApiError(400, 429, f"You can only add up to {s.MAX_ACCESS_MEMBERS} users to access your voicemail.")
    m, kind = s.access_member(ctx, entry, _access_missing)
    if m.id in {(i.details or {}).get("access_user_id") for i in items}:
        raise ApiError(400, 300, f"{m.name} already has access to the shared voicemail.")
    iid = c.add_item(ctx, row.id, ACCESS_KIND, {
        "access_user_id": m.id, "access_user_type": kind, "allow_download": bool(entry.get("download")),
        "allow_delete": bool(entry.get("delete")), "allow_sharing": False})
    item = c.get_item(ctx.conn, row.id, ACCESS_KIND, iid)
    return {"voicemail_access_member": s.access_view_ar(item)}


@provider("PATCH /phone/auto_receptionists/{autoReceptionistId}/policies/{policyType}")
def update_policy_setting(ctx: Context) -> None:
    row = _policy_target(ctx)
    entry = c.body(ctx).get("voicemail_access_member")
    if not isinstance(entry, dict) or not (entry.get("shared_id") or entry.get("access_user_id")):
        raise c.invalid("voicemail_access_member.shared_id", "The shared_id of the member is required.")
    items = c.items_of(ctx.conn, row.id, ACCESS_KIND)
    item = next((i for i in items if i.id == entry.get("shared_id")), None) if entry.get("shared_id") else next(
        (i for i in items if (i.details or {}).get("access_user_id") == entry.get("access_user_id")), None)
    if item is None:
        key = entry.get("shared_id") or entry.get("access_user_id")
        raise ApiError(400, 300, f"Shared voicemail access member does not exist: {key}.")
    d = dict(item.details or {})
    for src, dst in (("download", "allow_download"), ("delete", "allow_delete"), ("share", "allow_sharing")):
        if src in entry:
            d[dst] = bool(entry[src])
    c.update_item(ctx.conn, item.id, d)
    return None


@provider("DELETE /phone/auto_receptionists/{autoReceptionistId}/policies/{policyType}")
def delete_policy_setting(ctx: Context) -> None:
    row = _policy_target(ctx)
    s.delete_access(ctx, row.id, ACCESS_KIND)
    return None
