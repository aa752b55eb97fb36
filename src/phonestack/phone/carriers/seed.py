"""Demo data: Carrier reseller numbers and directory backup routing rules.

Master (a carrier reseller, carrier code 9998): its reseller numbers are the numbers of carrier
9998 that the numbers seed puts in the master (the pool) and the sub account (assigned); this
seed adds no more, since Number Management's peering view lists every number of the carrier
(``pool()`` can add some for a richer demo). Three directory backup routing rules (PSTN for the
account, SIP group for the main site, other sites for a second site).
"""

from __future__ import annotations

import random

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...numbers import queries as nq
from ...store import schema as t
from ...store.util import new_id, stamps

POOL = (("+1720", "Pending", False), ("+1720", "Pending", False), ("+1303", "Normal", False),
        ("+1303", "Normal", True))


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    if not master:
        return
    _seed_rules(conn, account_id)


def pool(conn: Connection, account_id: str) -> None:
    """Four numbers in the reseller's pool: two inactive, one active, one returned."""
    local = random.Random(9998)  # not the shared rng: the areas seeded later keep their draws
    code = nq.options(conn, account_id).get("carrier_code")
    if code is None:
        return
    carrier = conn.execute(select(t.accounts.c.name, t.accounts.c.options).where(t.accounts.c.id == account_id)).first()
    taken = set(conn.execute(select(t.phone_numbers.c.number).where(t.phone_numbers.c.account_id == account_id))
                .scalars())
    site_id = nq.main_site_id(conn, account_id)
    rows = []
    for prefix, status, returned in POOL:
        number = prefix
        while number == prefix or number in taken:
            number = prefix + str(local.randint(2, 9)) + "".join(str(local.randint(0, 9)) for _ in range(6))
        taken.add(number)
        rows.append({
            "id": new_id(), "account_id": account_id, "number": number, "number_type": "Toll",
            "source": "ThirdPartyNumber", "status": status, "allocated_product": "ZOOM_PHONE",
            "capability": ["Incoming", "Outgoing"], "country_iso": "US", "location": nq.location_of(number, "US"),
            "site_id": site_id, "carrier_code": int(code), "carrier_name": nq.carrier_name(carrier),
            "peering": {"reseller_returned": True} if returned else None, **stamps(),
        })
    conn.execute(insert(t.phone_numbers), rows)


def _seed_rules(conn: Connection, account_id: str) -> None:
    sites = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).scalars().all()
    group = conn.execute(select(t.sip_groups.c.id).where(t.sip_groups.c.account_id == account_id)
                         .order_by(t.sip_groups.c.pk).limit(1)).scalar()
    specs = [
        {"name": "Emergency and service numbers to PSTN", "number_pattern": r"^(911|933|[2-8]11)$",
         "translation": "", "type": "pstn", "sip_group_id": None, "site_id": None},
    ]
    if group and sites:
        specs.append({"name": "San Jose extensions via SBC", "number_pattern": r"^\+1408555(\d{4})$",
                      "translation": "+1408555$1", "type": "sip_group", "sip_group_id": group,
                      "site_id": sites[0]})
    if len(sites) > 1:
        specs.append({"name": "Branch numbers to other sites", "number_pattern": r"^\+1212(\d{7})$",
                      "translation": "", "type": "other_sites", "sip_group_id": None, "site_id": sites[1]})
    rows = [{"id": new_id(), "account_id": account_id, "owner_id": account_id, "kind": "routing_rule",
             "details": {**d, "order": i}, **stamps()} for i, d in enumerate(specs, start=1)]
    conn.execute(insert(t.phone_items), rows)
