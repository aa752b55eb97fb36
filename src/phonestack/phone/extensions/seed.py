"""Demo data: Extension-level call handling settings, inbound block rules and line keys.

Master: the first three users work Monday-Friday 09:00-17:00 (custom business hours), the
first one also has a holiday with an external forwarding number and a forwarding number for
business hours; two inbound block rules on the first user and one on the first call queue;
line keys (own line + busy lamp field of the second user) on the first two users. Sub: one
user with business hours and a block rule.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow
from . import callhandling as ch

EXT = t.extensions


def _weekdays() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"weekday": 1, "type": 0}, {"weekday": 7, "type": 0}]
    out += [{"weekday": d, "type": 2, "from": "09:00", "to": "17:00"} for d in range(2, 7)]
    return sorted(out, key=lambda d: d["weekday"])


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    now = utcnow()
    rows = conn.execute(
        select(EXT.c.id, EXT.c.type, EXT.c.name).where(EXT.c.account_id == account_id,
                                                        EXT.c.type.in_(("user", "callQueue"))).order_by(EXT.c.pk)
    ).all()
    users = [r for r in rows if r.type == "user"][: 3 if master else 1]
    queues = [r for r in rows if r.type == "callQueue"][:1]
    if not users:
        return
    stamps = {"created_at": now, "updated_at": now}
    documents, items = [], []
    for i, u in enumerate(users):
        business = ch.defaults("user", "business_hours")
        business["custom_hours"] = {"type": 2, "custom_hours_settings": _weekdays()}
        if i == 0:
            business["call_forwarding"]["call_forwarding_settings"] = [
                {"id": new_id(), "enable": True, "phone_number": "+14155550142", "description": "Mobile"}]
            holiday = ch.holiday("user", "New Year's Day", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", new_id())
            holiday["call_forwarding"]["call_forwarding_settings"] = [
                {"id": new_id(), "enable": False, "phone_number": "+14155550142", "description": "Mobile"}]
            documents.append({"account_id": account_id, "owner_id": u.id, "section": ch.section("holiday_hours"),
                              "data": {"holidays": [holiday]}, **stamps})
        documents.append({"account_id": account_id, "owner_id": u.id, "section": ch.section("business_hours"),
                          "data": business, **stamps})
    blocked = [(users[0].id, "phoneNumber", "2025550143", "block_for_other_reasons", "US")]
    if master:
        blocked += [(users[0].id, "prefix", "900", "block_as_threat", "US")]
        blocked += [(q.id, "SMS-shortCodes", "32665", "block_for_other_reasons", None) for q in queues]
    for owner, match, number, kind, country in blocked:
        details: dict[str, Any] = {"match_type": match, "type": kind, "blocked_number": number}
        if country:
            details.update(country=country, phone_number=f"+1{number}")
        items.append({"id": new_id(), "account_id": account_id, "owner_id": owner, "kind": "inbound_block_rule",
                      "details": details, **stamps})
    if master and len(users) >= 2:
        for me, other in ((users[0], users[1]), (users[1], users[0])):
            items.append({"id": new_id(), "account_id": account_id, "owner_id": me.id, "kind": "line_key",
                          "details": {"index": 1, "type": "line", "extension_id": me.id, "alias": "My line"}, **stamps})
            items.append({"id": new_id(), "account_id": account_id, "owner_id": me.id, "kind": "line_key",
                          "details": {"index": 2, "type": "blf", "extension_id": other.id, "alias": other.name[:32]},
                          **stamps})
    conn.execute(insert(t.phone_documents), documents)
    conn.execute(insert(t.phone_items), items)
