"""Demo data: Phone SMS campaigns and consent opt statuses (shared with Number Management).

The campaigns and consent policies are Number Management's (numbers/seed.py); this seed adds
what only the Phone API shows of a campaign (use case, content types, sample messages) and the
opt statuses of consumers who texted campaign numbers that no user holds (the users seed records
those of user numbers).
"""

from __future__ import annotations

import random

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from ..users.views import OPT_STATUS

SAMPLES = (
    "Your order {n} has shipped and arrives tomorrow. Reply STOP to opt out.",
    "Reminder: your appointment is on Monday at 10 AM. Reply C to confirm.",
    "Your support ticket {n} was updated. Reply HELP for help.",
)


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    local = random.Random(4 if master else 5)  # the shared rng is left to the areas seeded later
    camp, pn = t.sms_campaigns, t.phone_numbers
    campaigns = conn.execute(select(camp.c.pk, camp.c.id, camp.c.details).where(camp.c.account_id == account_id)
                             .order_by(camp.c.pk)).all()
    for i, row in enumerate(campaigns):
        details = dict(row.details or {})
        details.update(auto_renew=i == 0, use_case="lowVolumeMixed", categories_fit=True,
                       content_type=["urlLink", "phoneNumber"] if i == 0 else ["phoneNumber"])
        for j, text in enumerate(SAMPLES, start=1):
            details[f"sample_message_{j}"] = text.replace("{n}", str(local.randint(10000, 99999)))
        conn.execute(update(camp).where(camp.c.pk == row.pk).values(details=details))
    numbers = conn.execute(select(pn.c.number, pn.c.sms_campaign_id, pn.c.sms_consent_id).where(
        pn.c.account_id == account_id, pn.c.assignee_id.is_(None),
        pn.c.sms_campaign_id.is_not(None) | pn.c.sms_consent_id.is_not(None)).order_by(pn.c.pk)).all()
    items = []
    for n in numbers[:3]:
        for status, sub in (("opt_in", 3), ("opt_out", 4)):
            consumer = f"+1{local.choice((206, 312, 415, 646))}555{local.randint(200, 299):04d}"
            items.append({"id": new_id(), "account_id": account_id, "owner_id": n.sms_campaign_id or n.sms_consent_id,
                          "kind": OPT_STATUS, "details": {"zoom_phone_user_number": n.number,
                                                          "consumer_phone_number": consumer, "opt_status": status,
                                                          "opt_in_status": sub}, **stamps()})
    if items:
        conn.execute(insert(t.phone_items), items)
