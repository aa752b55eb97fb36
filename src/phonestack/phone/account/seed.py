"""Demo data: the calling plans the demo accounts subscribe to, their billing accounts, setting
templates, account settings overrides and customized outbound caller ID numbers.

Seeded first of the phone families: users and common areas are given plans from these. The
numbers, sites and the users Number Management's seed made exist already."""

from __future__ import annotations

import random

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from ..common import CALLING_PLAN_NAMES

# type -> subscribed, for the master and the sub account
MASTER_PLANS = {200: 120, 100: 40, 300: 10, 3000: 60, 1: 200}
SUB_PLANS = {200: 10, 100: 5}
# An Indian plan of the master, billed under its Delhi billing account (as Zoom shows it).
INDIA_PLAN = (600, 20, "FT-SUBREF-21168178", "Delhi subscription")

# GET /phone/settings and GET /phone/account_settings overrides of the demo master.
MASTER_SETTINGS = {"show_device_ip_for_call_log": {"enable": True}, "multiple_party_conference": {"enable": True}}
MASTER_POLICY = {
    "e2e_encryption": {"enable": False},
    "zoom_phone_on_pwa": {"enable": False},
    "hide_phone_call_history_in_ios": {"enable": True, "locked": True},
}

USER_TEMPLATE_SETTINGS = {
    "policy": {"voicemail": {"enable": True, "allow_transcription": True},
               "sms": {"enable": True, "international_sms": False},
               "call_forwarding": {"enable": True, "call_forwarding_type": 1}},
    "profile": {"country": "US", "area_code": "408"},
    "user_settings": {"audio_prompt_language": "en-US", "block_calls_without_caller_id": False,
                      "hold_music": "default", "desk_phone": {"pin_code": "2580"}},
}
COMMON_AREA_TEMPLATE_SETTINGS = {
    "policy": {"call_overflow": {"enable": True, "call_overflow_type": 2}},
    "profile": {"country": "US", "area_code": "512"},
    "user_settings": {"audio_prompt_language": "en-US", "hold_music": "disable"},
}


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    plans = MASTER_PLANS if master else SUB_PLANS
    rows = [
        {"account_id": account_id, "type": ptype, "name": CALLING_PLAN_NAMES[ptype], "subscribed": n,
         "details": {}, **stamps()}
        for ptype, n in plans.items()
    ]
    if master:
        billing = [
            {"id": new_id(), "account_id": account_id, "name": name,
             "details": {"currency": currency, "country": country}, **stamps()}
            for name, currency, country in (("US billing", "USD", "US"), ("Delhi billing", "INR", "IN"))
        ]
        ptype, n, sub_id, sub_name = INDIA_PLAN
        rows.append({"account_id": account_id, "type": ptype, "name": CALLING_PLAN_NAMES[ptype], "subscribed": n,
                     "details": {"billing_account_id": billing[1]["id"], "billing_subscription_id": sub_id,
                                 "billing_subscription_name": sub_name}, **stamps()})
    conn.execute(insert(t.calling_plans), rows)
    if master:
        conn.execute(insert(t.billing_accounts), billing)
        conn.execute(insert(t.phone_documents), [
            {"account_id": account_id, "owner_id": account_id, "section": "settings",
             "data": {**MASTER_SETTINGS, "billing_account": {"id": billing[0]["id"]}}, **stamps()},
            {"account_id": account_id, "owner_id": account_id, "section": "policy", "data": MASTER_POLICY,
             **stamps()},
        ])
    _seed_templates(conn, account_id, master)
    _seed_caller_ids(conn, account_id, master)


def _sites(conn: Connection, account_id: str) -> list:
    return conn.execute(
        select(t.sites.c.id).where(t.sites.c.account_id == account_id).order_by(t.sites.c.main.desc(), t.sites.c.pk)
    ).all()


def _seed_templates(conn: Connection, account_id: str, master: bool) -> None:
    sites = _sites(conn, account_id)
    if not sites:
        return
    spec = [("Main site user template", "user", "Defaults for new users of the main site", 0,
             USER_TEMPLATE_SETTINGS)]
    if master:
        spec.append(("Austin lobby phones", "commonArea", "Common area phones of the Austin branch", 2,
                     COMMON_AREA_TEMPLATE_SETTINGS))
    conn.execute(insert(t.setting_templates), [
        {"id": new_id(), "account_id": account_id, "site_id": sites[min(i, len(sites) - 1)].id, "name": name,
         "type": kind, "description": description, "details": {"settings": settings}, **stamps()}
        for name, kind, description, i, settings in spec
    ])


def _seed_caller_ids(conn: Connection, account_id: str, master: bool) -> None:
    """Master (several sites): site-level numbers of the main and second sites and a user's
    numbers; sub account (one site): account-level numbers."""
    pn = t.phone_numbers
    numbers = conn.execute(
        select(pn.c.id).where(pn.c.account_id == account_id, pn.c.allocated_product == "ZOOM_PHONE",
                              pn.c.status == "Normal", pn.c.carrier_code.is_(None))
        .order_by(pn.c.pk)
    ).scalars().all()
    if len(numbers) < 2:
        return
    if master:
        sites = _sites(conn, account_id)
        user = conn.execute(
            select(t.extensions.c.id).where(t.extensions.c.account_id == account_id, t.extensions.c.type == "user")
            .order_by(t.extensions.c.pk).limit(1)
        ).scalar()
        owners = [(sites[0].id, numbers[:2])]
        if len(sites) > 1:
            owners.append((sites[1].id, numbers[4:5]))
        if user:
            owners.append((user, numbers[5:7]))
    else:
        owners = [(account_id, numbers[:2])]
    conn.execute(insert(t.caller_id_numbers), [
        {"id": new_id(), "account_id": account_id, "owner_id": owner, "phone_number_id": n, **stamps()}
        for owner, ids in owners for n in ids
    ])
