"""A ``phone_numbers`` row as the Phone API shows it (List phone numbers / Get a phone number).

The rows are the Number Management inventory; this module only maps its values to the Phone
API's vocabulary: ``number_type`` toll|tollfree, ``source`` internal|external, ``status``
pending|available, ``capability`` incoming|outgoing, ``assignee {id, name, extension_number,
type}``, ``site {id, name}``, ``sip_group {id, display_name}``, ``carrier {code?, name}``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...numbers import queries as q
from ...numbers.views import ADDRESS_KEYS
from ...store import schema as t
from ...store.util import iso

PN = t.phone_numbers

# Phone API capability names of the inventory's capabilities (the others are not shown).
CAPABILITIES = {"Incoming": "incoming", "Outgoing": "outgoing"}
# The inventory's extension types that the Phone API's ``assignee.type`` names differently.
ASSIGNEE_TYPE = {"commonAreaPhone": "commonArea", "zoomRoom": "commonArea"}
# assignee.type enumerations of the two operations (Get lacks sharedLineGroup).
LIST_ASSIGNEE_TYPES = {"user", "callQueue", "autoReceptionist", "commonArea", "emergencyNumberPool",
                       "companyLocation", "meetingService", "sharedLineGroup"}
GET_ASSIGNEE_TYPES = LIST_ASSIGNEE_TYPES - {"sharedLineGroup"}


def number_select():  # noqa: ANN201
    """The Number Management select (site, SIP group, assignee joined) plus the carrier of the
    SIP group's trunk, for BYOC numbers added without a carrier name."""
    return q.number_select().add_columns(t.sip_trunks.c.carrier.label("trunk_carrier")).outerjoin(
        t.sip_trunks, t.sip_trunks.c.id == t.sip_groups.c.sip_trunk_id
    )


def is_byoc(row) -> bool:  # noqa: ANN001
    """BYOC numbers and the carrier's own (cloud peering, third-party) numbers: not Zoom's."""
    return row.source not in q.NATIVE_SOURCES


def number_type(value: str) -> str:
    return "tollfree" if value == "TollFree" else "toll"


def capability(caps: list[str] | None) -> list[str]:
    return [CAPABILITIES[c] for c in (caps or []) if c in CAPABILITIES]


def location(loc: dict[str, Any] | None) -> str | None:
    if not loc:
        return None
    parts = [str(loc[k]) for k in ("city", "state", "country") if loc.get(k)]
    return ", ".join(parts) or None


def address(addr: dict[str, Any] | None) -> dict[str, str] | None:
    if not addr:
        return None
    out = {k: str(addr[k]) for k in ADDRESS_KEYS if k != "county" and addr.get(k) not in (None, "")}
    return out or None


def assignee(row, detail: bool) -> dict[str, Any] | None:  # noqa: ANN001
    if row.assignee_id is None or row.assignee_type is None:
        return None
    out: dict[str, Any] = {"id": row.assignee_id, "name": row.assignee_name}
    if row.assignee_ext is not None:
        out["extension_number"] = int(row.assignee_ext)
    kind = ASSIGNEE_TYPE.get(row.assignee_type, row.assignee_type)
    if kind in (GET_ASSIGNEE_TYPES if detail else LIST_ASSIGNEE_TYPES):
        out["type"] = kind
    details = row.assignee_details or {}
    if detail and kind == "meetingService":
        for key in ("meeting_id", "display_number", "label", "audio_prompt_language"):
            if details.get(key):
                out[key] = str(details[key])
        for key in ("greeting", "on_hold_music"):
            audio = details.get(key)
            if isinstance(audio, dict) and audio.get("id"):
                out[key] = {"id": str(audio["id"]), "name": str(audio.get("name") or "")}
    return out


def phone_number_view(row, detail: bool = False) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {
        "id": row.id,
        "number": row.number,
        "number_type": number_type(row.number_type),
        "source": "internal" if row.source in q.NATIVE_SOURCES and row.carrier_code is None else "external",
        "status": "pending" if row.status == "Pending" else "available",
        "capability": capability(row.capability),
    }
    if row.display_name:
        out["display_name"] = row.display_name
    loc = location(row.location)
    if loc:
        out["location"] = loc
    who = assignee(row, detail)
    if who:
        out["assignee"] = who
    if row.site_id is not None:
        out["site"] = {"id": row.site_id, "name": row.site_name or ""}
    if row.sip_group_id is not None:
        out["sip_group"] = {"id": row.sip_group_id, "display_name": row.sip_group_name or ""}
    if is_byoc(row):
        carrier: dict[str, Any] = {}
        if row.carrier_code is not None:
            carrier["code"] = int(row.carrier_code)
        name = row.carrier_name or row.trunk_carrier
        if name:
            carrier["name"] = name
        if carrier:
            out["carrier"] = carrier
        out["emergency_address_status"] = 1 if row.address_update_required else 2
        if row.emergency_address_update_time is not None:
            out["emergency_address_update_time"] = iso(row.emergency_address_update_time)
    addr = address(row.emergency_address)
    if addr:
        out["emergency_address"] = addr
    return out


def phone_number_by_key(conn, account_id: str, key: str):  # noqa: ANN001, ANN201
    """A Zoom Phone number of the account by id (or E.164 number), with the joined columns."""
    stmt = number_select().where(PN.c.account_id == account_id, PN.c.allocated_product == "ZOOM_PHONE")
    row = conn.execute(stmt.where(PN.c.id == key)).first()
    if row is None and key.startswith("+"):
        row = conn.execute(stmt.where(PN.c.number == key)).first()
    return row


def rows_by_keys(conn, account_id: str, keys: list[str]) -> dict[str, Any]:  # noqa: ANN001
    """{key: phone_numbers row} for ids or E.164 numbers of the account (all products)."""
    rows = conn.execute(
        select(PN).where(PN.c.account_id == account_id, PN.c.id.in_(keys) | PN.c.number.in_(keys))
    ).all()
    out: dict[str, Any] = {}
    for r in rows:
        out[r.id] = r
        out[r.number] = r
    return out
