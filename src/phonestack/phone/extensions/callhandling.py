"""Call handling settings of an extension: the stored documents and their view.

Per extension and setting type one ``phone_documents`` row, section
``call_handling:<business_hours|closed_hours|holiday_hours>``:

* business_hours / closed_hours: ``{"custom_hours": {...}, "call_handling": {...},
  "call_forwarding": {"require_press_1_before_connecting", "call_forwarding_settings": [...]}}``
  (overrides of ``defaults(kind, setting_type)``; business hours only have ``custom_hours``);
* holiday_hours: ``{"holidays": [{"holiday_id", "name", "from", "to", "call_handling": {...},
  "call_forwarding": {...}}]}``.

The GET view lists them as the documents do: ``[{"sub_setting_type", "settings"}]`` per
setting type, and per holiday ``{"holiday_id", "details": [...]}``.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import common as c
from .. import documents as docs

SETTING_TYPES = ("business_hours", "closed_hours", "holiday_hours")
# The extension types the documents say call handling applies to "at this time".
APPLICABLE = (c.USER, c.CALL_QUEUE, c.AUTO_RECEPTIONIST, c.SHARED_LINE_GROUP)
# Call forwarding to external numbers is a user feature.
FORWARDING_KINDS = (c.USER,)


def section(setting_type: str) -> str:
    return f"call_handling:{setting_type}"


def call_handling_defaults(kind: str, setting_type: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "call_not_answer_action": 1,
        "max_wait_time": 30 if setting_type == "business_hours" else 20,
        "ring_mode": "simultaneous",
        "routing": {"action": 1, "connect_to_operator": False, "allow_callers_check_voicemail": False,
                    "require_press_1_before_connecting": False, "play_callee_voicemail_greeting": True},
    }
    if kind == c.USER and setting_type == "business_hours":
        out["busy_routing"] = {"action": 21, "connect_to_operator": False, "allow_callers_check_voicemail": False}
        out["receive_call"] = True
    if kind == c.CALL_QUEUE:
        out.update({
            "max_call_in_queue": 10, "wrap_up_time": 30,
            "call_distribution": {"handle_multiple_calls": False, "ring_duration": 30, "ring_mode": "simultaneous",
                                  "skip_offline_device_phone_number": False},
            "music_on_hold": {"id": "", "name": "Default"},
            "greeting_prompt": {"id": "", "name": "Default"},
        })
    return out


def forwarding_defaults() -> dict[str, Any]:
    return {"require_press_1_before_connecting": False, "call_forwarding_settings": []}


def custom_hours_defaults(kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": 1, "custom_hours_settings": [
        {"weekday": d, "type": 1} for d in range(1, 8)]}
    if kind == c.CALL_QUEUE:
        out["allow_members_to_reset"] = False
    return out


def defaults(kind: str, setting_type: str) -> dict[str, Any]:
    if setting_type == "holiday_hours":
        return {"holidays": []}
    out: dict[str, Any] = {"call_handling": call_handling_defaults(kind, setting_type),
                           "call_forwarding": forwarding_defaults()}
    if setting_type == "business_hours":
        out["custom_hours"] = custom_hours_defaults(kind)
    return out


def load(conn, row, setting_type: str) -> dict[str, Any]:  # noqa: ANN001
    """The effective document (defaults merged with the extension's stored one)."""
    stored = docs.load(conn, row.id, section(setting_type))
    return docs.merge(defaults(row.type, setting_type), stored)


def store(conn, row, setting_type: str, data: dict[str, Any]) -> None:  # noqa: ANN001
    docs.store(conn, row.account_id, row.id, section(setting_type), data)


def holiday(kind: str, name: str, start: str, end: str, holiday_id: str) -> dict[str, Any]:
    return {"holiday_id": holiday_id, "name": name, "from": start, "to": end,
            "call_handling": call_handling_defaults(kind, "holiday_hours"), "call_forwarding": forwarding_defaults()}


def view(conn, row) -> dict[str, Any]:  # noqa: ANN001
    """The Get call handling settings answer for extension ``row``."""
    out: dict[str, Any] = {}
    forwarding = row.type in FORWARDING_KINDS
    for setting_type in ("business_hours", "closed_hours"):
        doc = load(conn, row, setting_type)
        entries = []
        if setting_type == "business_hours":
            entries.append({"sub_setting_type": "custom_hours", "settings": doc["custom_hours"]})
        entries.append({"sub_setting_type": "call_handling", "settings": doc["call_handling"]})
        if forwarding:
            entries.append({"sub_setting_type": "call_forwarding", "settings": doc["call_forwarding"]})
        out[setting_type] = copy.deepcopy(entries)
    holidays = []
    for h in load(conn, row, "holiday_hours")["holidays"]:
        details = [
            {"sub_setting_type": "holiday", "settings": {"name": h["name"], "from": h["from"], "to": h["to"]}},
            {"sub_setting_type": "call_handling", "settings": h.get("call_handling") or {}},
        ]
        if forwarding:
            details.append({"sub_setting_type": "call_forwarding", "settings": h.get("call_forwarding") or {}})
        holidays.append({"holiday_id": h["holiday_id"], "details": copy.deepcopy(details)})
    out["holiday_hours"] = holidays
    return out
