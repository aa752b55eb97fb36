"""Demo data: what users' Zoom clients report about where they are (``client_locations``), so
that the emergency-services dashboards and location tracking have something to show.

Half of the users of an account get a client: most at one of the account's company locations
(a network built from that location's own switch, BSSID or subnets, so that the match is real),
some at home (an address no location has: their personal address, if any, or unknown), and some
that do not allow location sharing.
"""

from __future__ import annotations

import base64
import ipaddress
import random
import time
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..store import schema as t

PLATFORMS = ("win", "mac", "ios", "android")


def network_at(details: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A network that a client at a location with ``details`` would report."""
    net: dict[str, Any] = {}
    subnets = [s.strip() for s in str(details.get("private_ip") or "").split(",") if s.strip()]
    if subnets:
        try:
            n = ipaddress.ip_network(subnets[0], strict=False)
            net["private_ip"] = str(n.network_address + 1 + rng.randrange(max(1, min(n.num_addresses - 2, 200))))
        except ValueError:
            pass
    publics = [s.strip() for s in str(details.get("public_ip") or "").split(",") if s.strip()]
    if publics and "/" not in publics[0]:
        net["public_ip"] = publics[0]
    bssids = [b.strip() for b in str(details.get("bssid") or "").split(",") if b.strip()]
    switches = details.get("network_switches") or []
    if switches and rng.random() < 0.5:
        sw = switches[0]
        net["switch_mac"] = sw.get("mac_address")
        if sw.get("port"):
            net["switch_port"] = sw["port"]
        elif sw.get("port_prefix"):
            lo, hi = int(sw.get("port_range_from") or 1), int(sw.get("port_range_to") or 1)
            net["switch_port"] = f"{sw['port_prefix']}{rng.randint(lo, max(lo, hi))}"
    elif bssids:
        net["bssid"] = rng.choice(bssids)
    return net


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    local = random.Random(rng.random())
    users = conn.execute(select(t.extensions.c.id).where(t.extensions.c.account_id == account_id,
                                                         t.extensions.c.type == "user").order_by(t.extensions.c.pk)
                         ).scalars().all()
    locs = [r.details if isinstance(r.details, dict) else orjson.loads(r.details or "{}")
            for r in conn.execute(select(t.locations.c.details).where(t.locations.c.account_id == account_id)
                                  .order_by(t.locations.c.pk))]
    now = int(time.time())
    rows = []
    for i, uid in enumerate(users[::2]):
        kind = i % 5
        net: dict[str, Any] = {}
        if kind in (0, 1, 2) and locs:
            net = network_at(locs[(i * 7) % len(locs)], local)
        elif kind == 3:
            net = {"public_ip": f"198.18.{local.randrange(256)}.{local.randrange(1, 255)}",
                   "private_ip": f"192.168.1.{local.randrange(2, 250)}"}
        cid = base64.urlsafe_b64encode(local.getrandbits(128).to_bytes(16, "big")).rstrip(b"=").decode()
        rows.append({"id": cid, "account_id": account_id, "extension_id": uid, "platform": PLATFORMS[i % 4],
                     "location_sharing": "disallowed" if kind == 4 else "allowed",
                     "last_seen_ts": now - local.randrange(60, 3 * 86400), "public_ip": net.get("public_ip"),
                     "private_ip": net.get("private_ip"), "bssid": net.get("bssid"),
                     "switch_mac": net.get("switch_mac"), "switch_port": net.get("switch_port")})
    if rows:
        conn.execute(insert(t.client_locations), rows)
