"""Demo data: Dashboards and reports that are not calls: emergency-services metrics, location tracking, operation logs, SMS and fax charges."""

from __future__ import annotations

import random

from sqlalchemy.engine import Connection


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    return None
