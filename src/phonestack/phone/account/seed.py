"""Demo data: the calling plans the demo accounts subscribe to, and their billing accounts.

Seeded first of the phone families: users and common areas are given plans from these."""

from __future__ import annotations

import random

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from ..common import CALLING_PLAN_NAMES

# type -> subscribed, for the master and the sub account
MASTER_PLANS = {200: 120, 100: 40, 300: 10, 3000: 60, 1: 200}
SUB_PLANS = {200: 10, 100: 5}


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    plans = MASTER_PLANS if master else SUB_PLANS
    conn.execute(insert(t.calling_plans), [
        {"account_id": account_id, "type": ptype, "name": CALLING_PLAN_NAMES[ptype], "subscribed": n,
         "details": {}, **stamps()}
        for ptype, n in plans.items()
    ])
    if master:
        conn.execute(insert(t.billing_accounts), [
            {"id": new_id(), "account_id": account_id, "name": name,
             "details": {"currency": currency, "country": country}, **stamps()}
            for name, currency, country in (("US billing", "USD", "US"), ("Delhi billing", "INR", "IN"))
        ])
