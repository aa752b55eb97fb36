"""Demo data: Call activity: a short simulated call history of the demo master account (40 calls
over the last 7 days, through its topology: see activity/simulate.py), so that call logs,
recordings, voicemails and metrics answer with something on a fresh server. ``phonestack
simulate`` adds more."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection

DEMO_CALLS = 40
DEMO_SEED = 20240501


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    if not master:
        return
    from .simulate import generate

    # Its own generator: the shared one stays as the other areas' seeders expect it.
    generate(conn, account_id, random.Random(DEMO_SEED), calls=DEMO_CALLS, days=7)
