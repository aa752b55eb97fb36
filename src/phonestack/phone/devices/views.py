"""Desk phones: the documented shapes, filled from ``devices`` and ``device_assignments`` rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...store import schema as t
from .. import common as c
from .. import documents as docs
from . import queries as q

POLICY_DEFAULTS = {"call_control": {"status": "off"}, "hot_desking": {"status": "off"}}


def assignee_ref(row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"id": row.id, "name": row.name, "extension_type": row.type}
    if row.extension_number is not None:
        out["extension_number"] = int(row.extension_number)
    return out


def device_view(row, assignees: list[Any], sites: dict[str, dict[str, str]], *,  # noqa: ANN001
                detail: bool = False) -> dict[str, Any]:
    d = row.details or {}
    out: dict[str, Any] = {
        "id": row.id, "display_name": row.display_name, "mac_address": row.mac_address,
        "device_type": row.device_type, "status": row.status if row.status in ("online", "offline") else "offline",
        "provision_template_id": d.get("provision_template_id") or d.get("provision_template") or "",
        "policy": docs.merge(POLICY_DEFAULTS, d.get("policy") or {}),
    }
    for key in ("description", "firmware_version", "private_ip", "public_ip"):
        if d.get(key):
            out[key] = str(d[key])
    if assignees:
        out["assignee"] = assignee_ref(assignees[0])
        out["assignees"] = [{**assignee_ref(a), "extension_id": a.id} for a in assignees]
    if row.site_id in sites:
        out["site"] = sites[row.site_id]
    if detail:
        out["provision"] = provision_view(row, assignees)
    return out


def provision_view(row, assignees: list[Any]) -> dict[str, Any]:  # noqa: ANN001
    """Assisted provisioning (a URL) for known brands, manual SIP accounts otherwise; one SIP
    account per assignee (phonestack derives the credentials from the ids: they are stable)."""
    d = row.details or {}
    brand = str(d.get("brand") or row.device_type.split(" ")[0] or "generic").lower()
    ptype = d.get("provision_type") or ("assisted" if brand in ("yealink", "poly", "polycom", "cisco") else "manual")
    out: dict[str, Any] = {"type": ptype}
    if ptype == "assisted":
        out["url"] = f"https://provpp.zoom.us/api/v2/pbx/provisioning/{brand}/{row.mac_address}"
    accounts = []
    for a in assignees:
        ext = str(a.extension_number or "")
        accounts.append({
            "authorization_id": ext, "user_name": ext, "sip_domain": "phonestack.zoom.us",
            "outbound_proxy": "us01.sc.zoom.us:5091", "secondary_outbound_proxy": "us02.sc.zoom.us:5091",
            "password": a.id[:12],
            "shared_line": {"alias": a.name, "line_subscription": {"display_name": a.name,
                                                                    **({"extension_number": int(ext)} if ext else {})}},
        })
    out["sip_accounts"] = accounts
    return out


def line_keys(conn: Connection, device) -> list[dict[str, Any]]:  # noqa: ANN001
    """The device's line key positions: one per assignee; the stored index first (PATCH), the
    others fill the free positions in assignment order."""
    assignees = q.assignees_of(conn, [device.id])[device.id]
    stored: dict[str, int] = {}
    for item in c.items_of(conn, device.id, q.LINE_KEY):
        idet = item.details or {}
        if idet.get("extension_id") and isinstance(idet.get("index"), int):
            stored[idet["extension_id"]] = idet["index"]
    taken = {stored[a.id] for a in assignees if a.id in stored}
    order: list[tuple[int, Any]] = []
    free = (i for i in range(1, len(assignees) + len(taken) + 2) if i not in taken)
    for a in assignees:
        order.append((stored[a.id] if a.id in stored else next(free), a))
    order.sort(key=lambda x: x[0])
    numbers = c.numbers_of(conn, [a.id for a in assignees])
    owner = assignees[0] if assignees else None
    out = []
    for index, a in order:
        nums = numbers.get(a.id) or []
        pos: dict[str, Any] = {
            "index": index, "extension_id": a.id, "display_name": a.name,
            "extension_type": "User" if a.type == c.USER else "CommonArea",
            "outbound_caller_ids": [{"extension_id": a.id, "phone_number": n["number"], "usage_type": "Direct Number"}
                                    for n in nums],
        }
        if a.extension_number is not None:
            pos["extension_number"] = int(a.extension_number)
        if nums:
            pos["phone_number"] = nums[0]["number"]
        if owner is not None:
            pos["owner_extension_name"] = owner.name
            if owner.extension_number is not None:
                pos["owner_extension_number"] = int(owner.extension_number)
        out.append(pos)
    return out


def site_refs_of(conn: Connection, rows: list[Any]) -> dict[str, dict[str, str]]:
    return c.site_refs(conn, [r.site_id for r in rows])


def device_row(conn: Connection, device_id: str):  # noqa: ANN201
    return conn.execute(select(t.devices).where(t.devices.c.id == device_id)).first()
