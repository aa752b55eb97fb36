"""Demo data: Phone users: profile, batch add and update, settings, shared access, calling plans, phone numbers, policies, audio items."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    return None
