"""Demo data of the Number Management area (filled in with the area)."""

from __future__ import annotations


def seed_demo(conn, account_id, rng, master=True):  # noqa: ANN001
    return None
