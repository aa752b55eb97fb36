"""Demo data: Sites, their settings, dial-by-name directory, and outbound calling countries/regions and exception rules at site, user and common-area level.

The sites themselves come from numbers/seed.py (``ensure_sites``). Here: a primary (main) auto
receptionist per site, the main site's settings (business, closed and holiday hours, device
security, dial by name), its dial-by-name directory, and outbound calling rules at site, user
and common-area level on the master. A few bulk inserts; deterministic from ``rng``.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow
from .outbound_calling import RULE_KIND
from .provider import DIRECTORY_KIND

PRIMARY_AR_NUMBERS = 9901  # the demo sites' main auto receptionists: 9901, 9902, ...
HOLIDAYS = [("New Year's Day", "2027-01-01"), ("Independence Day", "2026-07-04"), ("Thanksgiving", "2026-11-26"),
            ("Christmas Day", "2026-12-25"), ("Labor Day", "2026-09-07")]
DEVICE_TYPES = ["Poly VVX 450", "Yealink T54W", "Poly trioc60", "Cisco 8841"]


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    exts = conn.execute(select(t.extensions).where(t.extensions.c.account_id == account_id)
                        .order_by(t.extensions.c.pk)).all()
    used = {e.extension_number for e in exts}
    ars: dict[str, Any] = {}
    new_ars = []
    number = PRIMARY_AR_NUMBERS
    for site in sites:
        primary = next((e for e in exts if e.site_id == site.id and e.type == "autoReceptionist"
                        and (e.details or {}).get("primary") is True), None)
        if primary is not None:
            ars[site.id] = primary.id
            continue
        while number in used:
            number += 1
        used.add(number)
        ar_id = new_id()
        ars[site.id] = ar_id
        new_ars.append({"id": ar_id, "account_id": account_id, "site_id": site.id, "type": "autoReceptionist",
                        "extension_number": number, "name": f"{site.name} Reception", "email": None,
                        "status": "active", "details": {"primary": True}, "created_at": now, "updated_at": now})
    if new_ars:
        conn.execute(insert(t.extensions), new_ars)
    if not master:
        return

    main = sites[0]
    docs: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []

    def doc(owner: str, section: str, data: dict[str, Any]) -> None:
        docs.append({"account_id": account_id, "owner_id": owner, "section": section, "data": data,
                     "created_at": now, "updated_at": now})

    def item(owner: str, kind: str, details: dict[str, Any]) -> None:
        items.append({"id": new_id(), "account_id": account_id, "owner_id": owner, "kind": kind, "details": details,
                      "created_at": now, "updated_at": now})

    weekdays = [{"weekday": d, "type": 2 if 2 <= d <= 6 else 0, "from": "08:30" if 2 <= d <= 6 else "00:00",
                 "to": "17:30" if 2 <= d <= 6 else "00:00"} for d in range(1, 8)]
    for site in sites:
        doc(site.id, "setting:business_hours", {"custom_hour_type": 2, "custom_hours": weekdays})
        holidays = rng.sample(HOLIDAYS, 3)
        doc(site.id, "setting:holiday_hours", {"holidays": [
            {"holiday_id": new_id(), "name": name, "from": f"{day}T00:00:00Z", "to": f"{day}T23:59:00Z"}
            for name, day in sorted(holidays, key=lambda h: h[1])]})
    doc(main.id, "setting:security", {"device_types": rng.sample(DEVICE_TYPES, 2)})
    doc(main.id, "setting:dial_by_name", {"status": True, "inherit": False, "rule": "last_name"})
    doc(main.id, "setting:location_based_routing", {"enable": True, "place_receive_pstn_calls": False,
                                                    "enable_media_off_load_pstn_calls": True})
    doc(main.id, "outbound_calling", {"RU": {"rule": 2}, "NG": {"rule": 2}, "MX": {"rule": 3}})

    item(main.id, RULE_KIND, {"country": "US", "match_type": "prefix", "prefix_number": "1900", "rule": 2,
                              "status": "active", "comment": "Premium-rate numbers"})
    item(main.id, RULE_KIND, {"country": "US", "match_type": "prefix", "prefix_number": "1976", "rule": 2,
                              "status": "inactive", "comment": "Premium-rate numbers (old range)"})
    item(main.id, RULE_KIND, {"country": "NG", "match_type": "phoneNumber", "prefix_number": "8031234567",
                              "rule": 1, "status": "active", "comment": "Lagos partner office"})
    users = [e for e in exts if e.type == "user"]
    areas = [e for e in exts if e.type == "commonArea"]
    if users:
        u = users[rng.randrange(len(users))]
        item(u.id, RULE_KIND, {"country": "GB", "match_type": "prefix", "prefix_number": "9", "rule": 2,
                               "status": "active", "comment": "No premium UK numbers"})
    if areas:
        item(areas[0].id, RULE_KIND, {"country": "US", "match_type": "prefix", "prefix_number": "1", "rule": 4,
                                      "status": "active", "comment": "Long distance needs a PIN"})
        doc(areas[0].id, "outbound_calling", {"CA": {"rule": 2}})
    for e in users + areas:
        if e.site_id == main.id:
            item(main.id, DIRECTORY_KIND, {"extension_id": e.id})
    conn.execute(insert(t.phone_documents), docs)
    conn.execute(insert(t.phone_items), items)
