"""Demo data: emergency addresses and emergency service locations.

Each site of each demo account gets its default company address (from the site's address);
a few users get a personal address; the master gets an HQ building with floors (network
switches, BSSIDs, subnets, an ELIN and a SIP group on the building) and two branch locations.
Bulk inserts only. The shared ``rng`` is copied, not consumed, so the families seeded after this
one draw the same values whatever this seed does.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps

EA = t.emergency_addresses

# when a site carries no address in its details: (address_line1, city, state_code, zip)
FALLBACK = {"US": ("55 Almaden Blvd", "San Jose", "CA", "95113"), "GB": ("1 Finsbury Ave", "London", "", "EC2A 4NE")}
PERSONAL = [
    {"address_line1": "1450 Oak Grove Ave", "address_line2": "Apt 12", "city": "San Jose", "state_code": "CA",
     "zip": "95125", "country": "US"},
    {"address_line1": "88 Colin P Kelly Jr St", "city": "San Francisco", "state_code": "CA", "zip": "94107",
     "country": "US"},
    {"address_line1": "2100 Guadalupe St", "city": "Austin", "state_code": "TX", "zip": "78705", "country": "US"},
    {"address_line1": "12 Gloucester Rd", "city": "London", "zip": "SW7 4RB", "country": "GB"},
]


def _site_address(site: Any) -> dict[str, str]:
    addr = dict((site.details or {}).get("address") or {})
    country = addr.get("country") or site.country or "US"
    line1, city, state, zip_code = FALLBACK.get(country, FALLBACK["US"])
    out = {"address_line1": addr.get("address_line1") or line1, "city": addr.get("city") or city,
           "state_code": addr.get("state_code") or state, "zip": addr.get("zip") or zip_code, "country": country}
    if addr.get("address_line2"):
        out["address_line2"] = addr["address_line2"]
    return {k: v for k, v in out.items() if v}


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    local = random.Random()
    local.setstate(rng.getstate())
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    have = set(conn.execute(select(EA.c.site_id).where(
        EA.c.account_id == account_id, EA.c.owner_id.is_(None), EA.c.is_default.is_(True))).scalars())
    rows: list[dict[str, Any]] = []
    defaults: dict[str, str] = {}
    for s in sites:
        if s.id in have:
            defaults[s.id] = conn.execute(select(EA.c.id).where(
                EA.c.site_id == s.id, EA.c.owner_id.is_(None), EA.c.is_default.is_(True)).limit(1)).scalar_one()
            continue
        fields = _site_address(s)
        defaults[s.id] = new_id()
        rows.append({"id": defaults[s.id], "account_id": account_id, "site_id": s.id, "owner_id": None,
                     "is_default": True, "level": 0, "status": 1, "country": fields["country"], "details": fields})
    # a second, non-default company address on the main site (the warehouse)
    main = sites[0]
    warehouse_id = new_id()
    if master:
        rows.append({"id": warehouse_id, "account_id": account_id, "site_id": main.id, "owner_id": None,
                     "is_default": False, "level": 0, "status": 1, "country": "US",
                     "details": {"address_line1": "2500 Zanker Rd", "address_line2": "Warehouse B",
                                 "city": "San Jose", "state_code": "CA", "zip": "95131", "country": "US"}})
    users = conn.execute(select(t.extensions.c.id, t.extensions.c.site_id).where(
        t.extensions.c.account_id == account_id, t.extensions.c.type == "user").order_by(t.extensions.c.pk)
        .limit(40)).all()
    picks = local.sample(users, min(len(users), 3 if master else 1))
    for i, u in enumerate(picks):
        fields = dict(PERSONAL[i % len(PERSONAL)])
        rows.append({"id": new_id(), "account_id": account_id, "site_id": u.site_id, "owner_id": u.id,
                     "is_default": True, "level": 1, "status": 1, "country": fields["country"], "details": fields})
    now = stamps()
    if rows:
        conn.execute(insert(EA), [{**r, **now} for r in rows])
    if master:
        _locations(conn, account_id, sites, defaults, warehouse_id, local, now)


def _locations(conn: Connection, account_id: str, sites: list[Any], defaults: dict[str, str], warehouse_id: str,
               rng: random.Random, now: dict[str, Any]) -> None:
    main = sites[0]
    group = conn.execute(select(t.sip_groups.c.id).where(t.sip_groups.c.account_id == account_id)
                         .order_by(t.sip_groups.c.pk).limit(1)).scalar_one_or_none()
    # the ELIN of the building: a number of the main site held by an auto receptionist or common area
    elin = conn.execute(
        select(t.phone_numbers.c.id).join(t.extensions, t.extensions.c.id == t.phone_numbers.c.assignee_id)
        .where(t.phone_numbers.c.account_id == account_id, t.extensions.c.type == "commonArea")
        .order_by(t.phone_numbers.c.pk).limit(1)).scalar_one_or_none()

    def mac() -> str:
        return "0004f2" + "".join(f"{rng.randrange(256):02x}" for _ in range(3))

    def bssid() -> str:
        m = "f0b052" + "".join(f"{rng.randrange(256):02x}" for _ in range(3))
        return ":".join(m[i:i + 2] for i in range(0, 12, 2))

    hq = new_id()
    building: dict[str, Any] = {"identifier": "HQ-SJC", "public_ip": "203.0.113.10,203.0.113.11",
                                "private_ip": "10.10.0.0/16", "minimum_match_criteria": False,
                                "network_switches": [{"mac_address": mac()}]}
    if group:
        building["sip_group_id"] = group
    if elin:
        building["elin_phone_number_id"] = elin
    rows = [{"id": hq, "parent_id": None, "site_id": main.id, "emergency_address_id": defaults[main.id],
             "name": "HQ San Jose", "details": building}]
    for floor in (1, 2, 3):
        switch = mac()
        rows.append({"id": new_id(), "parent_id": hq, "site_id": main.id, "emergency_address_id": defaults[main.id],
                     "name": f"HQ San Jose - Floor {floor}", "details": {
                         "identifier": f"HQ-SJC-F{floor}", "private_ip": f"10.10.{floor}.0/24",
                         "minimum_match_criteria": floor == 3,
                         "bssid": ",".join(bssid() for _ in range(2)),
                         "network_switches": [
                             {"mac_address": switch, "port_prefix": "Gi1/0/", "port_range_from": "1",
                              "port_range_to": "24"},
                             {"mac_address": switch, "port": "Gi1/0/48"},
                         ]}})
    rows.append({"id": new_id(), "parent_id": None, "site_id": main.id, "emergency_address_id": warehouse_id,
                 "name": "Warehouse B", "details": {"identifier": "WH-B", "public_ip": "198.51.100.20",
                                                    "minimum_match_criteria": False, "network_switches": [],
                                                    "bssid": bssid()}})
    other = next((s for s in sites[1:] if s.country == "US"), None)
    if other is not None:
        rows.append({"id": new_id(), "parent_id": None, "site_id": other.id,
                     "emergency_address_id": defaults[other.id], "name": f"{other.name} Office",
                     "details": {"identifier": "BR-" + str(other.site_code or 1), "public_ip": "192.0.2.30",
                                 "private_ip": "10.30.0.0/16", "minimum_match_criteria": False,
                                 "network_switches": [{"mac_address": mac(), "port": "uplink"}]}})
    conn.execute(insert(t.locations), [{**r, "account_id": account_id, **now} for r in rows])
