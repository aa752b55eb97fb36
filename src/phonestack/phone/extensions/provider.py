"""Extension-level call handling settings, inbound block rules and line keys: providers (HTTP glue).

``{extensionId}`` is any ``extensions`` row of the account (user, call queue, auto
receptionist, common area, shared line group, ...). Call handling settings are documents
(see callhandling.py); inbound block rules and line keys are ``phone_items`` of kind
``inbound_block_rule`` / ``line_key`` owned by the extension. See
docs/phone/numbers-slg-extensions.md.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ...http.context import Context
from ...http.errors import ApiError
from ...numbers import queries as nq
from ...providers import provider
from ...store import schema as t
from ...store.util import new_id
from .. import common as c
from .. import documents as docs
from . import callhandling as ch

BLOCK_KIND = "inbound_block_rule"
LINE_KEY_KIND = "line_key"
LINE_KEY_OWNERS = (c.USER, c.COMMON_AREA)
MAX_LINE_KEYS = 100
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
FORWARD_TYPES = ("user", "autoReceptionist", "callQueue", "commonArea")


def _extension(ctx: Context):  # noqa: ANN202
    key = ctx.path["extensionId"]
    row = c.find_extension(ctx.conn, ctx.account_id, key)
    if row is None:
        raise ApiError(404, 404, f"Extension does not exist: {key}.")
    return row


# --- call handling --------------------------------------------------------------------------------


def _call_handling_extension(ctx: Context):  # noqa: ANN202
    row = _extension(ctx)
    if row.type not in ch.APPLICABLE:
        raise ApiError(400, 300, f"Call handling settings are not applicable to this extension type: {row.type}.")
    return row


def _setting_type(ctx: Context) -> str:
    value = ctx.path["settingType"]
    if value not in ch.SETTING_TYPES:
        raise c.invalid("settingType", f"The setting type is one of {', '.join(ch.SETTING_TYPES)}.")
    return value


def _forwarding_allowed(row) -> None:  # noqa: ANN001
    if row.type not in ch.FORWARDING_KINDS:
        raise ApiError(400, 400, "This operation is not supported. Request failed because the **Call Forwarding "
                                 "to External Numbers** feature is not enabled.")


def _e164(value: Any, field: str) -> str:
    if not nq.is_e164(value):
        raise c.invalid(field, "The phone number must be in E.164 format.")
    return value


def _holiday_times(start: Any, end: Any) -> tuple[str, str]:
    try:
        a = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        b = datetime.fromisoformat(str(end).replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, 400, "Invalid holiday from/to time.") from None
    if a >= b:
        raise ApiError(400, 400, "Invalid holiday from/to time.")
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return a.strftime(fmt), b.strftime(fmt)


def _find_holiday(doc: dict[str, Any], holiday_id: Any) -> dict[str, Any]:
    for h in doc["holidays"]:
        if h["holiday_id"] == holiday_id:
            return h
    raise ApiError(404, 404, "Holiday does not exist.")


def _forwarding_block(ctx: Context, row, setting_type: str, doc: dict[str, Any],  # noqa: ANN001
                      settings: dict[str, Any]) -> dict[str, Any]:
    """The call_forwarding object a sub-setting names (holiday_hours: settings.holiday_id)."""
    if setting_type == "holiday_hours":
        return _find_holiday(doc, settings.get("holiday_id")).setdefault("call_forwarding", ch.forwarding_defaults())
    return doc["call_forwarding"]


@provider("GET /phone/extension/{extensionId}/call_handling/settings")
def get_call_handling(ctx: Context) -> dict[str, Any]:
    key = ctx.path["extensionId"]
    row = c.find_extension(ctx.conn, ctx.account_id, key)
    if row is None:
        raise ApiError(404, 404, f"Extension does not exist: {key}")
    if row.type not in ch.APPLICABLE:
        # The operation documents no 400: an extension without call handling settings has none to find.
        raise ApiError(404, 404, f"Call handling settings are not applicable to this extension type: {row.type}.")
    return ch.view(ctx.conn, row)


@provider("POST /phone/extension/{extensionId}/call_handling/settings/{settingType}")
def add_call_handling(ctx: Context) -> dict[str, Any]:
    row = _call_handling_extension(ctx)
    setting_type = _setting_type(ctx)
    data = c.body(ctx)
    sub = data.get("sub_setting_type")
    settings = data.get("settings") or {}
    doc = ch.load(ctx.conn, row, setting_type)
    if sub == "holiday":
        if setting_type != "holiday_hours":
            raise c.invalid("sub_setting_type", "Holidays are added to the holiday_hours setting.")
        name = str(settings.get("name") or "").strip()
        if not name:
            raise c.invalid("settings.name", "The holiday's name is required.")
        if any(h["name"] == name for h in doc["holidays"]):
            raise ApiError(400, 300, f"A holiday named {name} already exists.")
        start, end = _holiday_times(settings.get("from"), settings.get("to"))
        hid = new_id()
        doc["holidays"].append(ch.holiday(row.type, name, start, end, hid))
        ch.store(ctx.conn, row, setting_type, doc)
        return {"holiday_id": hid}
    if sub == "call_forwarding":
        _forwarding_allowed(row)
        block = _forwarding_block(ctx, row, setting_type, doc, settings)
        entry = {"id": new_id(), "enable": True,
                 "phone_number": _e164(settings.get("phone_number"), "settings.phone_number"),
                 "description": str(settings.get("description") or "")}
        if any(e.get("phone_number") == entry["phone_number"] for e in block["call_forwarding_settings"]):
            raise ApiError(400, 300, f"The phone number {entry['phone_number']} is already a forwarding number.")
        block["call_forwarding_settings"].append(entry)
        ch.store(ctx.conn, row, setting_type, doc)
        return {"call_forwarding_id": entry["id"]}
    raise c.invalid("sub_setting_type", "The sub-setting type is call_forwarding or holiday.")


def _custom_hours(doc: dict[str, Any], settings: dict[str, Any], kind: str) -> None:
    block = doc["custom_hours"]
    if "type" in settings:
        block["type"] = settings["type"]
    days = {d["weekday"]: d for d in block.get("custom_hours_settings") or []}
    for entry in settings.get("custom_hours_settings") or []:
        day = entry.get("weekday")
        if day is None:
            raise c.invalid("settings.custom_hours_settings.weekday", "The weekday is required.")
        new = {**days.get(day, {"weekday": day}), **{k: v for k, v in entry.items()
                                                      if k in ("type", "from", "to")}}
        if new.get("type") == 2:
            start, end = new.get("from"), new.get("to")
            if not (isinstance(start, str) and isinstance(end, str) and HHMM.match(start) and HHMM.match(end)
                    and start < end):
                raise ApiError(400, 400, f"Invalid customer hours from/to time for weekday: {day}.")
        else:
            new.pop("from", None)
            new.pop("to", None)
        days[day] = new
    block["custom_hours_settings"] = [days[d] for d in sorted(days)]
    if "allow_members_to_reset" in settings:
        if kind != c.CALL_QUEUE:
            raise c.invalid("settings.allow_members_to_reset", "Only call queues let members reset their hours.")
        block["allow_members_to_reset"] = settings["allow_members_to_reset"]


def _ref(ctx: Context, key: str, field: str, self_row=None) -> dict[str, Any]:  # noqa: ANN001
    """An extension reference ({display_name, extension_id, extension_number, extension_type, id})."""
    target = c.find_extension(ctx.conn, ctx.account_id, str(key))
    if target is None:
        raise ApiError(404, 404, f"Extension does not exist: {key}.")
    if self_row is not None and target.id == self_row.id:
        raise ApiError(400, 400, "You cannot assign yourself as the operator.")
    out: dict[str, Any] = {"display_name": target.name, "extension_id": target.id, "id": target.id}
    if target.extension_number is not None:
        out["extension_number"] = int(target.extension_number)
    if target.type in FORWARD_TYPES:
        out["extension_type"] = target.type
    return out


def _audio(ctx: Context, audio_id: str) -> dict[str, str]:
    a = t.audio_items
    name = ctx.conn.execute(select(a.c.name).where(a.c.account_id == ctx.account_id, a.c.id == audio_id)).scalar()
    return {"id": audio_id, "name": name or ("Default" if audio_id in ("", "0") else "")}


# body field -> (object, key) of the stored call_handling block
_ROUTING_FLAGS = {
    "connect_to_operator": "connect_to_operator",
    "allow_callers_check_voicemail": "allow_callers_check_voicemail",
    "overflow_play_callee_voicemail_greeting": "overflow_play_callee_voicemail_greeting",
    "play_callee_voicemail_greeting": "play_callee_voicemail_greeting",
    "un_answered_require_press_1_before_connecting": "require_press_1_before_connecting",
}
_BUSY_FLAGS = {
    "busy_require_press_1_before_connecting": "require_press_1_before_connecting",
    "busy_play_callee_voicemail_greeting": "busy_play_callee_voicemail_greeting",
}
_PLAIN = ("max_call_in_queue", "wrap_up_time", "receive_call", "allow_members_to_reset")
_AUDIO = {"greeting_prompt_id": "greeting_prompt", "music_on_hold_id": "music_on_hold",
          "audio_while_connecting_id": "audio_while_connecting"}
_ROUTING_AUDIO = {"voicemail_greeting_id": "voicemail_greeting", "message_greeting_id": "message_greeting",
                  "voicemail_leaving_instruction_id": "voicemail_leaving_instruction"}


def _call_handling(ctx: Context, row, block: dict[str, Any], settings: dict[str, Any],  # noqa: ANN001
                   setting_type: str) -> None:
    if row.type == c.USER and setting_type == "business_hours" and (
            ("ring_mode" in settings) != ("max_wait_time" in settings)):
        raise ApiError(400, 400, "The user business hours ring mode and max wait time need to be set together.")
    routing = block.setdefault("routing", {})
    busy = block.setdefault("busy_routing", {}) if any(k.startswith("busy_") for k in settings) else None
    for key in ("ring_mode", "max_wait_time", *_PLAIN):
        if key in settings:
            block[key] = settings[key]
    if "call_distribution" in settings:
        block["call_distribution"] = docs.merge(block.get("call_distribution") or {}, settings["call_distribution"])
    if "call_not_answer_action" in settings:
        block["call_not_answer_action"] = routing["action"] = settings["call_not_answer_action"]
    if settings.get("forward_to_extension_id"):
        routing["forward_to"] = _ref(ctx, settings["forward_to_extension_id"], "forward_to_extension_id")
    if settings.get("phone_number"):
        routing["forward_to"] = {"phone_number": _e164(settings["phone_number"], "settings.phone_number"),
                                 "description": str(settings.get("description") or "")}
    if settings.get("operator_extension_id"):
        routing["operator"] = _ref(ctx, settings["operator_extension_id"], "operator_extension_id", self_row=row)
    for src, dst in _ROUTING_FLAGS.items():
        if src in settings:
            routing[dst] = settings[src]
    for src, dst in _AUDIO.items():
        if src in settings:
            block[dst] = _audio(ctx, str(settings[src]))
    for src, dst in _ROUTING_AUDIO.items():
        if src in settings:
            routing[dst] = _audio(ctx, str(settings[src]))
    if busy is not None:
        if "busy_on_another_call_action" in settings:
            busy["action"] = settings["busy_on_another_call_action"]
        if settings.get("busy_forward_to_extension_id"):
            busy["forward_to"] = _ref(ctx, settings["busy_forward_to_extension_id"], "busy_forward_to_extension_id")
        if settings.get("busy_phone_number"):
            busy["forward_to"] = {"phone_number": _e164(settings["busy_phone_number"], "settings.busy_phone_number"),
                                  "description": str(settings.get("busy_description") or "")}
        for src, dst in _BUSY_FLAGS.items():
            if src in settings:
                busy[dst] = settings[src]
    if "voicemail_leaving_instruction_id" in settings:
        if not routing.get("connect_to_operator") and not routing.get("allow_callers_check_voicemail"):
            raise ApiError(400, 400, "Since 'Allow callers to reach an operator' and 'Allow callers to check "
                                     "voicemail' are disabled, you can't update the voicemail leaving instruction.")
        if routing.get("action") != 1 and (block.get("busy_routing") or {}).get("action") != 1:
            raise ApiError(400, 400, "The forwarding of busy on another call and the forwarding of unanswered calls "
                                     "both are not 'Forward to voicemail/videomail', so you can't update the "
                                     "voicemail leaving instruction.")


def _call_forwarding(block: dict[str, Any], settings: dict[str, Any]) -> None:
    if "require_press_1_before_connecting" in settings:
        block["require_press_1_before_connecting"] = settings["require_press_1_before_connecting"]
    entries = {e["id"]: e for e in block["call_forwarding_settings"]}
    for i, change in enumerate(settings.get("call_forwarding_settings") or []):
        fid = change.get("id")
        if fid not in entries:
            raise ApiError(404, 404, f"Call forwarding does not exist: {fid}.")
        entry = entries[fid]
        if "phone_number" in change:
            entry["phone_number"] = _e164(change["phone_number"], f"settings.call_forwarding_settings[{i}].phone_number")
        for key in ("enable", "description"):
            if key in change:
                entry[key] = change[key]
        contact = change.get("external_contact")
        if isinstance(contact, dict) and contact.get("external_contact_id"):
            entry["external_contact"] = {"external_contact_id": contact["external_contact_id"]}


@provider("PATCH /phone/extension/{extensionId}/call_handling/settings/{settingType}")
def update_call_handling(ctx: Context) -> None:
    row = _call_handling_extension(ctx)
    setting_type = _setting_type(ctx)
    data = c.body(ctx)
    sub = data.get("sub_setting_type")
    settings = data.get("settings") or {}
    doc = ch.load(ctx.conn, row, setting_type)
    if sub == "custom_hours":
        if setting_type != "business_hours":
            raise c.invalid("sub_setting_type", "Custom hours belong to the business_hours setting.")
        _custom_hours(doc, settings, row.type)
    elif sub == "call_handling":
        if setting_type == "holiday_hours":
            block = _find_holiday(doc, settings.get("holiday_id")).setdefault(
                "call_handling", ch.call_handling_defaults(row.type, setting_type))
        else:
            block = doc["call_handling"]
        _call_handling(ctx, row, block, settings, setting_type)
    elif sub == "call_forwarding":
        _forwarding_allowed(row)
        _call_forwarding(_forwarding_block(ctx, row, setting_type, doc, settings), settings)
    elif sub == "holiday":
        if setting_type != "holiday_hours":
            raise c.invalid("sub_setting_type", "Holidays belong to the holiday_hours setting.")
        h = _find_holiday(doc, settings.get("holiday_id"))
        if "name" in settings:
            name = str(settings["name"]).strip()
            if not name:
                raise c.invalid("settings.name", "The holiday's name cannot be empty.")
            h["name"] = name
        if "from" in settings or "to" in settings:
            h["from"], h["to"] = _holiday_times(settings.get("from", h["from"]), settings.get("to", h["to"]))
    else:
        raise c.invalid("sub_setting_type", "The sub-setting type is custom_hours, call_handling, call_forwarding "
                                            "or holiday.")
    ch.store(ctx.conn, row, setting_type, doc)
    return None


@provider("DELETE /phone/extension/{extensionId}/call_handling/settings/{settingType}")
def delete_call_handling(ctx: Context) -> None:
    row = _call_handling_extension(ctx)
    setting_type = _setting_type(ctx)
    doc = ch.load(ctx.conn, row, setting_type)
    forwarding_id = ctx.query.get("call_forwarding_id")
    holiday_id = ctx.query.get("holiday_id")
    if forwarding_id:
        if setting_type == "holiday_hours":
            blocks = [h.get("call_forwarding") or {} for h in doc["holidays"]
                      if not holiday_id or h["holiday_id"] == holiday_id]
        else:
            blocks = [doc["call_forwarding"]]
        for block in blocks:
            entries = block.get("call_forwarding_settings") or []
            kept = [e for e in entries if e.get("id") != forwarding_id]
            if len(kept) != len(entries):
                block["call_forwarding_settings"] = kept
                break
        else:
            raise ApiError(404, 404, f"Call forwarding does not exist: {forwarding_id}.")
    elif holiday_id and setting_type == "holiday_hours":
        _find_holiday(doc, holiday_id)
        doc["holidays"] = [h for h in doc["holidays"] if h["holiday_id"] != holiday_id]
    else:
        raise c.invalid("call_forwarding_id" if setting_type != "holiday_hours" else "holiday_id",
                        "Name the entry to delete.")
    ch.store(ctx.conn, row, setting_type, doc)
    return None


# --- inbound block rules --------------------------------------------------------------------------


def _block_list_enabled(ctx: Context, row) -> None:  # noqa: ANN001
    policy = docs.resolve(ctx.conn, [("account", ctx.account_id), ("site", row.site_id), ("extension", row.id)],
                          "policy", {})
    setting = policy.get("block_list_for_inbound_calls_and_messaging")
    if isinstance(setting, dict) and setting.get("enable") is False:
        raise ctx.error(13600)


def _rule_view(item) -> dict[str, Any]:  # noqa: ANN001
    d = item.details or {}
    out = {"id": item.id, "match_type": d.get("match_type"), "type": d.get("type"),
           "blocked_number": d.get("blocked_number")}
    if d.get("country"):
        out["country"] = d["country"]
    if d.get("phone_number"):
        out["phone_number"] = d["phone_number"]
    return out


@provider("GET /phone/extension/{extensionId}/inbound_blocked/rules")
def list_block_rules(ctx: Context) -> dict[str, Any]:
    row = _extension(ctx)
    it = t.phone_items
    stmt = select(it).where(it.c.owner_id == row.id, it.c.kind == BLOCK_KIND)
    rows, token, total, size = ctx.page(stmt, it.c.pk)
    return {"next_page_token": token, "page_size": size, "total_records": total,
            "extension_blocked_rules": [_rule_view(r) for r in rows]}


def block_rule_details(ctx: Context, data: dict[str, Any], *, extension_level: bool = True) -> dict[str, Any]:
    """The validated ``details`` of an inbound block rule (extension or account level):
    {match_type, type, blocked_number, country?, phone_number?}. Documented errors: 7015 (bad
    number), 400 "Invalid country.", 13604 (number of another country), 13606 (extension level:
    SMS short codes cannot be threats)."""
    match_type, kind = data["match_type"], data["type"]
    blocked = str(data["blocked_number"]).strip()
    details: dict[str, Any] = {"match_type": match_type, "type": kind}
    if match_type == "SMS-shortCodes":
        if kind == "block_as_threat" and extension_level:
            raise ctx.error(13606, message=f"The match type:{match_type} does not support the type:{kind} "
                                           "in extension level.")
        if not blocked.isdigit() or not 3 <= len(blocked) <= 8:
            raise ctx.error(7015, message=f"The phone number {blocked} is invalid.")
    else:
        country = str(data.get("country") or "").upper()
        if country not in nq.COUNTRIES:
            raise ctx.error(400, message="Invalid country.")
        code = nq.COUNTRIES[country][0]
        if blocked.startswith("+"):
            if not blocked[1:].startswith(code):
                raise ctx.error(13604, message=f"Blocked number:{blocked} does not match the country:{country}.")
            blocked = blocked[1 + len(code):]
        if not blocked.isdigit() or not (1 if match_type == "prefix" else 4) <= len(blocked) <= 14 or (
                match_type == "phoneNumber" and not nq.is_e164(f"+{code}{blocked}")):
            raise ctx.error(7015, message=f"The phone number {blocked} is invalid.")
        details.update(country=country, phone_number=f"+{code}{blocked}")
    details["blocked_number"] = blocked
    return details


def same_block_rule(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two block rules' details block the same number (match type, number, country)."""
    return (a.get("match_type"), a.get("blocked_number"), a.get("country")) == (
        b.get("match_type"), b.get("blocked_number"), b.get("country"))


@provider("POST /phone/extension/{extensionId}/inbound_blocked/rules")
def add_block_rule(ctx: Context) -> dict[str, Any]:
    row = _extension(ctx)
    details = block_rule_details(ctx, c.body(ctx))
    _block_list_enabled(ctx, row)
    for item in c.items_of(ctx.conn, row.id, BLOCK_KIND):
        if same_block_rule(item.details or {}, details):
            raise ctx.error(13601, message=f"Blocked phone number already exists:{details['blocked_number']}.")
    return {"id": c.add_item(ctx, row.id, BLOCK_KIND, details)}


@provider("DELETE /phone/extension/{extensionId}/inbound_blocked/rules")
def delete_block_rules(ctx: Context) -> None:
    row = _extension(ctx)
    _block_list_enabled(ctx, row)
    # The contract declares no parameter: ``blocked_rule_id`` (Zoom's name) is read from the
    # query when declared, or from a JSON body; without it every rule of the extension goes.
    rule_id = ctx.query.get("blocked_rule_id") or (ctx.body.get("blocked_rule_id") if isinstance(ctx.body, dict)
                                                   else None)
    if rule_id:
        if c.get_item(ctx.conn, row.id, BLOCK_KIND, str(rule_id)) is None:
            raise ApiError(404, 404, f"Blocked rule does not exist: {rule_id}.")
        c.delete_items(ctx.conn, row.id, BLOCK_KIND, [str(rule_id)])
    else:
        c.delete_items(ctx.conn, row.id, BLOCK_KIND)
    return None


# --- line keys ------------------------------------------------------------------------------------


def _line_key_extension(ctx: Context):  # noqa: ANN202
    row = _extension(ctx)
    if row.type not in LINE_KEY_OWNERS:
        # 400 (code 300); 404 where the operation documents no 400 (the GET): there are no line keys to find.
        status = 400 if 400 in ctx.op.responses else 404
        raise ApiError(status, 300 if status == 400 else 404,
                       f"Line keys are available for users and common areas, not {row.type}.")
    return row


@provider("GET /phone/extension/{extensionId}/line_keys")
def get_line_keys(ctx: Context) -> dict[str, Any]:
    row = _line_key_extension(ctx)
    items = sorted(c.items_of(ctx.conn, row.id, LINE_KEY_KIND), key=lambda i: (i.details or {}).get("index", 0))
    targets = {(i.details or {}).get("extension_id") for i in items} - {None}
    ext = t.extensions
    rows = {r.id: r for r in ctx.conn.execute(select(ext).where(ext.c.id.in_(targets)))} if targets else {}
    numbers = c.numbers_of(ctx.conn, rows)
    keys = []
    for item in items:
        d = item.details or {}
        assignment: dict[str, Any] = {}
        target = rows.get(d.get("extension_id"))
        if target is not None:
            assignment.update(display_name=target.name, extension_id=target.id)
            if target.extension_number is not None:
                assignment["extension_number"] = str(target.extension_number)
            if numbers.get(target.id):
                assignment["phone_number"] = numbers[target.id][0]["number"]
        for k in ("retrieval_code", "speed_dial_number"):
            if d.get(k):
                assignment[k] = d[k]
        key: dict[str, Any] = {"line_key_id": item.id, "index": d.get("index"), "type": d.get("type"),
                               "key_assignment": assignment}
        for k in ("alias", "outbound_caller_id"):
            if d.get(k):
                key[k] = d[k]
        keys.append(key)
    return {"line_keys": keys}


@provider("PATCH /phone/extension/{extensionId}/line_keys")
def update_line_keys(ctx: Context) -> None:
    row = _line_key_extension(ctx)
    entries = c.body(ctx).get("line_keys") or []
    items = {i.id: dict(i.details or {}) for i in c.items_of(ctx.conn, row.id, LINE_KEY_KIND)}
    by_index = {d.get("index"): iid for iid, d in items.items()}
    new: dict[str, dict[str, Any]] = {}
    changed: set[str] = set()
    for i, entry in enumerate(entries):
        kid = entry.get("line_key_id")
        if kid:
            if kid not in items:
                raise ApiError(400, 300, f"Line key ID does not exist: {kid}.")
            d = items[kid]
        elif entry.get("index") in by_index and by_index[entry["index"]] not in changed:
            kid = by_index[entry["index"]]
            d = items[kid]
        else:
            if entry.get("index") is None or not entry.get("type"):
                raise c.invalid(f"line_keys[{i}]", "A new line key needs its index and type.")
            kid = new_id()
            d = items[kid] = new[kid] = {}
        changed.add(kid)
        for k in ("index", "type", "alias", "outbound_caller_id"):
            if k in entry:
                d[k] = entry[k]
        assignment = entry.get("key_assignment") or {}
        if assignment.get("extension_id"):
            target = c.find_extension(ctx.conn, ctx.account_id, str(assignment["extension_id"]))
            if target is None:
                raise ApiError(400, 300, f"Extension does not exist: {assignment['extension_id']}.")
            d["extension_id"] = target.id
        for k in ("retrieval_code", "speed_dial_number"):
            if k in assignment:
                d[k] = assignment[k]
        _check_line_key(d, row)
    indexes = [d.get("index") for d in items.values()]
    dupes = sorted({i for i in indexes if indexes.count(i) > 1})
    if dupes:
        raise ApiError(400, 300, f"Line key position {dupes[0]} is used by more than one line key.")
    if len(items) > MAX_LINE_KEYS:
        raise ApiError(400, 300, f"An extension has at most {MAX_LINE_KEYS} line keys.")
    for kid in changed:
        if kid in new:
            c.add_item(ctx, row.id, LINE_KEY_KIND, items[kid], item_id=kid)
        else:
            c.update_item(ctx.conn, kid, items[kid])
    return None


def _check_line_key(d: dict[str, Any], row) -> None:  # noqa: ANN001
    index, kind = d.get("index"), d.get("type")
    if not isinstance(index, int) or isinstance(index, bool) or not 1 <= index <= MAX_LINE_KEYS:
        raise c.invalid("line_keys.index", f"The position is between 1 and {MAX_LINE_KEYS}.")
    if len(str(d.get("alias") or "")) > 32:
        raise c.invalid("line_keys.alias", "The alias can be up to 32 characters in length.")
    if kind == "speed_dial" and not d.get("speed_dial_number"):
        raise ApiError(400, 300, f"Line key type is invalid: {kind} (a speed dial number is required).")
    if kind == "call_park" and not d.get("retrieval_code"):
        raise ApiError(400, 300, f"Line key type is invalid: {kind} (a retrieval code is required).")
    if kind == "blf" and not d.get("extension_id"):
        raise ApiError(400, 300, f"Line key type is invalid: {kind} (an extension is required).")
    if kind == "line" and not d.get("extension_id"):
        d["extension_id"] = row.id


@provider("DELETE /phone/extension/{extensionId}/line_keys/{lineKeyId}")
def delete_line_key(ctx: Context) -> None:
    row = _line_key_extension(ctx)
    key = ctx.path["lineKeyId"]
    if not c.delete_items(ctx.conn, row.id, LINE_KEY_KIND, [key]):
        raise ApiError(400, 300, f"Line key ID does not exist: {key}.")
    return None
