"""Demo data of SIP Connected Audio: the demo master (which has the plan) gets two SIP trunks
and two internal call-out countries; the sub account gets nothing (the master assigns it
trunks and numbers through the API).

No internal numbers are seeded: they are numbers of the inventory, and the demo inventory is
the Number Management area's (its size is part of other suites' expectations).
``INTERNAL_NUMBERS`` are examples that tests and docs add through the API."""

from __future__ import annotations

import random

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.util import new_id, stamps

TRUNKS = [  # name, number prefix, SIP server address, DNIS
    ("Primary SIP Trunk", "0", "sip1.demo.phonestack.dev", "1888812345"),
    ("EU SIP Trunk", "44", "sip-eu.demo.phonestack.dev", "4420755501"),
]
# number, labels, display number, type, country, languages, visible
INTERNAL_NUMBERS = [
    ("+18885550100", "US toll-free dial-in", "+1 888 555 0100", 1, "US", "en-US", True),
    ("+14085550199", "San Jose dial-in", "+1 408 555 0199", 0, "US", "en-US", False),
    ("+442075550123", "London dial-in", "+44 20 7555 0123", 0, "GB", "en-GB", True),
]
CALLOUT_COUNTRIES = ("US", "GB")


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    if not master:
        return
    for name, prefix, address, dnis in TRUNKS:
        trunk_id = new_id()
        conn.execute(insert(t.sca_trunks).values(
            id=trunk_id, account_id=account_id, master_id=account_id, trunk_id=trunk_id, name=name,
            number_prefix=prefix, sip_server_address=address, dnis=dnis, **stamps(),
        ))
    for code in CALLOUT_COUNTRIES:
        conn.execute(insert(t.sca_callout_countries).values(account_id=account_id, country=code, **stamps()))
