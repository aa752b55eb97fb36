"""Demo data: alert settings of the master account.

A service-level alert on the first call queue (business hours), an account-wide "Devices go
offline" alert, and an emergency call alert on the main site; the sub account has none.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from .provider import KIND

EXT = t.extensions


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    if not master:
        return
    queue = conn.execute(select(EXT.c.id).where(EXT.c.account_id == account_id, EXT.c.type == "callQueue")
                         .order_by(EXT.c.pk).limit(1)).scalar()
    site = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account_id)
                        .order_by(t.sites.c.main.desc(), t.sites.c.pk).limit(1)).scalar()
    alerts: list[dict[str, Any]] = []
    if queue:
        alerts.append({"alert_setting_name": "Sales queue service level", "module": 1, "rule": 1,
                       "rule_conditions": [{"rule_condition_type": 1, "rule_condition_value": "60"},
                                           {"rule_condition_type": 2, "rule_condition_value": "80"},
                                           {"rule_condition_type": 3, "rule_condition_value": "60"}],
                       "target_type": 3, "target_ids": [queue], "time_frame_type": "specific_time",
                       "time_frame_from": "08:30:00", "time_frame_to": "18:00:00", "frequency": 15,
                       "email_recipients": ["sales-leads@demo.phonestack.dev"], "chat_channels": [], "status": 1})
    alerts.append({"alert_setting_name": "Desk phones offline", "module": 3, "rule": 10,
                   "rule_conditions": [{"rule_condition_type": 4, "rule_condition_value": "15"}],
                   "target_type": 2, "target_ids": [], "time_frame_type": "all_day",
                   "time_frame_from": "00:00:00", "time_frame_to": "00:00:00", "frequency": 30,
                   "email_recipients": ["it-ops@demo.phonestack.dev"],
                   "chat_channels": [{"chat_channel_name": "it-alerts", "end_point":
                                      "https://hooks.demo.phonestack.dev/it-alerts", "token": "demo-token"}],
                   "status": 1})
    if site:
        alerts.append({"alert_setting_name": "Emergency calls at HQ", "module": 5, "rule": 14,
                       "rule_conditions": [{"rule_condition_type": 5, "rule_condition_value": "Critical"}],
                       "target_type": 4, "target_ids": [site], "time_frame_type": "all_day",
                       "time_frame_from": "00:00:00", "time_frame_to": "00:00:00",
                       "email_recipients": ["security@demo.phonestack.dev"], "status": 1})
    now = stamps()
    conn.execute(insert(t.phone_items), [{"id": new_id(), "account_id": account_id, "owner_id": account_id,
                                          "kind": KIND, "details": a, **now} for a in alerts])
