"""Demo data: Account-level phone configuration: account settings, setting templates, customized outbound caller ID (account, site, user), peering and carrier-peering numbers, plans, calling plans, billing accounts, ported numbers, SIP groups and trunks."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    return None
