"""Demo data of the Number Management area.

``seed_demo`` runs for the demo master and the demo sub account on every reset. It needs
sites and extensions (users, call queues, auto receptionists...) to assign numbers to; the
Phone-core area will own those, so they are made by the two helpers ``ensure_sites`` and
``ensure_extensions``, which create only what nobody created before them.

Deterministic: every choice comes from the ``rng`` the platform seed passes (ids excepted).
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.util import new_id, utcnow
from . import queries as q
from .views import CONSENT_STATUS_KEY

US_PLAN = "US/CA Included Phone Numbers"
TF_PLAN = "US/CA Toll-Free Numbers"
GLOBAL_PLAN = "Global Select"
CC_PLAN = "Contact Center Numbers"

# name, site_code, country, city, state, state_code, zip, street, area prefix of its numbers
MASTER_SITES = [
    ("Main Site", 100, "US", "San Jose", "California", "CA", "95113", "55 Almaden Blvd", "+1408"),
    ("London Office", 200, "GB", "London", "England", "", "EC2A 4NE", "1 Finsbury Ave", "+4420"),
    ("Austin Branch", 300, "US", "Austin", "Texas", "TX", "78701", "500 Congress Ave", "+1512"),
]
SUB_SITES = [
    ("Sub Main Site", 100, "US", "New York", "New York", "NY", "10001", "350 5th Ave", "+1212"),
]

# extensions.type, name, extension number, site index
MASTER_EXTENSIONS = [
    ("user", "Alice Bob", 1001, 0), ("user", "Carol Diaz", 1002, 0), ("user", "Evan Fox", 1003, 2),
    ("user", "Grace Hill", 1004, 1), ("user", "Ivan Jones", 1005, 0), ("user", "Kara Lee", 1006, 0),
    ("callQueue", "Sales Queue", 2001, 0), ("callQueue", "Support Queue", 2002, 2),
    ("autoReceptionist", "Main Auto Receptionist", 3001, 0), ("commonArea", "Lobby Phone", 4001, 0),
    ("sharedLineGroup", "Front Desk", 5001, 0), ("meetingService", "Meeting Service", 6001, 0),
]
SUB_EXTENSIONS = [
    ("user", "Nina Owens", 1001, 0), ("user", "Omar Patel", 1002, 0), ("callQueue", "Sub Help Desk", 2001, 0),
    ("autoReceptionist", "Sub Auto Receptionist", 3001, 0),
]


# --- sites and extensions (the Phone-core area will own these) ----------------------------------


def ensure_sites(conn: Connection, account_id: str, master: bool) -> list[Any]:
    """The account's sites, main first; the demo ones are created if it has none yet."""
    rows = _sites(conn, account_id)
    if rows:
        return rows
    now = utcnow()
    spec = MASTER_SITES if master else SUB_SITES
    conn.execute(insert(t.sites), [
        {
            "id": new_id(), "account_id": account_id, "name": name, "site_code": code, "country": country,
            "main": i == 0, "created_at": now, "updated_at": now,
            "details": {"address": {"address_line1": street, "city": city, "state_code": state_code,
                                    "zip": zip_code, "country": country}, "state": state, "prefix": prefix},
        }
        for i, (name, code, country, city, state, state_code, zip_code, street, prefix) in enumerate(spec)
    ])
    return _sites(conn, account_id)


def _sites(conn: Connection, account_id: str) -> list[Any]:
    return conn.execute(
        select(t.sites).where(t.sites.c.account_id == account_id).order_by(t.sites.c.main.desc(), t.sites.c.pk)
    ).all()


def ensure_extensions(conn: Connection, account_id: str, sites: list[Any], master: bool) -> dict[str, list[Any]]:
    """The account's extensions by type; each demo type nobody created yet is created."""
    have = _extensions(conn, account_id)
    spec = MASTER_EXTENSIONS if master else SUB_EXTENSIONS
    used = {e.extension_number for rows in have.values() for e in rows}
    missing = {kind for kind, *_ in spec} - set(have)
    if missing:
        now = utcnow()
        new = []
        for kind, name, ext, site_idx in spec:
            if kind not in missing:
                continue
            while ext in used:
                ext += 100
            used.add(ext)
            details: dict[str, Any] = {}
            if kind == "user":
                first, _, last = name.partition(" ")
                details = {"first_name": first, "last_name": last}
            elif kind == "meetingService":
                details = {
                    "meeting_id": "964 3020 9491", "display_number": "+1 408 209 5623", "label": "Main line",
                    "greeting": {"id": new_id(), "name": "welcome.wav"},
                    "on_hold_music": {"id": new_id(), "name": "music.wav"},
                }
            email = f"{name.lower().replace(' ', '.')}@{'demo' if master else 'sub.demo'}.phonestack.dev"
            new.append({
                "id": new_id(), "account_id": account_id, "site_id": sites[min(site_idx, len(sites) - 1)].id,
                "type": kind, "extension_number": ext, "name": name,
                "email": email if kind == "user" else None, "status": "active", "details": details,
                "created_at": now, "updated_at": now,
            })
        conn.execute(insert(t.extensions), new)
        have = _extensions(conn, account_id)
    return have


def _extensions(conn: Connection, account_id: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for row in conn.execute(
        select(t.extensions).where(t.extensions.c.account_id == account_id).order_by(t.extensions.c.pk)
    ).all():
        out.setdefault(row.type, []).append(row)
    return out


# --- the Number Management data -------------------------------------------------------------------

# number_type, source, status, product, assignee ("type:index"), site index, country, plan, extras
MASTER_NUMBERS: list[tuple] = [
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:0", 0, "US", US_PLAN, {"sms": True, "name": "Alice direct"}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:1", 0, "US", US_PLAN, {"sms": True}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:2", 2, "US", US_PLAN, {}),
    ("Toll", "ZoomPorted", "Normal", "ZOOM_PHONE", "user:3", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:4", 1, "GB", GLOBAL_PLAN, {}),
    ("TollFree", "Zoom", "Normal", "ZOOM_PHONE", "callQueue:0", 0, "US", TF_PLAN, {"name": "Sales hotline"}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "callQueue:1", 2, "US", US_PLAN, {}),
    ("TollFree", "Zoom", "Normal", "ZOOM_PHONE", "autoReceptionist:0", 0, "US", TF_PLAN, {"name": "Main line"}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "commonArea:0", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "sharedLineGroup:0", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "meetingService:0", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", None, 0, "US", US_PLAN, {"sms": True}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", None, 2, "US", US_PLAN, {}),
    ("National", "Zoom", "Normal", "ZOOM_PHONE", None, 1, "GB", GLOBAL_PLAN, {}),
    ("Mobile", "Zoom", "Normal", "ZOOM_PHONE", None, 1, "GB", GLOBAL_PLAN, {"sms": True}),
    ("Toll", "ZoomPorted", "Normal", "ZOOM_PHONE", None, 0, "US", US_PLAN, {}),
    ("Toll", "ZoomReserved", "Normal", "ZOOM_PHONE", None, 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Pending", "ZOOM_PHONE", None, 0, "US", US_PLAN, {}),
    ("TollFree", "ZoomPorted", "Pending", "ZOOM_PHONE", None, 0, "US", TF_PLAN, {}),
    ("Toll", "Zoom", "Normal", "UNALLOCATED", None, None, "US", US_PLAN, {}),
    ("TollFree", "Zoom", "Normal", "UNALLOCATED", None, None, "US", TF_PLAN, {}),
    ("VirtualService", "Zoom", "Normal", "ZOOM_CONTACT_CENTER", None, None, "US", CC_PLAN,
     {"cid": "Demo Support", "sms": True}),
    ("VirtualService", "Zoom", "Normal", "ZOOM_CONTACT_CENTER", None, None, "CA", CC_PLAN, {}),
    ("TollFree", "Zoom", "Normal", "ZOOM_CONTACT_CENTER", None, None, "US", CC_PLAN, {"cid": "Demo Care"}),
    ("Toll", "BYOCPremises", "Normal", "ZOOM_PHONE", "user:5", 0, "US", None, {"group": 0, "pci": True}),
    ("Toll", "BYOCPremises", "Normal", "ZOOM_PHONE", None, 0, "US", None, {"group": 0, "update_required": True}),
    ("Toll", "BYOCPremises", "Normal", "ZOOM_PHONE", None, 2, "US", None, {"group": 2}),
    ("Toll", "BYOCCloud", "Normal", "ZOOM_PHONE", None, 0, "US", None, {}),
    ("Toll", "BYOCPremises", "Normal", "ZOOM_CONTACT_CENTER", None, None, "US", None, {"group": 1}),
    ("Toll", "ThirdPartyNumber", "Normal", "ZOOM_PHONE", None, 0, "US", None, {}),
    # cloud peering numbers pushed by the demo carrier
    ("Toll", "ThirdPartyNumber", "Normal", "ZOOM_PHONE", "user:1", 0, "US", None,
     {"peer": {"billing_ref_id": "DEMO-BILL-0001", "service_info": "Metered charges apply"}}),
    ("Toll", "ThirdPartyNumber", "Normal", "ZOOM_PHONE", None, 0, "US", None,
     {"peer": {"voice_direction": "INBOUND_ONLY", "service_info": "Inbound only number"}, "update_required": True}),
    ("Mobile", "ThirdPartyNumber", "Normal", "ZOOM_PHONE", None, 0, "US", None,
     {"peer": {"message_capability": "SUPPORTED", "voice_msg_capacity": "ZOOM_PHONE_USER_ONLY"}}),
    ("Toll", "ThirdPartyNumber", "Pending", "UNALLOCATED", None, None, "US", None, {"peer": {"status": False}}),
    ("TollFree", "ThirdPartyNumber", "Normal", "ZOOM_CONTACT_CENTER", None, None, "US", None,
     {"peer": {"outbound_dialer_not_supported": True}, "cid": "Peer Care"}),
]
SUB_NUMBERS: list[tuple] = [
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:0", 0, "US", US_PLAN, {"sms": True}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "user:1", 0, "US", US_PLAN, {}),
    ("TollFree", "Zoom", "Normal", "ZOOM_PHONE", "callQueue:0", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", "autoReceptionist:0", 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Normal", "ZOOM_PHONE", None, 0, "US", US_PLAN, {}),
    ("Toll", "Zoom", "Pending", "ZOOM_PHONE", None, 0, "US", US_PLAN, {}),
    ("VirtualService", "Zoom", "Normal", "ZOOM_CONTACT_CENTER", None, None, "US", CC_PLAN, {}),
    ("Toll", "BYOCPremises", "Normal", "ZOOM_PHONE", None, 0, "US", None, {"group": 0}),
    ("Toll", "ThirdPartyNumber", "Normal", "ZOOM_PHONE", None, 0, "US", None,
     {"peer": {"billing_ref_id": "DEMO-BILL-0101"}}),
    ("Toll", "ThirdPartyNumber", "Normal", "UNALLOCATED", None, None, "US", None, {"peer": {}}),
    ("Toll", "ThirdPartyNumber", "Pending", "ZOOM_PHONE", None, 0, "US", None, {"peer": {"status": False}}),
]

# where a number of a country/type is drawn from, when its site does not say
PREFIXES = {("US", "TollFree"): ("+1888", "+1877", "+1866"), ("US", "Toll"): ("+1650", "+1415"),
            ("CA", "VirtualService"): ("+1416",), ("US", "VirtualService"): ("+1720",),
            ("GB", "Mobile"): ("+447700",), ("GB", "National"): ("+44330",), ("US", "Mobile"): ("+1628",)}
CITIES = {"+1408": ("San Jose", "California"), "+1415": ("San Francisco", "California"),
          "+1512": ("Austin", "Texas"), "+1650": ("Palo Alto", "California"), "+1212": ("New York", "New York"),
          "+1416": ("Toronto", "Ontario"), "+1720": ("Denver", "Colorado"), "+4420": ("London", "England"),
          "+1628": ("San Francisco", "California")}


class _Numbers:
    """Unique, deterministic phone numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def draw(self, prefix: str) -> str:
        while True:
            remaining = (11 if prefix.startswith("+1") else 12) - (len(prefix) - 1)
            number = prefix + "".join(str(self.rng.randint(0, 9)) for _ in range(remaining))
            if prefix.startswith("+1") and number[5] in "01":
                continue  # NANP exchange codes start 2-9
            if number not in self.seen:
                self.seen.add(number)
                return number


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:
    sites = ensure_sites(conn, account_id, master)
    extensions = ensure_extensions(conn, account_id, sites, master)
    trunks, groups = _seed_sip(conn, account_id, master)
    numbers = _seed_numbers(conn, account_id, rng, master, sites, extensions, groups)
    _seed_campaigns(conn, account_id, master, numbers)
    _seed_consents(conn, account_id, master, numbers)
    _seed_port_orders(conn, account_id, rng, master, numbers)
    _seed_plans(conn, account_id, master)


def _seed_sip(conn: Connection, account_id: str, master: bool) -> tuple[list[str], list[str]]:
    now = utcnow()
    trunk_spec = [
        ("Bandwidth US Trunk", "Bandwidth", "3900123", "us-west", "SBC-US-01", "ZOOM_PHONE"),
        ("Common Carrier Trunk", "Twilio", "AC55f0e3", "eu-central", "SBC-EU-01", "COMMON"),
    ]
    group_spec = [  # name, description, send name, trunk index, source system, PCI Pal
        ("Premises Group A", "On-premises SBC for the San Jose office", False, 0, "ZOOM_PHONE", True),
        ("Contact Center Group", "Contact Center BYOC routing", False, 1, "ZOOM_CONTACT_CENTER", False),
        ("Common Group", "Shared by Zoom Phone and Contact Center", True, 1, "COMMON", False),
    ]
    if not master:
        trunk_spec, group_spec = trunk_spec[:1], [("Sub Premises Group", "", False, 0, "ZOOM_PHONE", False)]
    trunks = [new_id() for _ in trunk_spec]
    conn.execute(insert(t.sip_trunks), [
        {"id": trunks[i], "account_id": account_id, "name": name, "carrier": carrier, "carrier_account": acct,
         "region": region, "sbc_label": sbc, "source_system": source, "created_at": now, "updated_at": now}
        for i, (name, carrier, acct, region, sbc, source) in enumerate(trunk_spec)
    ])
    groups = [new_id() for _ in group_spec]
    conn.execute(insert(t.sip_groups), [
        {"id": groups[i], "account_id": account_id, "display_name": name, "description": desc,
         "send_sip_group_name": send, "sip_trunk_id": trunks[trunk], "source_system": source,
         "pci_pal_supported": pci, "created_at": now, "updated_at": now}
        for i, (name, desc, send, trunk, source, pci) in enumerate(group_spec)
    ])
    return trunks, groups


def _seed_numbers(conn, account_id, rng, master, sites, extensions, groups) -> list[dict[str, Any]]:  # noqa: ANN001
    now = utcnow()
    draw = _Numbers(rng)
    carrier = None
    code = q.options(conn, account_id).get("carrier_code")
    if code is None and not master:
        parent = conn.execute(select(t.accounts.c.parent_id).where(t.accounts.c.id == account_id)).scalar()
        code = q.options(conn, parent).get("carrier_code") if parent else None
    if code is not None:
        carrier = q.carrier_account(conn, code)
    rows: list[dict[str, Any]] = []
    for number_type, source, status, product, assignee, site_idx, country, plan, extra in (
        MASTER_NUMBERS if master else SUB_NUMBERS
    ):
        if "peer" in extra and carrier is None:
            continue
        site = sites[min(site_idx, len(sites) - 1)] if site_idx is not None else None
        site_prefix = (site.details or {}).get("prefix") if site is not None else None
        if number_type == "Toll" and site_prefix and (site.country == country):
            prefix = site_prefix
        else:
            prefix = rng.choice(PREFIXES.get((country, number_type)) or PREFIXES[("US", "Toll")])
        number = draw.draw(prefix)
        city = next((c for p, c in CITIES.items() if number.startswith(p)), None)
        location = {"country": q.COUNTRIES[country][1]}
        if city:
            location.update(city=city[0], state=city[1])
        caps = ["Incoming", "Outgoing"]
        if extra.get("sms"):
            caps.append("Messaging")
        if extra.get("pci"):
            caps.append("PCIPal")
        assignee_id = None
        if assignee:
            kind, _, idx = assignee.partition(":")
            of_kind = extensions.get(kind) or []
            # A number belongs to its assignee's site: pick among the kind's extensions there.
            here = [e for e in of_kind if site is not None and e.site_id == site.id]
            of_kind = here or of_kind
            if of_kind:
                assignee_id = of_kind[int(idx) % len(of_kind)].id
        address = None
        if site is not None and product == "ZOOM_PHONE" and status == "Normal":
            address = dict((site.details or {}).get("address") or {}) or None
            if address:
                caps.append("EmergencyCalls")
        row = {
            "id": new_id(), "account_id": account_id, "number": number,
            "display_name": extra.get("name"), "caller_id_name": extra.get("cid"),
            "number_type": number_type, "source": source, "status": status, "allocated_product": product,
            "capability": caps, "country_iso": country, "location": location,
            "site_id": site.id if site is not None and product == "ZOOM_PHONE" else None,
            "sip_group_id": groups[extra["group"] % len(groups)] if "group" in extra else None,
            "emergency_address": address,
            "emergency_address_update_time": now if address and source == "BYOCPremises" else None,
            "address_update_required": bool(extra.get("update_required")), "pci_pal": bool(extra.get("pci")),
            "assignee_id": assignee_id, "plan_name": plan,
            "carrier_code": None, "carrier_name": None, "peering": None,
            "created_at": now, "updated_at": now,
        }
        if "peer" in extra:
            peering = {
                "sip_trunk_name": "phonestack-peering-trunk-us", "status": status == "Normal",
                "voice_msg_capacity": "MULTI_USE", "voice_direction": "INBOUND_AND_OUTBOUND",
                "outbound_dialer_not_supported": False, "outbound_cli_share_not_supported": False,
                "message_capability": "NOT_APPLICABLE", **extra["peer"],
            }
            row.update(carrier_code=int(code), carrier_name=q.carrier_name(carrier), peering=peering)
            direction = peering["voice_direction"]
            row["capability"] = [c for c in (
                "Incoming" if direction != "OUTBOUND_ONLY" else None,
                "Outgoing" if direction != "INBOUND_ONLY" else None,
                "Messaging" if peering["message_capability"] == "SUPPORTED" else None,
                "EmergencyCalls" if address else None,
            ) if c]
        rows.append(row)
    conn.execute(insert(t.phone_numbers), rows)
    return rows


def _pick(numbers: list[dict[str, Any]], n: int, **match: Any) -> list[dict[str, Any]]:
    out = [r for r in numbers if all(r.get(k) == v for k, v in match.items())]
    return out[:n]


def _seed_campaigns(conn: Connection, account_id: str, master: bool, numbers: list[dict[str, Any]]) -> None:
    now = utcnow()
    brand_id = "B-" + new_id()
    spec = [  # name, status, service type, capacity, numbers
        ("Customer Notifications", "active", "zoomPhone", 10,
         [r for r in numbers if "Messaging" in r["capability"] and r["allocated_product"] == "ZOOM_PHONE"
          and r["carrier_code"] is None][:2]),
        ("Support Center Alerts", "pending", "contactCenter", 3,
         _pick(numbers, 1, allocated_product="ZOOM_CONTACT_CENTER", number_type="VirtualService")),
    ]
    if not master:
        spec = spec[:1]
    for name, status, service, capacity, assigned in spec:
        campaign_id = "C-" + new_id()
        conn.execute(insert(t.sms_campaigns).values(
            id=campaign_id, account_id=account_id, display_name=name, status=status, service_type=service,
            brand_id=brand_id, brand_name="Phonestack Demo Brand" if master else "Phonestack Sub Brand",
            capacity=capacity, created_at=now, updated_at=now, details={
                "response_to_opt_in": "DEMO: Thank you for opting in. Message and data rates may apply. "
                                      "Reply STOP to end, HELP for help.",
                "response_to_opt_out": "You are unsubscribed from DEMO texts. No more messages will be sent.",
                "response_to_help": "DEMO: visit https://demo.phonestack.dev for help. Text STOP to stop.",
            },
        ))
        _link(conn, assigned, sms_campaign_id=campaign_id)


def _in_out_bound(name: str) -> dict[str, Any]:
    return {
        "opt_in_message": {
            "prompt": f"Text START to receive text messages from {name}. Message and data rates may apply.",
            "keywords": ["START", "YES"], "confirmation_message": "You're subscribed!",
        },
        "opt_out_message": {"message": f"You are unsubscribed from {name}.", "keywords": ["STOP", "QUIT"]},
        "help_message": {"message": f"{name}: reply STOP to stop, START to subscribe again.",
                         "keywords": ["HELP", "INFO"]},
        "disclaimer": {"message": "Message frequency varies.", "enable": True},
    }


def _seed_consents(conn: Connection, account_id: str, master: bool, numbers: list[dict[str, Any]]) -> None:
    now = utcnow()
    plain = [r for r in numbers if r["allocated_product"] == "ZOOM_PHONE" and r["carrier_code"] is None
             and r["status"] == "Normal"]
    spec = [  # name, description, active, numbers
        ("ZPconsent", "Reminders and support messages to our customers.", True, plain[:2]),
        ("Marketing Opt-in", "Marketing campaigns (paused).", False, plain[2:3]),
    ]
    if not master:
        spec = spec[:1]
    for name, desc, active, assigned in spec:
        consent_id = "C-" + new_id()
        conn.execute(insert(t.sms_consents).values(
            id=consent_id, account_id=account_id, consent_name=name, description=desc, user_id=None,
            in_out_bound={**_in_out_bound("DEMO"), CONSENT_STATUS_KEY: active}, created_at=now, updated_at=now,
        ))
        _link(conn, assigned, sms_consent_id=consent_id)


def _link(conn: Connection, rows: list[dict[str, Any]], **values: Any) -> None:
    if rows:
        conn.execute(
            t.phone_numbers.update().where(t.phone_numbers.c.id.in_([r["id"] for r in rows])).values(**values)
        )


def _seed_port_orders(conn, account_id, rng, master, numbers) -> None:  # noqa: ANN001
    now = utcnow()
    draw = _Numbers(rng)
    draw.seen.update(r["number"] for r in numbers)
    ported = [r["number"] for r in numbers if r["source"] == "ZoomPorted"]
    spec = [  # status, numbers, submitted
        ("Successfully", ported or [draw.draw("+1408")], "2025-03-04T17:20:11Z"),
        ("Processing", [draw.draw("+1415"), draw.draw("+1415")], "2025-10-21T09:02:45Z"),
        ("Canceled", [draw.draw("+1650")], "2024-08-03T07:33:29Z"),
    ]
    if not master:
        spec = spec[1:2]
    rows = []
    for status, port_numbers, submitted in spec:
        order_id = submitted[:10].replace("-", "") + "".join(str(rng.randint(0, 9)) for _ in range(11))
        details = {
            "submission_date_time": submitted,
            "replacing_numbers": [{"source_number": port_numbers[0], "target_number": draw.draw("+1408")}]
            if status == "Successfully" else [],
            "contact_emails": "it-admin@demo.phonestack.dev", "contact_number": "+14085550100",
            "isp": rng.choice(["Twilio International", "Verizon", "AT&T"]), "printed_name": "Alex Carter",
            "original_billing_info": {
                "account_number": str(rng.randint(100000, 999999)),
                "address": {"city": "San Jose", "country": "US", "house_number": "55", "state_code": "CA",
                            "street_name": "ALMADEN BLVD", "zip": "95113"},
                "authorizing_person": "Alex Carter", "billing_telephone_number": port_numbers[0],
                "company": "Phonestack Demo Inc.", "customer_requested_date": submitted[:10],
                "pin": str(rng.randint(1000, 9999)),
            },
        }
        rows.append({"id": new_id(), "account_id": account_id, "order_id": order_id, "status": status,
                     "numbers": port_numbers, "details": details, "created_at": now, "updated_at": now})
    conn.execute(insert(t.port_orders), rows)


def _seed_plans(conn: Connection, account_id: str, master: bool) -> None:
    now = utcnow()
    spec = [  # name, product, subscribed, unlimited
        (US_PLAN, "ZOOM_PHONE", 30, False), (TF_PLAN, "ZOOM_PHONE", 5, False),
        (GLOBAL_PLAN, "ZOOM_PHONE", 10, False), ("Unlimited Regional - US/CA", "ZOOM_PHONE", 100, True),
        (CC_PLAN, "ZOOM_CONTACT_CENTER", 10, False),
    ]
    if not master:
        spec = [(US_PLAN, "ZOOM_PHONE", 10, False), (CC_PLAN, "ZOOM_CONTACT_CENTER", 2, False)]
    conn.execute(insert(t.number_plans), [
        {"id": new_id(), "account_id": account_id, "name": name, "product": product, "subscribed": n,
         "is_unlimited": unlimited, "created_at": now, "updated_at": now}
        for name, product, n, unlimited in spec
    ])
