"""Demo data: phone users.

The master gets 50 users spread over its sites (departments, cost centers, a calling plan each,
mostly US/CA Unlimited; Global Select outside the US and Canada) and about 30 of them a direct
number added to the inventory (``+1 <site area> 555 01xx``, ``+44 20 7946 01xx`` in London: ranges
reserved for fiction, so they never collide with the numbers seed's random draws); the sub
account gets 5. The users the numbers seed made get a calling plan too. A few shared-access
records (a delegation, a voicemail share) and SMS opt statuses give those endpoints data.

Bulk inserts only; deterministic from ``rng`` (ids excepted).
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from .. import common as c
from . import views as v

FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia",
         "Mateo", "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Theodore", "Abigail", "Jack", "Emily",
         "Levi", "Ella", "Sebastian", "Scarlett", "Owen", "Chloe", "Samuel", "Priya", "Wei", "Aisha", "Diego",
         "Hannah", "Ravi", "Yuki", "Fatima", "Tomás", "Ingrid", "Kwame", "Leila"]
LAST = ["Anderson", "Brooks", "Chen", "Dubois", "Edwards", "Fischer", "Garcia", "Hughes", "Iyer", "Jensen",
        "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel", "Quinn", "Rossi", "Schmidt", "Thompson",
        "Usman", "Varga", "Walsh", "Xu", "Young", "Zimmerman", "Bennett", "Castillo", "Novak", "Reyes"]
# department -> cost center
DEPARTMENTS = {"Sales": "CC-110 Sales", "Customer Support": "CC-120 Support", "Engineering": "CC-200 R&D",
               "Marketing": "CC-130 Marketing", "Finance": "CC-300 G&A", "People": "CC-310 People",
               "Operations": "CC-320 Operations", "Legal": "CC-330 Legal"}
DEPT_WEIGHTS = [10, 9, 8, 5, 3, 2, 3, 1]
MASTER_USERS, SUB_USERS = 50, 5
MASTER_NUMBERED, SUB_NUMBERED = 30, 3
FIRST_EXTENSION = 1101
# Number plans (Number Management) a seeded direct number is billed under, first with room.
NANP_PLANS = ("Unlimited Regional - US/CA", "US/CA Included Phone Numbers")
INTL_PLANS = ("Global Select",)


def _number_prefix(site) -> str:  # noqa: ANN001
    """The fiction range of a site's area: +1 AAA 555 01xx, or +44 20 7946 01xx."""
    if site.country == "GB":
        return "+4420794601"
    prefix = str((site.details or {}).get("prefix") or "")
    if prefix.startswith("+1") and len(prefix) == 5:
        return prefix + "55501"
    return "+141555501"


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    sites = conn.execute(select(t.sites).where(t.sites.c.account_id == account_id)
                         .order_by(t.sites.c.main.desc(), t.sites.c.pk)).all()
    if not sites:
        return
    used_ext = set(conn.execute(select(t.extensions.c.extension_number).where(
        t.extensions.c.account_id == account_id)).scalars())
    used_email = set(conn.execute(select(t.extensions.c.email).where(
        t.extensions.c.account_id == account_id, t.extensions.c.email.is_not(None))).scalars())
    used_numbers = set(conn.execute(select(t.phone_numbers.c.number).where(
        t.phone_numbers.c.account_id == account_id)).scalars())
    subscribed = {r.type: r.subscribed for r in conn.execute(select(t.calling_plans).where(
        t.calling_plans.c.account_id == account_id))}
    held = dict.fromkeys(subscribed, 0)
    for ptype in conn.execute(select(t.extension_calling_plans.c.type).where(
            t.extension_calling_plans.c.account_id == account_id)).scalars():
        held[ptype] = held.get(ptype, 0) + 1

    def plan_for(site, r: float) -> int | None:  # noqa: ANN001
        choices = [300, 200, 100] if site.country not in ("US", "CA") else ([100, 200] if r < 0.2 else [200, 100])
        for ptype in choices:
            if held.get(ptype, 0) < subscribed.get(ptype, 0):
                held[ptype] += 1
                return ptype
        return None

    count, numbered = (MASTER_USERS, MASTER_NUMBERED) if master else (SUB_USERS, SUB_NUMBERED)
    domain = "demo.phonestack.dev" if master else "sub.demo.phonestack.dev"
    users: list[dict[str, Any]] = []
    ext = FIRST_EXTENSION
    weights = [6, 2, 3] + [2] * max(0, len(sites) - 3)
    for i in range(count):
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower().replace('á', 'a')}.{last.lower()}@{domain}"
            if email not in used_email:
                break
        used_email.add(email)
        while ext in used_ext:
            ext += 1
        used_ext.add(ext)
        site = rng.choices(sites, weights=weights[: len(sites)])[0] if master else sites[i % len(sites)]
        dept = rng.choices(list(DEPARTMENTS), weights=DEPT_WEIGHTS)[0]
        status = "pending" if i in (17, 41) else "inactive" if i == 33 else "active"
        users.append({
            "id": new_id(), "account_id": account_id, "site_id": site.id, "type": c.USER, "extension_number": ext,
            "name": f"{first} {last}", "email": email, "status": status,
            "details": {"first_name": first, "last_name": last, "department": dept,
                        "cost_center": DEPARTMENTS[dept], "site_admin": i == 0},
            "_site": site, **stamps(),
        })
    conn.execute(insert(t.extensions), [{k: val for k, val in u.items() if k != "_site"} for u in users])

    # calling plans: the new users, and the users the numbers seed made without one
    plans = []
    older = conn.execute(select(t.extensions).where(
        t.extensions.c.account_id == account_id, t.extensions.c.type == c.USER,
        ~t.extensions.c.id.in_([u["id"] for u in users]),
        ~t.extensions.c.id.in_(select(t.extension_calling_plans.c.extension_id)))).all()
    site_by_id = {s.id: s for s in sites}
    for row in older:
        ptype = plan_for(site_by_id.get(row.site_id, sites[0]), rng.random())
        if ptype is not None:
            plans.append({"account_id": account_id, "extension_id": row.id, "type": ptype, **stamps()})
    for u in users:
        ptype = plan_for(u["_site"], rng.random())
        if ptype is not None:
            plans.append({"account_id": account_id, "extension_id": u["id"], "type": ptype, **stamps()})
    if plans:
        conn.execute(insert(t.extension_calling_plans), plans)

    # direct numbers for the first ``numbered`` active users, billed under a number plan with room
    np_rows = conn.execute(select(t.number_plans).where(t.number_plans.c.account_id == account_id,
                                                        t.number_plans.c.product == "ZOOM_PHONE")).all()
    room = {r.name: r.subscribed for r in np_rows}
    for name, n in conn.execute(select(t.phone_numbers.c.plan_name, func.count()).where(
            t.phone_numbers.c.account_id == account_id, t.phone_numbers.c.plan_name.is_not(None))
            .group_by(t.phone_numbers.c.plan_name)).all():
        if name in room:
            room[name] -= n

    def number_plan(country: str) -> str | None:
        names = NANP_PLANS if country in ("US", "CA") else INTL_PLANS
        for name in names:
            if room.get(name, 0) > 0:
                room[name] -= 1
                return name
        return None

    numbers = []
    seq: dict[str, int] = {}
    for u in [u for u in users if u["status"] == "active"][:numbered]:
        site = u["_site"]
        prefix = _number_prefix(site)
        while True:
            n = seq.get(prefix, 0)
            seq[prefix] = n + 1
            number = f"{prefix}{n:02d}"
            if number not in used_numbers:
                break
        used_numbers.add(number)
        area = (site.details or {}).get("address") or {}
        numbers.append({
            "id": new_id(), "account_id": account_id, "number": number, "display_name": None,
            "caller_id_name": None, "number_type": "Toll", "source": "Zoom", "status": "Normal",
            "allocated_product": "ZOOM_PHONE", "capability": ["Incoming", "Outgoing"],
            "country_iso": site.country, "location": {"country": site.country, "city": area.get("city") or ""},
            "site_id": site.id, "sip_group_id": None, "emergency_address": None,
            "emergency_address_update_time": None, "address_update_required": False, "pci_pal": False,
            "assignee_id": u["id"], "plan_name": number_plan(site.country), "carrier_code": None, "carrier_name": None, "peering": None,
            **stamps(),
        })
    if numbers:
        conn.execute(insert(t.phone_numbers), numbers)

    _seed_shared_access(conn, account_id, users)
    _seed_opt_statuses(conn, account_id, rng)


def _seed_shared_access(conn: Connection, account_id: str, users: list[dict[str, Any]]) -> None:
    """An executive with a delegation assistant, and a voicemail shared with a colleague."""
    if len(users) < 3:
        return
    exec_, assistant, colleague = users[0], users[1], users[2]
    conn.execute(insert(t.phone_members).values(
        account_id=account_id, container_id=exec_["id"], member_id=assistant["id"], role=v.DELEGATE, details={},
        **stamps()))
    conn.execute(insert(t.phone_documents).values(
        account_id=account_id, owner_id=exec_["id"], section="settings",
        data={"delegation": {"privacy": False, "privileges": [1, 2, 3, 5], "locked": False}}, **stamps()))
    conn.execute(insert(t.phone_items).values(
        id=new_id(), account_id=account_id, owner_id=exec_["id"], kind=v.VOICEMAIL_ACCESS,
        details={"access_user_id": colleague["id"], "access_user_type": "user", "allow_download": True,
                 "allow_delete": False, "allow_sharing": False}, **stamps()))


def _seed_opt_statuses(conn: Connection, account_id: str, rng: random.Random) -> None:
    """SMS opt statuses of consumers who texted the user numbers that have a campaign or a
    consent policy (the numbers seed links a few)."""
    pn = t.phone_numbers
    rows = conn.execute(select(pn.c.number, pn.c.assignee_id).join(
        t.extensions, t.extensions.c.id == pn.c.assignee_id).where(
        pn.c.account_id == account_id, t.extensions.c.type == c.USER,
        (pn.c.sms_campaign_id.is_not(None)) | (pn.c.sms_consent_id.is_not(None))).order_by(pn.c.pk)).all()
    items = []
    for r in rows[:3]:
        for status, sub in (("opt_in", 3), ("opt_out", 4), ("pending", 1)):
            consumer = "+1" + str(rng.choice((206, 303, 617, 718))) + "555" + f"{rng.randint(100, 199):04d}"
            items.append({"id": new_id(), "account_id": account_id, "owner_id": r.assignee_id, "kind": v.OPT_STATUS,
                          "details": {"zoom_phone_user_number": r.number, "consumer_phone_number": consumer,
                                      "opt_status": status, "opt_in_status": sub}, **stamps()})
    if items:
        conn.execute(insert(t.phone_items), items)
