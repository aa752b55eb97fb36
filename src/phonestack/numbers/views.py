"""Rows -> the JSON the Number Management API answers. One function per resource, shared
by its list and get operations."""

from __future__ import annotations

from typing import Any

from ..store.util import iso
from .queries import ASSIGNEE_TYPES

ADDRESS_KEYS = ("address_line1", "address_line2", "city", "county", "state_code", "country", "zip")
PEERING_DEFAULTS = {
    "voice_msg_capacity": "MULTI_USE",
    "voice_direction": "INBOUND_AND_OUTBOUND",
    "outbound_dialer_not_supported": False,
    "outbound_cli_share_not_supported": False,
    "message_capability": "NOT_APPLICABLE",
}
PEERING_OPTIONAL = ("billing_ref_id", "service_info")
CONSENT_CAPACITY = 999  # how many numbers one SMS consent policy takes
CONSENT_STATUS_KEY = "_status"  # sms_consents has no status column: kept beside in_out_bound


def _address(addr: dict[str, Any] | None) -> dict[str, Any] | None:
    if not addr:
        return None
    out = {k: str(addr[k]) for k in ADDRESS_KEYS if addr.get(k) not in (None, "")}
    return out or None


def assignment(row, detail: bool = False) -> dict[str, Any] | None:  # noqa: ANN001
    """The assigned_list entry of a number row selected with queries.number_select()."""
    if row.assignee_id is None or row.assignee_type is None:
        return None
    out: dict[str, Any] = {"assigned_to_id": row.assignee_id, "assgined_to_name": row.assignee_name}
    kind = ASSIGNEE_TYPES.get(row.assignee_type)
    if kind:
        out["assigned_to_type"] = kind
    if row.assignee_ext is not None:
        out["extension_number"] = str(row.assignee_ext)
    details = row.assignee_details or {}
    if row.allocated_product == "ZOOM_CONTACT_CENTER":
        out["source_channel"] = details.get("source_channel") if details.get("source_channel") in (
            "Voice", "SMS") else "Voice"
    if detail and kind == "MeetingService":
        for key in ("meeting_id", "display_number", "label"):
            if details.get(key):
                out[key] = str(details[key])
        for key in ("greeting", "on_hold_music"):
            audio = details.get(key)
            if isinstance(audio, dict) and audio.get("id"):
                out[key] = {"id": str(audio["id"]), "name": str(audio.get("name") or "")}
    return out


def number_view(row, detail: bool = False) -> dict[str, Any]:  # noqa: ANN001
    """A phone number as List/Get phone numbers show it (``detail`` adds the meeting-service
    attributes that only Get documents)."""
    out: dict[str, Any] = {
        "id": row.id,
        "number": row.number,
        "allocated_product": row.allocated_product,
        "number_type": row.number_type,
        "source": row.source,
        "status": row.status,
        "capability": list(row.capability or []),
    }
    if row.display_name is not None:
        out["display_name"] = row.display_name
    if row.caller_id_name is not None:
        out["caller_id_name"] = row.caller_id_name
    if row.carrier_code is not None:
        out["carrier"] = {"code": int(row.carrier_code), "name": row.carrier_name or ""}
    addr = _address(row.emergency_address)
    if addr:
        out["emergency_address"] = addr
    if row.source == "BYOCPremises" or row.address_update_required:
        out["address_update_required"] = bool(row.address_update_required)
    if row.emergency_address_update_time is not None:
        out["emergency_address_update_time"] = iso(row.emergency_address_update_time)
    if row.site_id is not None:
        out["site"] = {"site_id": row.site_id, "name": row.site_name or ""}
    entry = assignment(row, detail)
    out["assigned_list"] = [entry] if entry else []
    if row.sip_group_id is not None:
        out["sip_group"] = {"id": row.sip_group_id, "name": row.sip_group_name or ""}
    if row.location:
        loc = {k: str(v) for k, v in row.location.items() if k in ("country", "state", "city") and v}
        if loc:
            out["location"] = loc
    return out


def peering_attrs(row) -> dict[str, Any]:  # noqa: ANN001
    """What the carrier set on a cloud-peering number (defaults where it did not)."""
    peering = row.peering or {}
    out: dict[str, Any] = {
        "phone_number": row.number,
        "sip_trunk_name": str(peering.get("sip_trunk_name") or ""),
        "status": bool(peering.get("status", row.status == "Normal")),
        "allocated_product": row.allocated_product,
        "assigned": row.assignee_id is not None,
    }
    for key in PEERING_OPTIONAL:
        if peering.get(key) is not None:
            out[key] = peering[key]
    for key, default in PEERING_DEFAULTS.items():
        out[key] = peering.get(key, default)
    return out


def provider_number_view(row) -> dict[str, Any]:  # noqa: ANN001
    out = peering_attrs(row)
    out["customer_account_name"] = row.customer_account_name
    out["customer_account_number"] = row.account_id
    return out


def campaign_summary(row) -> dict[str, Any]:  # noqa: ANN001
    return {
        "sms_campaign_id": row.id,
        "display_name": row.display_name,
        "status": row.status,
        "brand": {"brand_id": row.brand_id, "name": row.brand_name},
    }


def campaign_view(row, numbers: list[Any]) -> dict[str, Any]:  # noqa: ANN001
    out = campaign_summary(row)
    out["service_type"] = row.service_type
    out["phone_numbers"] = [{"phone_number_id": n.id, "number": n.number} for n in numbers]
    details = row.details or {}
    for key in ("response_to_opt_in", "response_to_opt_out", "response_to_help"):
        if details.get(key):
            out[key] = details[key]
    return out


def consent_in_out_bound(stored: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (stored or {}).items() if k != CONSENT_STATUS_KEY}


def consent_status(stored: dict[str, Any] | None) -> bool:
    return bool((stored or {}).get(CONSENT_STATUS_KEY, True))


def consent_view(row, used: int, detail: bool = True) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "consent_id": row.id,
        "consent_name": row.consent_name,
        "description": row.description or "",
        "account_id": row.account_id,
        "in_out_bound": consent_in_out_bound(row.in_out_bound),
        "status": consent_status(row.in_out_bound),
        "create_time": iso(row.created_at),
        "modify_time": iso(row.updated_at),
        "used_number": used,
    }
    if detail:
        out["capacity"] = CONSENT_CAPACITY
        if row.user_id:
            out["user_id"] = row.user_id
    return out


def port_order_summary(row) -> dict[str, Any]:  # noqa: ANN001
    details = row.details or {}
    out: dict[str, Any] = {
        "order_id": row.order_id,
        "numbers": list(row.numbers or []),
        "status": row.status,
        "replacing_numbers": [
            {"source_number": str(r.get("source_number", "")), "target_number": str(r.get("target_number", ""))}
            for r in details.get("replacing_numbers") or []
        ],
    }
    if details.get("submission_date_time"):
        out["submission_date_time"] = details["submission_date_time"]
    return out


def port_order_view(row) -> dict[str, Any]:  # noqa: ANN001
    out = port_order_summary(row)
    details = row.details or {}
    for key in ("contact_emails", "contact_number", "isp", "printed_name"):
        if details.get(key) is not None:
            out[key] = str(details[key])
    billing = details.get("original_billing_info")
    if isinstance(billing, dict):
        out["original_billing_info"] = billing
    return out


def sip_group_view(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "sip_group_id": row.id,
        "display_name": row.display_name,
        "description": row.description or "",
        "send_sip_group_name": bool(row.send_sip_group_name),
        "source_system": row.source_system,
    }
    if row.sip_trunk_id is not None and row.trunk_name is not None:
        out["sip_trunk"] = {"sip_trunk_id": row.sip_trunk_id, "name": row.trunk_name, "type": "BYOC"}
    return out


def sip_trunk_view(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"sip_trunk_id": row.id, "name": row.name, "source_system": row.source_system}
    for key in ("carrier", "carrier_account", "region", "sbc_label"):
        value = getattr(row, key)
        if value:
            out[key] = value
    return out
