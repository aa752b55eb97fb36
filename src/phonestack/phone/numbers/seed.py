"""Demo data: The Phone API's view of the number inventory: /phone/numbers and BYOC numbers (the same rows as Number Management).

The numbers themselves come from Number Management's seed (and the families that add numbers
for their entities). This seed only fills what the Phone API shows and Number Management does
not: the carrier name of BYOC-Cloud numbers (BYOC-Premises numbers show the carrier of their
SIP group's trunk).
"""

from __future__ import annotations

import random

from sqlalchemy import update
from sqlalchemy.engine import Connection

from ...store import schema as t

PN = t.phone_numbers


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    conn.execute(
        update(PN).where(PN.c.account_id == account_id, PN.c.source == "BYOCCloud", PN.c.carrier_name.is_(None))
        .values(carrier_name="Bandwidth")
    )
