"""Rows -> the JSON of the account-level Phone API operations (one function per resource,
shared by its list and get operations). Number Management's views are reused where the Phone
API shows the same shape (port orders)."""

from __future__ import annotations

from typing import Any


def caller_id_view(row) -> dict[str, Any]:  # noqa: ANN001
    """A customized outbound caller ID number (a caller_id_numbers row joined with its
    phone_numbers row, the number's assignee and site: see queries.caller_id_select())."""
    caps = list(row.capability or [])
    out: dict[str, Any] = {
        "customize_id": row.id,
        "phone_number_id": row.phone_number_id,
        "phone_number": row.number,
        "display_name": row.display_name or "",
        "incoming": "Incoming" in caps,
        "outgoing": "Outgoing" in caps,
    }
    if row.assignee_id is not None:
        out["extension_id"] = row.assignee_id
        out["extension_type"] = row.assignee_type or ""
        if row.assignee_ext is not None:
            out["extension_number"] = str(row.assignee_ext)
        out["extension_name"] = row.assignee_name or ""
    if row.number_site_id is not None:
        out["site"] = {"id": row.number_site_id, "name": row.site_name or ""}
    return out


def peering_view(row, *, customer: bool = False) -> dict[str, Any]:  # noqa: ANN001
    """A cloud-peering number as the Phone API's peering operations show it: the attributes the
    carrier set (phone_numbers.peering, as Number Management stores them), status and assigned
    as 0/1."""
    peering = row.peering or {}
    out: dict[str, Any] = {
        "phone_number": row.number,
        "sip_trunk_name": str(peering.get("sip_trunk_name") or ""),
        "status": 1 if peering.get("status", row.status == "Normal") else 0,
        "assigned": 1 if row.assignee_id is not None else 0,
    }
    if peering.get("billing_ref_id") is not None:
        out["billing_reference_id"] = str(peering["billing_ref_id"])
    if peering.get("service_info") is not None:
        out["service_info"] = str(peering["service_info"])
    if customer:
        out["customer_account_name"] = row.customer_account_name
        out["customer_account_number"] = row.account_id
    return out


def sip_group_view(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "id": row.id,
        "display_name": row.display_name,
        "description": row.description or "",
        "send_sip_group_name": bool(row.send_sip_group_name),
    }
    if row.sip_trunk_id is not None and row.trunk_name is not None:
        out["sip_trunk"] = {"id": row.sip_trunk_id, "name": row.trunk_name}
    return out


def sip_trunk_view(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"id": row.id, "name": row.name}
    for key in ("carrier", "carrier_account", "region", "sbc_label"):
        value = getattr(row, key)
        if value:
            out[key] = value
    return out


def template_summary(row) -> dict[str, Any]:  # noqa: ANN001
    return {"id": row.id, "name": row.name, "type": row.type, "description": row.description or ""}


TEMPLATE_SECTIONS = ("policy", "profile", "user_settings")


def template_view(row) -> dict[str, Any]:  # noqa: ANN001
    out = template_summary(row)
    settings = (row.details or {}).get("settings") or {}
    for key in TEMPLATE_SECTIONS:
        out[key] = settings.get(key) or {}
    return out



