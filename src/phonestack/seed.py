"""The demo seed: a master account with a sub account, apps with every scope, and data in
every area so that each GET answers something meaningful out of the box.

The demo credentials are created once and kept in ``server_meta`` (or fixed by
``PHONESTACK_DEMO_ACCOUNT_ID``, ``PHONESTACK_DEMO_CLIENT_ID`` and
``PHONESTACK_DEMO_CLIENT_SECRET``), so a reset keeps them valid.
"""

from __future__ import annotations

import importlib
import os
import random
import secrets
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from .platform.accounts import create_account, create_app
from .store import schema as t
from .store.state import clear
from .store.util import new_id

# Each area seeds its own data: module.seed_demo(conn, account_id, rng, master=bool)
# Order matters: the phone families build on the sites, numbers and extensions seeded before.
AREA_SEEDERS = (
    "phonestack.numbers.seed",
    "phonestack.sip_audio.seed",
    "phonestack.phone.account.seed",
    "phonestack.phone.sites.seed",
    "phonestack.phone.users.seed",
    "phonestack.phone.emergency.seed",
    "phonestack.phone.call_queues.seed",
    "phonestack.phone.auto_receptionists.seed",
    "phonestack.phone.common_areas.seed",
    "phonestack.phone.devices.seed",
    "phonestack.phone.shared_line_groups.seed",
    "phonestack.phone.extensions.seed",
    "phonestack.phone.numbers.seed",
    "phonestack.phone.roles.seed",
    "phonestack.phone.alerts.seed",
    "phonestack.phone.rooms.seed",
    "phonestack.phone.monitoring.seed",
    "phonestack.phone.restrictions.seed",
    "phonestack.phone.call_pickup.seed",
    "phonestack.phone.provisioning.seed",
    "phonestack.phone.directory.seed",
    "phonestack.phone.audios.seed",
    "phonestack.phone.sms.seed",
    "phonestack.phone.carriers.seed",
    "phonestack.activity.seed",
    "phonestack.messaging.seed",
    "phonestack.insights.seed",
)
DEMO_SEED = 20261123


def demo_credentials(conn: Connection) -> dict[str, str]:
    """The demo master's account id, client id and secret, stable across resets and restarts."""
    row = conn.execute(select(t.server_meta.c.value).where(t.server_meta.c.name == "demo_credentials")).first()
    creds: dict[str, str] = orjson.loads(row.value) if row else {}
    if not creds:
        creds = {
            "account_id": new_id(),
            "client_id": secrets.token_urlsafe(16)[:22],
            "client_secret": secrets.token_urlsafe(24),
            "sub_account_id": new_id(),
            "sub_client_id": secrets.token_urlsafe(16)[:22],
            "sub_client_secret": secrets.token_urlsafe(24),
        }
    for key, env in (
        ("account_id", "PHONESTACK_DEMO_ACCOUNT_ID"),
        ("client_id", "PHONESTACK_DEMO_CLIENT_ID"),
        ("client_secret", "PHONESTACK_DEMO_CLIENT_SECRET"),
    ):
        if os.environ.get(env):
            creds[key] = os.environ[env]
    value = orjson.dumps(creds).decode()
    if row is None:
        conn.execute(t.server_meta.insert().values(name="demo_credentials", value=value))
    else:
        conn.execute(
            t.server_meta.update().where(t.server_meta.c.name == "demo_credentials").values(value=value)
        )
    return creds


def seed_demo(conn: Connection) -> dict[str, Any]:
    creds = demo_credentials(conn)
    rng = random.Random(DEMO_SEED)
    master = create_account(
        conn, "Demo Master Account", account_id=creds["account_id"], owner_email="owner@demo.phonestack.dev",
        options={"sip_connected_audio": True, "carrier_code": 9998},
    )
    sub = create_account(
        conn, "Demo Sub Account", parent_id=master, account_id=creds["sub_account_id"],
        owner_email="owner@sub.demo.phonestack.dev", plan="pro",
    )
    create_app(conn, master, "Demo Server-to-Server app", client_id=creds["client_id"],
               client_secret=creds["client_secret"])
    create_app(conn, sub, "Demo sub-account app", client_id=creds["sub_client_id"],
               client_secret=creds["sub_client_secret"])
    for module in AREA_SEEDERS:
        mod = importlib.import_module(module)
        mod.seed_demo(conn, master, rng, master=True)
        mod.seed_demo(conn, sub, rng, master=False)
    return creds


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(t.accounts.c.id).limit(1)).first() is None


def reset(engine: Engine, to: str = "demo") -> dict[str, Any]:
    """Replace the whole state with the demo seed (``demo``) or nothing (``empty``)."""
    if to not in ("demo", "empty"):
        raise ValueError("reset target must be 'demo' or 'empty'")
    with engine.begin() as conn:
        clear(conn)
        if to == "demo":
            return seed_demo(conn)
    return {}
