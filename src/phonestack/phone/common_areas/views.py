"""Common areas: the documented shapes, filled from ``extensions`` rows of type commonArea and
what is attached to them (numbers, calling plans, devices, documents, items)."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...countries import COUNTRIES
from ...spec import operations
from ...store import schema as t
from .. import common as c
from .. import documents as docs
from ..devices import queries as dq

PN = t.phone_numbers
EXTERNAL_SOURCES = ("BYOCCloud", "BYOCPremises", "ThirdPartyNumber")
_META = ("locked", "locked_by", "modified")
_DEFAULTS: dict[str, Any] = {}

# settingType -> the document section of GET/POST/PATCH/DELETE .../settings/{settingType}
SETTING_TYPES = ("desk_phone", "holiday_hours", "custom_hours")
HOLIDAYS = "setting:holiday_hours"
CUSTOM_HOURS = "setting:business_hours"  # the sites family's section: a site's business hours
CUSTOM_HOURS_DEFAULT = {"custom_hour_type": 1, "custom_hours": []}


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _META and k != "forward_to"}
    return value


def policy_defaults() -> dict[str, Any]:
    """The documented ``policy`` example of Get common area details, without locks and sample ids."""
    if "policy" not in _DEFAULTS:
        ex = docs.example_of(operations()["getCommonAreaDetails"]).get("policy") or {}
        _DEFAULTS["policy"] = {k: _strip(v) for k, v in ex.items()}
    return copy.deepcopy(_DEFAULTS["policy"])


def chain(account_id: str, row) -> list[tuple[str, str | None]]:  # noqa: ANN001
    return [("account", account_id), ("site", row.site_id), ("commonArea", row.id)]


def resolved_policy(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    policy = docs.resolve(conn, chain(account_id, row), "policy", policy_defaults())
    own = docs.load(conn, row.id, "policy")
    for key, value in policy.items():
        if isinstance(value, dict) and key in own and "locked_by" not in value:
            value["modified"] = True
    return policy


def numbers_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Nested ``phone_numbers`` with display name and source (internal: Zoom numbers; external:
    BYOC and carrier numbers)."""
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(select(PN.c.id, PN.c.number, PN.c.display_name, PN.c.source, PN.c.assignee_id)
                        .where(PN.c.assignee_id.in_(ids)).order_by(PN.c.pk))
    for r in rows:
        item = {"id": r.id, "number": r.number, "source": "external" if r.source in EXTERNAL_SOURCES else "internal"}
        if r.display_name:
            item["display_name"] = r.display_name
        out[r.assignee_id].append(item)
    return out


def plans_of(conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Calling plans with the billing account's and subscription's names when set."""
    plans = c.calling_plans_of(conn, ids)
    billing = {p.get("billing_account_id") for ps in plans.values() for p in ps} - {None}
    names: dict[str, str] = {}
    if billing:
        names = dict(conn.execute(select(t.billing_accounts.c.id, t.billing_accounts.c.name)
                                  .where(t.billing_accounts.c.id.in_(billing))).all())
    for ps in plans.values():
        for p in ps:
            if p.get("billing_account_id") in names:
                p["billing_account_name"] = names[p["billing_account_id"]]
    return plans


def desk_phone_ref(row) -> dict[str, Any]:  # noqa: ANN001
    return {"id": row.id, "display_name": row.display_name, "device_type": row.device_type,
            "status": row.status if row.status in ("online", "offline") else "offline"}


def status_of(devices: list[Any]) -> str:
    """A common area is online when one of its desk phones is."""
    return "online" if any(d.status == "online" for d in devices) else "offline"


def list_items(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    ids = [r.id for r in rows]
    plans = plans_of(conn, ids)
    numbers = numbers_of(conn, ids)
    devices = dq.devices_of(conn, ids)
    sites = c.site_refs(conn, [r.site_id for r in rows])
    out = []
    for r in rows:
        item: dict[str, Any] = {
            "id": r.id, "display_name": r.name, "calling_plans": plans[r.id], "phone_numbers": numbers[r.id],
            "desk_phones": [desk_phone_ref(d) for d in devices[r.id]], "status": status_of(devices[r.id]),
        }
        if r.extension_number is not None:
            item["extension_number"] = int(r.extension_number)
        if r.site_id in sites:
            item["site"] = sites[r.site_id]
        out.append(item)
    return out


def emergency_address(conn: Connection, account_id: str, row) -> dict[str, Any] | None:  # noqa: ANN001
    """The address chosen by PATCH (emergency_address_id), else the default address of the site."""
    ea = t.emergency_addresses
    found = None
    chosen = (row.details or {}).get("emergency_address_id")
    if chosen:
        found = conn.execute(select(ea).where(ea.c.account_id == account_id, ea.c.id == chosen)).first()
    if found is None and row.site_id:
        found = conn.execute(select(ea).where(ea.c.account_id == account_id, ea.c.site_id == row.site_id,
                                              ea.c.owner_id.is_(None), ea.c.is_default.is_(True))
                             .order_by(ea.c.pk).limit(1)).first()
    if found is None:
        return None
    d = found.details or {}
    out: dict[str, Any] = {"id": found.id, "country": found.country, "status": int(found.status)}
    for key in ("address_line1", "address_line2", "city", "state_code", "zip"):
        if d.get(key) is not None:
            out[key] = str(d[key])
    return out


def details(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    d = row.details or {}
    site = c.site_row(conn, account_id, row.site_id) if row.site_id else None
    numbers = numbers_of(conn, [row.id])[row.id]
    out: dict[str, Any] = {
        "id": row.id, "display_name": row.name, "calling_plans": plans_of(conn, [row.id])[row.id],
        "phone_numbers": numbers, "cost_center": d.get("cost_center") or "", "department": d.get("department") or "",
        "default_transcription_language": d.get("default_transcription_language") or "en-US",
        "policy": resolved_policy(conn, account_id, row),
    }
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    if site is not None:
        out["site"] = {"id": site.id, "name": site.name}
    area = d.get("area_code")
    if area is None and site is not None:
        prefix = str((site.details or {}).get("prefix") or "")
        area = prefix[2:5] if prefix.startswith("+1") else ""
    if area:
        out["area_code"] = str(area)
    country = d.get("country_iso_code") or (site.country if site is not None else None)
    if country in COUNTRIES:
        out["country"] = {"code": country, "country_code": COUNTRIES[country][0], "name": COUNTRIES[country][1]}
    if d.get("timezone"):
        out["timezone"] = d["timezone"]
    address = emergency_address(conn, account_id, row)
    if address is not None:
        out["emergency_address"] = address
    caller = d.get("outbound_caller_id") or (numbers[0]["number"] if numbers else None)
    out["outbound_caller_ids"] = [{"is_default": n["number"] == caller, "name": "Direct Number", "number": n["number"]}
                                  for n in numbers]
    return out


def holidays(conn: Connection, account_id: str, row) -> list[dict[str, Any]]:  # noqa: ANN001
    doc = docs.resolve(conn, chain(account_id, row), HOLIDAYS, {"holidays": []})
    return list(doc.get("holidays") or [])


def custom_hours(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    return docs.resolve(conn, chain(account_id, row), CUSTOM_HOURS, CUSTOM_HOURS_DEFAULT)


def settings(conn: Connection, account_id: str, row) -> dict[str, Any]:  # noqa: ANN001
    phones = []
    for dev in dq.devices_of(conn, [row.id])[row.id]:
        dd = dev.details or {}
        policy = (dev.assignment or {}).get("policy") or {}
        item = {**desk_phone_ref(dev), "mac_address": dev.mac_address,
                "hot_desking": {"status": (policy.get("hot_desking") or {}).get("status")
                                or ((dd.get("policy") or {}).get("hot_desking") or {}).get("status") or "off"}}
        for key in ("private_ip", "public_ip"):
            if dd.get(key):
                item[key] = str(dd[key])
        phones.append(item)
    return {"desk_phones": phones, "holiday_hours": holidays(conn, account_id, row),
            "custom_hours_settings": custom_hours(conn, account_id, row)}
