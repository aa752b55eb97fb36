"""Demo data: Auto receptionists: details, IVR, phone numbers, policies.

Every site has a primary auto receptionist (``details.primary``): the sites seed makes them;
a site that has none yet gets its first AR marked primary, or a new "<site> Auto Receptionist".
The main site's primary AR gets an IVR (business hours: 1 -> Sales Queue, 2 -> Support Queue,
0 -> an operator user, no action -> Reception Queue; closed hours: 1 -> Sales voicemail). The
master also gets a non-primary "After Hours Line" with a number.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow
from .. import documents as docs
from ..call_queues.seed import new_number

EXT = t.extensions
PN = t.phone_numbers


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    exts = conn.execute(select(EXT.c.id, EXT.c.type, EXT.c.name, EXT.c.site_id, EXT.c.details,
                               EXT.c.extension_number).where(EXT.c.account_id == account_id)
                        .order_by(EXT.c.pk)).all()
    used_ext = {e.extension_number for e in exts}

    def ext_number(start: int) -> int:
        while start in used_ext:
            start += 1
        used_ext.add(start)
        return start

    ars = [e for e in exts if e.type == "autoReceptionist"]
    new_rows: list[dict[str, Any]] = []
    primary: dict[str, str] = {}
    for site in sites:
        mine = [a for a in ars if a.site_id == site.id]
        main = next((a for a in mine if (a.details or {}).get("primary")), None)
        if main is None and mine:
            main = mine[0]
            conn.execute(update(EXT).where(EXT.c.id == main.id).values(details={**(main.details or {}),
                                                                                "primary": True}))
        if main is not None:
            primary[site.id] = main.id
            continue
        aid = new_id()
        primary[site.id] = aid
        new_rows.append({"id": aid, "account_id": account_id, "site_id": site.id, "type": "autoReceptionist",
                         "extension_number": ext_number(3001), "name": f"{site.name} Auto Receptionist",
                         "email": None, "status": "active", "details": {"primary": True},
                         "created_at": now, "updated_at": now})
    numbers = []
    if master:
        aid = new_id()
        new_rows.append({"id": aid, "account_id": account_id, "site_id": sites[0].id, "type": "autoReceptionist",
                         "extension_number": ext_number(3101), "name": "After Hours Line", "email": None,
                         "status": "active", "created_at": now, "updated_at": now,
                         "details": {"department": "Operations", "cost_center": "CC-400",
                                     "timezone": "America/Los_Angeles"}})
        taken = set(conn.execute(select(PN.c.number).where(PN.c.account_id == account_id)).scalars())
        numbers.append(new_number(rng, account_id, aid, sites[0], taken, now, 250))
    if new_rows:
        conn.execute(insert(EXT), new_rows)
    if numbers:
        conn.execute(insert(PN), numbers)

    # the IVR of the main site's primary AR
    queues = {e.name.split()[0].lower(): e.id for e in exts if e.type == "callQueue"}
    users = [e.id for e in exts if e.type == "user"]
    business: dict[str, Any] = {"key_actions": {"*": {"action": 21}, "#": {"action": 22}},
                                "caller_enters_no_action": {"action": -1, "audio_prompt_repeat": 3}}
    closed: dict[str, Any] = {"key_actions": {"0": {"action": 100}, "*": {"action": 21}},
                              "caller_enters_no_action": {"action": -1, "audio_prompt_repeat": 2}}
    if "sales" in queues:
        business["key_actions"]["1"] = {"action": 7, "target_extension_id": queues["sales"]}
        closed["key_actions"]["1"] = {"action": 400, "target_extension_id": queues["sales"]}
    if "support" in queues:
        business["key_actions"]["2"] = {"action": 7, "target_extension_id": queues["support"]}
    if users:
        business["key_actions"]["0"] = {"action": 2, "target_extension_id": users[0]}
    reception = next((e.id for e in conn.execute(select(EXT.c.id, EXT.c.name).where(
        EXT.c.account_id == account_id, EXT.c.type == "callQueue")) if e.name.startswith("Reception")), None)
    if reception:
        business["caller_enters_no_action"] = {"action": 7, "audio_prompt_repeat": 3,
                                               "forward_to_extension_id": reception}
    docs.store(conn, account_id, primary[sites[0].id], "ivr", {"business_hours": business, "closed_hours": closed})
