"""Demo data: Blocked lists, account inbound block rules and statistics, account-level outbound calling rules.

Master: three blocked-list entries (an inbound robocaller, an outbound premium-rate prefix, an
inactive one); two account inbound block rules; two more users blocking the number the first
user blocks (so the statistics count 3 extensions for it, one of them also as a threat for the
900 prefix); account-level outbound calling: Egypt blocked, the Dominican Republic restricted (rule 3), two exception rules.
Sub: one blocked-list entry and one account inbound block rule. The shared rng is not used.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, utcnow


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    now = utcnow()
    stamps = {"created_at": now, "updated_at": now}
    items: list[dict[str, Any]] = []

    def item(owner: str, kind: str, details: dict[str, Any]) -> None:
        items.append({"id": new_id(), "account_id": account_id, "owner_id": owner, "kind": kind,
                      "details": details, **stamps})

    blocked = [("inbound", "phoneNumber", "+12025550188", "active", "Robocaller", "US")]
    rules = [("phoneNumber", "3125550166", "block_for_other_reasons", "US", "Spam caller")]
    if master:
        blocked += [("outbound", "prefix", "+1900", "active", "Premium-rate numbers", "US"),
                    ("inbound", "phoneNumber", "+442079460958", "inactive", "Former supplier", "GB")]
        rules += [("prefix", "809", "block_for_other_reasons", "US", "Caribbean one-ring scam")]
    for block_type, match_type, number, status, comment, country in blocked:
        item(account_id, "blocked_list", {"block_type": block_type, "match_type": match_type, "phone_number": number,
                                          "status": status, "comment": comment, "country": country})
    for match_type, number, kind, country, comment in rules:
        item(account_id, "inbound_block_rule", {"match_type": match_type, "type": kind, "blocked_number": number,
                                                "country": country, "phone_number": f"+1{number}",
                                                "status": "active", "comment": comment})
    if master:
        ext = t.extensions
        users = conn.execute(select(ext.c.id).where(ext.c.account_id == account_id, ext.c.type == "user")
                             .order_by(ext.c.pk).limit(3)).scalars().all()
        for i, uid in enumerate(users[1:]):
            item(uid, "inbound_block_rule", {"match_type": "phoneNumber", "type": "block_for_other_reasons",
                                             "blocked_number": "2025550143", "country": "US",
                                             "phone_number": "+12025550143"})
            if i == 0:
                item(uid, "inbound_block_rule", {"match_type": "prefix", "type": "block_as_threat",
                                                 "blocked_number": "900", "country": "US", "phone_number": "+1900"})
        item(account_id, "outbound_exception_rule", {"country": "DO", "match_type": "phoneNumber",
                                                     "prefix_number": "8095550123", "rule": 1, "status": "active",
                                                     "comment": "Santo Domingo office"})
        item(account_id, "outbound_exception_rule", {"country": "US", "match_type": "prefix", "prefix_number": "1976",
                                                     "rule": 2, "status": "active", "comment": "Pay-per-call"})
        conn.execute(insert(t.phone_documents).values(account_id=account_id, owner_id=account_id,
                                                      section="outbound_calling",
                                                      data={"EG": {"rule": 2}, "DO": {"rule": 3}}, **stamps))
    conn.execute(insert(t.phone_items), items)
