"""Demo data: SMS sessions and messages, faxes (a small amount, through the generator)."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection

from .simulate import generate

DEMO_SMS = 40
DEMO_FAXES = 8


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    local = random.Random(rng.random())  # one draw from the shared generator: later seeders are unaffected
    # Salted with the account's role, not its (random) id: the demo history is the same in every
    # database, so what a test finds in it does not depend on the database it runs on.
    generate(conn, account_id, local, days=14, count_sms=DEMO_SMS if master else 0,
             count_faxes=DEMO_FAXES if master else 2, salt_key="demo:master" if master else "demo:sub")
