"""Demo data: Call activity: the call simulator, call history and call logs, call elements, recordings, transcripts, voicemails, call metrics, queue analytics and call charges."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    return None
