"""The call simulator: ``phonestack simulate --calls N --days D --seed S`` and
``POST /_phonestack/simulate``.

Calls go through the account's configured topology, read from the other families' tables:

- a call to a number goes to its assignee (``phone_numbers.assignee_id``);
- a call queue rings its members (``phone_members`` role ``member``, ``receive_call`` not false)
  per the queue's call distribution (``call_handling:business_hours`` document of the
  extensions family: ``ring_mode`` simultaneous / sequential / rotating / longest_idle,
  ``ring_duration``, ``max_wait_time``); when nobody answers within the maximum wait time the call
  overflows and, with ``call_not_answer_action`` 1, ends in the queue's voicemail; a caller
  may abandon while waiting;
- an auto receptionist answers and routes by its IVR (``phone_documents`` section ``ivr``),
  business hours or closed hours per its ``custom_hours`` in its time zone: the caller presses a
  key (route to the key's target, leave a voicemail, forward to a number, repeat...) or nothing
  (the no-action routing);
- a call queue on a holiday (its ``call_handling:holiday_hours`` holidays) or outside its business
  hours (``custom_hours`` in its time zone) follows the holiday's / closed hours' routing instead
  of ringing members; an auto receptionist on a holiday (its own, or its site's for a primary AR)
  plays that holiday's IVR menu (``ivr.holidays[holiday_id]``);
- members on a call are busy (skipped: the next member, or the caller waits, then overflow) unless
  the queue's ``handle_multiple_calls``; after a queue call a member is in wrap-up for the queue's
  ``wrap_up_time`` and is not offered queue calls; calls are made in time order for this;
- users, shared line groups and common areas ring; a user's enabled ``call_forwarding_settings``
  numbers ring with the user (the call may be answered there); a busy user follows the
  ``busy_routing`` action (21 call waiting: it rings); unanswered calls follow the
  ``call_not_answer_action``: 1 voicemail (when the owner's voicemail policy is on), 2/4/6/7/8 the
  ``forward_to`` extension, 9/10 the ``forward_to`` phone number, else disconnect (``dispatch``);
- inbound block rules (``inbound_block_rule``): the account's active rules block external callers
  (``system_blocked``), an extension's rules reject them (``rejected``, in its call log as such);
- internal calls dial extensions; outbound calls check the account's blocked list
  (``phone_items`` ``blocked_list``, outbound, active) and the outbound calling rules
  (``phone_documents`` ``outbound_calling`` resolved account -> site -> user, and active
  ``outbound_exception_rule`` items): a blocked call ends ``system_blocked``; inbound calls from
  numbers on the blocked list (inbound / threat) are blocked too;
- recordings follow the owner's ``auto_call_recording`` policy (``recording_calls`` inbound /
  outbound / both; a queue's policy records the calls it delivers), with a transcript when
  ``recording_transcription`` is on; voicemails get a transcription when
  ``voicemail_transcription`` is on.

Every call writes one ``call_history`` row, its ``call_elements`` (legs), one ``call_logs`` row
per party of the account (caller, callee, queue), and its recordings and voicemails. Nothing
audio is stored: a recording or voicemail keeps a ``seed`` and its transcript, and the WAV is
synthesized on download (``activity/media.py``). Rows go in by chunks of executemany.

Deterministic: every value (ids included) comes from ``random.Random(seed)`` and the window
``[end - days, end)``, where ``end`` is the next UTC midnight unless given.
"""

from __future__ import annotations

import random
import sys
import time
import zlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from ..store import schema as t

CHUNK = 2000
MAX_TS = 9_999_999_999

EXT_TYPE = {  # extensions.type -> call history's snake_case extension type
    "user": "user", "callQueue": "call_queue", "autoReceptionist": "auto_receptionist",
    "commonArea": "common_area", "sharedLineGroup": "shared_line_group", "zoomRoom": "zoom_room",
}
LEGACY_PATH = {"user": "extension", "callQueue": "callQueue", "autoReceptionist": "autoReceptionist",
               "commonArea": "commonAreaPhone", "sharedLineGroup": "sharedLineGroup"}
SITE_TZ = {"GB": "Europe/London", "US": "America/Los_Angeles"}
SITE_HOLIDAYS = "setting:holiday_hours"  # the sites family's holidays (a site's primary AR uses them)
BLOCK_RULE = "inbound_block_rule"
FORWARD_TO_EXTENSION = (2, 4, 6, 7, 8)  # call_not_answer_action / busy_on_another_call_action
FORWARD_TO_NUMBER = (9, 10)
DEFAULT_MENU: dict[str, Any] = {"caller_enters_no_action": {"action": -1},
                                "key_actions": {"*": {"action": 21}, "#": {"action": 22}}}

# Destinations of outbound calls: (ISO, calling code, national prefixes, weight, rate USD/min)
DESTINATIONS = [
    ("US", "1", ["212", "415", "512", "303", "617", "206"], 70, 0.0100),
    ("US", "1", ["900"], 1, 0.0100),  # premium-rate numbers (blocked by the demo's lists)
    ("GB", "44", ["20", "161"], 8, 0.0250),
    ("CA", "1", ["416", "604"], 4, 0.0150),
    ("MX", "52", ["55"], 4, 0.0450),
    ("DE", "49", ["30"], 3, 0.0300),
    ("FR", "33", ["1"], 2, 0.0300),
    ("IN", "91", ["22"], 2, 0.0600),
    ("RU", "7", ["495"], 2, 0.1200),
    ("NG", "234", ["1"], 1, 0.1800),
    ("EG", "20", ["2"], 1, 0.1500),
    ("DO", "1", ["809"], 1, 0.1100),
    ("JP", "81", ["3"], 1, 0.0500),
]
_DEST_WEIGHTS = [d[3] for d in DESTINATIONS]

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
         "Wei", "Priya", "Carlos", "Fatima", "Kenji", "Olga", "Ahmed", "Sofia", "Liam", "Chloe"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Chen", "Patel",
        "Rodriguez", "Kim", "Nguyen", "Muller", "Rossi", "Tanaka", "Ivanova", "Hassan", "Dubois", "Silva"]
VOICEMAIL_LINES = [
    "Hi, this is {name}. Please call me back at {number} when you get a chance.",
    "Hello, {name} here, calling about the invoice from last week. My number is {number}.",
    "Good morning, this is {name}. I would like to schedule a meeting for next Tuesday. Call me at {number}.",
    "Hi, it's {name}. Just confirming our appointment tomorrow at ten. Thanks.",
    "This is {name} from the shipping company. Your order is ready; please call {number}.",
    "Hello, {name} calling regarding the support ticket. Reach me at {number}. Thank you.",
]
CONVERSATION = [
    ("callee", "Thank you for calling, how can I help you today?"),
    ("caller", "Hi, I have a question about my account."),
    ("callee", "Sure, can I have your name please?"),
    ("caller", "It's {name}."),
    ("callee", "Thanks {name}, let me look that up for you."),
    ("caller", "Great, thank you."),
    ("callee", "Everything looks good. Is there anything else?"),
    ("caller", "No, that's all. Have a nice day."),
]
DEVICES = ["MAC_Client(6.0.2.33403)", "WIN_Client(6.0.2.33403)", "iOS(6.0.2)", "Android(6.0.2)",
           "Polycom VVX 450", "Yealink T54W"]


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


_DAYS: dict[int, tuple[str, str]] = {}


def _day_of(ts: int) -> tuple[str, str]:
    d = ts // 86400
    got = _DAYS.get(d)
    if got is None:
        day = datetime.fromtimestamp(d * 86400, UTC)
        got = _DAYS[d] = (day.strftime("%Y-%m-%dT"), day.strftime("%Y%m%d"))
    return got


def iso(ts: int) -> str:
    """Zoom's 'yyyy-MM-ddTHH:mm:ssZ' (UTC), without datetime per call."""
    s = ts % 86400
    return f"{_day_of(ts)[0]}{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}Z"


def _day(ts: int) -> str:
    return _day_of(ts)[1]


def sort_key(ts: int, row_id: str) -> str:
    """Newest first, unique: the inverted time then the id."""
    return f"{MAX_TS - ts:010d}{row_id}"


# --- the topology ---------------------------------------------------------------------------------


@dataclass
class Ext:
    id: str
    type: str
    name: str
    number: int | None
    email: str | None
    site_id: str | None
    details: dict[str, Any]
    dids: list[str] = field(default_factory=list)
    members: list[Ext] = field(default_factory=list)
    handling: dict[str, Any] = field(default_factory=dict)  # call_handling of business hours
    hours: dict[str, Any] = field(default_factory=dict)  # custom_hours
    ivr: dict[str, Any] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)
    outbound: dict[str, Any] = field(default_factory=dict)  # ISO -> {"rule"}
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    last_answer: int = 0
    closed: dict[str, Any] = field(default_factory=dict)  # call_handling of closed hours
    holidays: list[tuple[int, int, str, dict[str, Any]]] = field(default_factory=list)  # (from, to, id, handling)
    forwards: list[str] = field(default_factory=list)  # enabled external call forwarding numbers (users)
    blocks: list[tuple[bool, str]] = field(default_factory=list)  # inbound block rules: (prefix?, E.164)
    busy_until: int = 0  # on a call until then
    wrap_until: int = 0  # in a queue's wrap-up until then (not offered queue calls)


@dataclass
class Party:
    name: str
    number: str  # extension number or E.164
    did: str
    ext: Ext | None = None
    iso: str = "US"
    cc: str = "1"
    number_type: str = "zoom_pstn"
    device: str = ""


class Topology:
    def __init__(self, conn: Connection, account_id: str) -> None:
        from ..phone import documents as docs
        from ..phone.extensions import callhandling

        self.account_id = account_id
        E = t.extensions
        self.sites = {r.id: r for r in conn.execute(select(t.sites).where(t.sites.c.account_id == account_id))}
        self._site_names = {k: v.name for k, v in self.sites.items()}
        self.exts: dict[str, Ext] = {}
        rows = conn.execute(select(E).where(E.c.account_id == account_id).order_by(E.c.pk)).all()
        for r in rows:
            self.exts[r.id] = Ext(r.id, r.type, r.name, r.extension_number, r.email, r.site_id, r.details or {})
        self.by_number: dict[str, Ext] = {}
        for n in conn.execute(select(t.phone_numbers.c.number, t.phone_numbers.c.assignee_id).where(
                t.phone_numbers.c.account_id == account_id, t.phone_numbers.c.assignee_id.is_not(None))
                .order_by(t.phone_numbers.c.pk)):
            ext = self.exts.get(n.assignee_id)
            if ext is not None:
                ext.dids.append(n.number)
                self.by_number[n.number] = ext
        for m in conn.execute(select(t.phone_members).where(t.phone_members.c.account_id == account_id,
                                                            t.phone_members.c.role == "member")
                              .order_by(t.phone_members.c.pk)):
            box, who = self.exts.get(m.container_id), self.exts.get(m.member_id)
            if box is None or who is None or box.type not in ("callQueue", "sharedLineGroup"):
                continue
            if (m.details or {}).get("receive_call") is False:
                continue
            box.members.append(who)
        # The documents of every owner, in one query, resolved here as documents.resolve does
        # (defaults <- account <- user group <- site <- owner, locks of upper levels win).
        sections = ("policy", "outbound_calling", "ivr", callhandling.section("business_hours"),
                    callhandling.section("closed_hours"), callhandling.section("holiday_hours"), SITE_HOLIDAYS)
        docs_of: dict[tuple[str, str], dict[str, Any]] = {}
        for d in conn.execute(select(t.phone_documents.c.owner_id, t.phone_documents.c.section,
                                     t.phone_documents.c.data).where(
                t.phone_documents.c.account_id == account_id, t.phone_documents.c.section.in_(sections))):
            if isinstance(d.data, dict):
                docs_of[(d.owner_id, d.section)] = d.data
        group_of: dict[str, str] = {}
        for g in conn.execute(select(t.phone_items.c.id, t.phone_items.c.details).where(
                t.phone_items.c.owner_id == account_id, t.phone_items.c.kind == docs.USER_GROUP)
                .order_by(t.phone_items.c.pk)):
            for uid in (g.details or {}).get("user_ids") or []:
                group_of.setdefault(uid, g.id)

        def resolve(chain: list[tuple[str, str | None]], section: str, defaults: dict[str, Any]) -> dict[str, Any]:
            out = dict(defaults)
            locked: set[str] = set()
            for level, owner in chain:
                for key, value in docs_of.get((owner or "", section), {}).items():
                    if key in locked:
                        continue
                    out[key] = docs.merge(out.get(key), value) if key in out else value
                    if isinstance(value, dict) and value.get("locked") is True and level != chain[-1][0]:
                        locked.add(key)
            return out

        user_defaults = _user_policy_defaults()
        queue_defaults = _queue_policy_defaults()
        hours_section = callhandling.section("business_hours")
        closed_section = callhandling.section("closed_hours")
        holiday_section = callhandling.section("holiday_hours")
        for ext in self.exts.values():
            if ext.type in callhandling.APPLICABLE:
                doc = docs.merge(callhandling.defaults(ext.type, "business_hours"),
                                 docs_of.get((ext.id, hours_section), {}))
                ext.handling = doc.get("call_handling") or {}
                ext.hours = doc.get("custom_hours") or {}
                ext.forwards = [str(f["phone_number"]) for f in (doc.get("call_forwarding") or {}).get(
                    "call_forwarding_settings") or [] if f.get("enable", True) and f.get("phone_number")]
                closed = docs.merge(callhandling.defaults(ext.type, "closed_hours"),
                                    docs_of.get((ext.id, closed_section), {}))
                ext.closed = closed.get("call_handling") or {}
                holidays = list((docs_of.get((ext.id, holiday_section)) or {}).get("holidays") or [])
                if ext.type == "autoReceptionist" and ext.details.get("primary") and ext.site_id:
                    holidays += (docs_of.get((ext.site_id, SITE_HOLIDAYS)) or {}).get("holidays") or []
                ext.holidays = _holidays(holidays, callhandling.call_handling_defaults(ext.type, "holiday_hours"))
            chain: list[tuple[str, str | None]] = [("account", account_id), ("site", ext.site_id), ("user", ext.id)]
            if ext.type == "user":
                group = group_of.get(ext.id)
                pchain = [chain[0], (docs.USER_GROUP, group), *chain[1:]] if group else chain
                ext.policy = resolve(pchain, "policy", user_defaults)
            elif ext.type == "callQueue":
                ext.policy = resolve(chain, "policy", queue_defaults)
            elif ext.type == "autoReceptionist":
                ext.ivr = docs_of.get((ext.id, "ivr"), {})
            if ext.type in ("user", "commonArea"):
                ext.outbound = resolve(chain, "outbound_calling", {})
        rules = conn.execute(select(t.phone_items.c.owner_id, t.phone_items.c.details).where(
            t.phone_items.c.account_id == account_id, t.phone_items.c.kind == "outbound_exception_rule")
            .order_by(t.phone_items.c.pk)).all()
        for ext in self.exts.values():
            owners = {account_id, ext.site_id, ext.id}
            ext.exceptions = [r.details for r in rules if r.owner_id in owners
                              and (r.details or {}).get("status", "active") == "active"]
        # Inbound block rules: the account's (active) apply to every external call, an extension's
        # to the calls routed to it.
        self.account_blocks: list[tuple[bool, str]] = []
        for r in conn.execute(select(t.phone_items.c.owner_id, t.phone_items.c.details).where(
                t.phone_items.c.account_id == account_id, t.phone_items.c.kind == BLOCK_RULE)
                .order_by(t.phone_items.c.pk)):
            rule = _block_rule(r.details or {})
            if rule is None:
                continue
            if r.owner_id == account_id:
                if (r.details or {}).get("status", "active") == "active":
                    self.account_blocks.append(rule)
            elif r.owner_id in self.exts:
                self.exts[r.owner_id].blocks.append(rule)
        self.blocked = [r.details for r in conn.execute(select(t.phone_items.c.details).where(
            t.phone_items.c.account_id == account_id, t.phone_items.c.kind == "blocked_list")
            .order_by(t.phone_items.c.pk)) if (r.details or {}).get("status", "active") == "active"]
        self.users = [e for e in self.exts.values() if e.type == "user" and e.number is not None]
        self.callers = self.users + [e for e in self.exts.values() if e.type == "commonArea"]
        self.dialable = [e for e in self.exts.values()
                         if e.type in ("user", "callQueue", "sharedLineGroup", "commonArea", "autoReceptionist")
                         and e.number is not None]
        self.numbers = sorted(n for n, e in self.by_number.items() if e.type in LEGACY_PATH)
        self.company_did = {s: next((d for e in self.exts.values() if e.site_id == s and e.type == "autoReceptionist"
                                     for d in e.dids), None) for s in self.sites}

    def site_name(self, site_id: str | None) -> str:
        return self._site_names.get(site_id, "") if site_id else ""

    def tz(self, ext: Ext) -> zoneinfo.ZoneInfo:
        name = ext.details.get("timezone")
        if not name:
            site = self.sites.get(ext.site_id) if ext.site_id else None
            name = SITE_TZ.get(site.country if site is not None else "US", "America/Los_Angeles")
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def blocked_number(self, number: str, block_types: tuple[str, ...]) -> bool:
        for b in self.blocked:
            if b.get("block_type") not in block_types:
                continue
            pn = str(b.get("phone_number") or "")
            if not pn:
                continue
            if (b.get("match_type") == "prefix" and number.startswith(pn)) or number == pn:
                return True
        return False


def blocks(rules: list[tuple[bool, str]], number: str) -> bool:
    """Whether inbound block ``rules`` ((prefix?, E.164 number or prefix)) match ``number``."""
    for prefix, value in rules:
        if number.startswith(value) if prefix else number == value:
            return True
    return False


def _block_rule(d: dict[str, Any]) -> tuple[bool, str] | None:
    """An inbound block rule as (prefix?, E.164 prefix or number); SMS short codes do not block calls."""
    from ..numbers.queries import COUNTRIES

    match = d.get("match_type")
    number = str(d.get("blocked_number") or "").lstrip("+")
    if match not in ("phoneNumber", "prefix") or not number:
        return None
    code = COUNTRIES.get(str(d.get("country") or "US").upper(), ("1", ""))[0]
    return match == "prefix", f"+{code}{number}"


def _holidays(items: list[Any], defaults: dict[str, Any]) -> list[tuple[int, int, str, dict[str, Any]]]:
    """Holidays as (from, to, holiday id, call handling), epoch seconds (``from``/``to`` are UTC)."""
    from ..phone import documents as docs

    out = []
    for h in items:
        if not isinstance(h, dict):
            continue
        try:
            a = int(datetime.fromisoformat(str(h.get("from")).replace("Z", "+00:00")).timestamp())
            b = int(datetime.fromisoformat(str(h.get("to")).replace("Z", "+00:00")).timestamp())
        except ValueError:
            continue
        out.append((a, b, str(h.get("holiday_id") or ""), docs.merge(defaults, h.get("call_handling") or {})))
    return out


def _routing(handling: dict[str, Any]) -> dict[str, Any]:
    """The not-answered routing of a call_handling block: {action, forward_to}."""
    routing = dict(handling.get("routing") or {})
    routing["action"] = handling.get("call_not_answer_action", routing.get("action", 1))
    return routing


def _external_number(number: str) -> Party:
    iso_, cc = "US", "1"
    if not number.startswith("+1"):
        from ..numbers.queries import country_of

        iso_ = country_of(number) or "US"
        cc = ""
    return Party(number, number, number, None, iso=iso_, cc=cc or _calling_code(iso_), number_type="external_pstn")


def _calling_code(iso_: str) -> str:
    from ..numbers.queries import COUNTRIES

    return COUNTRIES.get(iso_, ("1", ""))[0]


def holiday_at(ext: Ext, ts: int) -> tuple[int, int, str, dict[str, Any]] | None:
    for h in ext.holidays:
        if h[0] <= ts < h[1]:
            return h
    return None


class _Row:  # what callhandling.load reads of an extensions row
    def __init__(self, ext: Ext) -> None:
        self.id, self.type = ext.id, ext.type


def _user_policy_defaults() -> dict[str, Any]:
    from ..phone.users.views import policy_defaults

    return policy_defaults()


def _queue_policy_defaults() -> dict[str, Any]:
    from ..phone.call_queues.provider import policy_defaults

    return dict(policy_defaults())


def in_business_hours(hours: dict[str, Any], local: datetime) -> bool:
    """``custom_hours``: type 1 is 24 hours; type 2 lists per weekday (1 = Sunday) a type 0
    (closed), 1 (all day) or 2 (``from``-``to``)."""
    if hours.get("type", 1) != 2:
        return True
    weekday = (local.isoweekday() % 7) + 1  # Sunday = 1
    hhmm = local.strftime("%H:%M")
    for d in hours.get("custom_hours_settings") or []:
        if d.get("weekday") != weekday:
            continue
        kind = d.get("type", 1)
        if kind == 1:
            return True
        if kind == 2:
            return str(d.get("from", "00:00")) <= hhmm < str(d.get("to", "24:00"))
        return False
    return False


# --- one call -------------------------------------------------------------------------------------


@dataclass
class Leg:
    event: str
    caller: Party
    callee: Party
    start: int
    answer: int | None
    end: int
    result: str
    operator: Ext | None = None
    press_key: str = ""
    recording: dict[str, Any] | None = None
    voicemail: dict[str, Any] | None = None
    hold: int = 0
    wait: int = 0


@dataclass
class Call:
    start: int
    direction: str  # inbound | outbound | internal
    caller: Party
    callee: Party
    legs: list[Leg] = field(default_factory=list)
    result: str = "answered"
    answered_by: Ext | None = None
    queue: Ext | None = None
    wait: int = 0
    end: int = 0
    rate: float = 0.0
    international: bool = False
    recordings: list[dict[str, Any]] = field(default_factory=list)
    voicemails: list[dict[str, Any]] = field(default_factory=list)
    parties: list[Ext] = field(default_factory=list)  # the account's extensions that get a call log


def _party(call: Call, ext: Ext) -> None:
    """``ext`` gets a call log of the call (the kinds that have call logs)."""
    if ext.type in LEGACY_PATH and ext not in call.parties:
        call.parties.append(ext)


class Simulator:
    def __init__(self, conn: Connection, account_id: str, rng: random.Random, start_ts: int, end_ts: int) -> None:
        self.topo = Topology(conn, account_id)
        self.rng = rng
        # Ids come from their own generator, salted with the account and what it holds already:
        # the same seed into another account (or twice into one) must not reuse ids; the same seed
        # into the same fresh account gives the same ids.
        held = conn.execute(select(func.count()).select_from(t.call_history)
                            .where(t.call_history.c.account_id == account_id)).scalar_one()
        self.ids = random.Random(f"{account_id}:{held}:{rng.getrandbits(64)}")
        self.start_ts, self.end_ts = start_ts, end_ts
        self.account_id = account_id
        self.rotate: dict[str, int] = {}
        self.parties: dict[str, Party] = {}  # one per extension: legs compare parties by identity

    # parties
    def internal(self, ext: Ext) -> Party:
        got = self.parties.get(ext.id)
        if got is None:
            got = self.parties[ext.id] = self._internal(ext)
        return got

    def _internal(self, ext: Ext) -> Party:
        did = ext.dids[0] if ext.dids else (self.topo.company_did.get(ext.site_id) or "")
        return Party(ext.name, str(ext.number or ""), did, ext, number_type="zoom_pstn",
                     device=DEVICES[zlib.crc32(ext.id.encode()) % len(DEVICES)] if ext.type in ("user", "commonArea") else "")

    def external(self, iso: str = "US", cc: str = "1", prefix: str | None = None) -> Party:
        rng = self.rng
        if prefix is None:
            prefix = rng.choice(["212", "415", "512", "303", "617", "206", "312", "646"])
        digits = 10 - len(prefix) if cc == "1" else 8
        number = f"+{cc}{prefix}{rng.randrange(10 ** (digits - 1), 10 ** digits)}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return Party(name, number, number, None, iso=iso, cc=cc, number_type="external_pstn", device="")

    # the scenarios
    def schedule(self, calls: int) -> list[int]:
        """The start times of ``calls`` calls, in order: calls are made in time order, so that who
        is on a call (busy) or in a queue's wrap-up is known when the next one rings."""
        rng, span = self.rng, self.end_ts - self.start_ts - 3600
        return sorted(self.start_ts + int(rng.random() * span) for _ in range(calls))

    def make(self, ts: int | None = None) -> Call:
        rng, topo = self.rng, self.topo
        if ts is None:
            ts = self.start_ts + int(rng.random() * (self.end_ts - self.start_ts - 3600))
        r = rng.random()
        if r < 0.42 and topo.numbers:
            caller = self.external()
            if rng.random() < 0.01:
                caller = Party("Robocaller", "+12025550188", "+12025550188", None, number_type="external_pstn")
            target = topo.by_number[rng.choice(topo.numbers)]
            call = Call(ts, "inbound", caller, self.internal(target))
            if topo.blocked_number(caller.number, ("inbound", "threat")) or (
                    topo.account_blocks and blocks(topo.account_blocks, caller.number)):
                self.blocked(call, ts)
            else:
                self.route(call, target, ts, caller, depth=0)
        elif r < 0.72 and topo.callers:
            src = rng.choice(topo.callers)
            dest = rng.choices(DESTINATIONS, _DEST_WEIGHTS)[0]
            callee = self.external(dest[0], dest[1], rng.choice(dest[2]))
            call = Call(ts, "outbound", self.internal(src), callee, rate=dest[4], international=dest[0] != "US")
            call.parties.append(src)
            self.outbound(call, src, ts)
        elif topo.users and topo.dialable:
            src = rng.choice(topo.users)
            target = rng.choice(topo.dialable)
            if target is src:
                target = topo.dialable[(topo.dialable.index(src) + 1) % len(topo.dialable)]
            call = Call(ts, "internal", self.internal(src), self.internal(target))
            call.parties.append(src)
            self.route(call, target, ts, call.caller, depth=0)
        else:  # an account without topology: external calls to nobody
            call = Call(ts, "inbound", self.external(), self.external())
            self.blocked(call, ts)
        if not call.end:
            call.end = max(leg.end for leg in call.legs) if call.legs else ts
        src = call.caller.ext
        if src is not None and call.answered_by is not None and call.result == "answered":
            src.busy_until = max(src.busy_until, call.end)  # the caller is on the call until it ends
        return call

    def blocked(self, call: Call, ts: int) -> None:
        call.legs.append(Leg("incoming" if call.direction == "inbound" else "outgoing", call.caller, call.callee,
                             ts, None, ts + 1, "system_blocked"))
        call.result = "system_blocked"
        call.end = ts + 1

    def talk(self) -> int:
        return min(3600, 8 + int(self.rng.expovariate(1 / 170)))

    def outbound(self, call: Call, src: Ext, ts: int) -> None:
        if self.topo.blocked_number(call.callee.number, ("outbound",)) or not self.allowed(src, call.callee):
            self.blocked(call, ts)
            return
        rng = self.rng
        if rng.random() < 0.78:
            answer = ts + rng.randint(3, 25)
            end = answer + self.talk()
            leg = Leg("outgoing", call.caller, call.callee, ts, answer, end, "answered")
            call.answered_by = src
            self.record(call, leg, src, "outbound")
        else:
            end = ts + rng.randint(10, 45)
            leg = Leg("outgoing", call.caller, call.callee, ts, None, end, rng.choice(["no_answer", "busy", "canceled"]))
            call.result = leg.result
        call.legs.append(leg)
        call.end = end

    def allowed(self, src: Ext, callee: Party) -> bool:
        """Outbound calling: an active exception rule matching the number decides, else the
        country's rule (2 = blocked)."""
        national = callee.number.removeprefix("+" + callee.cc)
        for rule in src.exceptions:
            if rule.get("country") not in (None, callee.iso):
                continue
            prefix = str(rule.get("prefix_number") or "")
            hit = (national.startswith(prefix) or callee.number.lstrip("+").startswith(prefix)
                   if rule.get("match_type", "prefix") == "prefix" else prefix in (national, callee.number))
            if prefix and hit:
                return rule.get("rule") != 2
        rule = (src.outbound.get(callee.iso) or {}).get("rule", 1)
        return rule != 2

    def route(self, call: Call, target: Ext, ts: int, caller: Party, depth: int, operator: Ext | None = None) -> int:
        """Routes the call to ``target`` from ``ts``; the time the call ends."""
        _party(call, target)
        if target.blocks and caller.ext is None and blocks(target.blocks, caller.number):
            # the extension's inbound block rule rejects the caller
            call.legs.append(Leg("incoming", caller, self.internal(target), ts, None, ts + 1, "rejected",
                                 operator=operator))
            call.result = "rejected"
            call.end = ts + 1
            return ts + 1
        if target.type == "callQueue":
            return self.queue(call, target, ts, caller, depth, operator)
        if target.type == "autoReceptionist" and depth < 3:
            return self.receptionist(call, target, ts, caller, depth, operator)
        if target.type == "sharedLineGroup":
            phones = [m for m in target.members if m.busy_until <= ts] or target.members or [target]
            return self.ring(call, target, ts, caller, phones, operator, "shared_line_incoming", depth)
        return self.ring(call, target, ts, caller, [target], operator, "incoming", depth)

    def ring(self, call: Call, owner: Ext, ts: int, caller: Party, phones: list[Ext], operator: Ext | None,
             event: str, depth: int = 0) -> int:
        rng = self.rng
        handling = owner.handling or {}
        max_wait = int(handling.get("max_wait_time") or 30)
        p = 0.7 if owner.type != "commonArea" else 0.6
        if handling.get("receive_call") is False:
            p = 0.0
        callee = self.internal(owner)
        if owner.type == "user" and owner.busy_until > ts:  # on another call: the busy routing
            busy = handling.get("busy_routing") or {}
            action = busy.get("action", 21)
            if action != 21:  # 21: call waiting (it rings as usual)
                call.legs.append(Leg(event, caller, callee, ts, None, ts + 2, "busy", operator=operator))
                call.result = "busy"
                call.end = ts + 2
                if action == 22 or action == 12:  # a busy signal / a message, then disconnect
                    call.end = ts + (2 if action == 22 else rng.randint(5, 15))
                    return call.end
                return self.dispatch(call, owner, {"action": action, **busy}, ts + 2, caller, depth, "busy")
        if rng.random() < p:
            n = len(phones)
            pick = rng.randrange(n + len(owner.forwards)) if owner.forwards else rng.randrange(n)
            answer = ts + rng.randint(2, max(3, min(max_wait, 20)))
            end = answer + self.talk()
            if pick >= n:  # answered on an external number the user forwards calls to (rings with the user)
                number = owner.forwards[pick - n]
                call.legs.append(Leg("forward", caller, _external_number(number), ts, answer, end, "answered",
                                     operator=owner))
                call.answered_by = owner
                owner.busy_until = max(owner.busy_until, end)  # on the call (on another phone)
                call.result = "answered"
                call.end = end
                return end
            who = phones[pick]
            leg = Leg(event, caller, self.internal(who) if who is not owner else callee, ts, answer, end, "answered",
                      operator=operator)
            call.legs.append(leg)
            call.answered_by = who
            who.busy_until = max(who.busy_until, end)
            _party(call, who)
            self.record(call, leg, who, "inbound")
            call.result = "answered"
            call.end = end
            return end
        gave_up = ts + max_wait
        if rng.random() < 0.25:  # the caller hangs up before the ring timeout
            gave_up = ts + rng.randint(3, max_wait)
            call.legs.append(Leg(event, caller, callee, ts, None, gave_up, "hang_up", operator=operator))
            call.result = "hang_up"
            call.end = gave_up
            return gave_up
        call.legs.append(Leg(event, caller, callee, ts, None, gave_up, "ring_timeout", operator=operator))
        if owner.type == "commonArea":  # common areas have no voicemail
            call.result = "no_answer"
            call.end = gave_up
            return gave_up
        return self.dispatch(call, owner, _routing(handling), gave_up, caller, depth, "no_answer")

    def dispatch(self, call: Call, owner: Ext, routing: dict[str, Any], ts: int, caller: Party, depth: int,
                 result: str) -> int:
        """Where a call goes that ``owner`` does not take (unanswered, busy, overflowed, closed, a
        holiday): ``routing`` {action, forward_to}: 1 voicemail; 2/4/6/7/8 the extension
        ``forward_to.extension_id``; 9/10 the phone number ``forward_to.phone_number``; 11 and
        anything else: disconnect; 12/13 a message, then disconnect. ``result``: the call's result
        when it ends there."""
        action = routing.get("action", 1)
        fwd = routing.get("forward_to") or {}
        if action == 1:
            return self.leave_voicemail(call, owner, ts, caller)
        if action in FORWARD_TO_EXTENSION and depth < 3:
            target = self.topo.exts.get(str(fwd.get("extension_id") or fwd.get("id") or ""))
            if target is not None and target is not owner:
                return self.route(call, target, ts, caller, depth + 1, operator=owner)
        if action in FORWARD_TO_NUMBER and fwd.get("phone_number"):
            return self.forward(call, owner, str(fwd["phone_number"]), ts, caller)
        call.result = result if call.result not in ("overflowed",) else call.result
        call.end = ts + (self.rng.randint(5, 15) if action in (12, 13) else 1)
        return call.end

    def forward(self, call: Call, owner: Ext, number: str, ts: int, caller: Party) -> int:
        """Forwarded to an external number: answered there (70%) or not."""
        rng = self.rng
        if rng.random() < 0.7:
            answer = ts + rng.randint(3, 15)
            end = answer + self.talk()
            call.legs.append(Leg("forward", caller, _external_number(number), ts, answer, end, "answered",
                                 operator=owner))
            if call.result != "overflowed":  # an overflowed queue call stays overflowed (analytics)
                call.answered_by = owner
                call.result = "answered"
                owner.busy_until = max(owner.busy_until, end)
            call.end = end
            return end
        end = ts + rng.randint(10, 30)
        call.legs.append(Leg("forward", caller, _external_number(number), ts, None, end, "no_answer", operator=owner))
        if call.result not in ("overflowed",):
            call.result = "no_answer"
        call.end = end
        return end

    def queue(self, call: Call, q: Ext, ts: int, caller: Party, depth: int, operator: Ext | None) -> int:
        rng = self.rng
        if call.queue is None:
            call.queue = q
        handling = q.handling or {}
        dist = handling.get("call_distribution") or {}
        mode = dist.get("ring_mode") or handling.get("ring_mode") or "simultaneous"
        ring_for = int(dist.get("ring_duration") or 30)
        max_wait = int(handling.get("max_wait_time") or 120)
        qparty = self.internal(q)
        call.legs.append(Leg("incoming", caller, qparty, ts, ts + 1, ts + 1, "answered", operator=operator))
        # a holiday, or outside the queue's business hours: its holiday / closed-hours routing
        off = holiday_at(q, ts) if q.holidays else None
        closed = off[3] if off is not None else None
        if closed is None and q.hours.get("type", 1) == 2 and not in_business_hours(
                q.hours, datetime.fromtimestamp(ts, self.topo.tz(q))):
            closed = q.closed
        if closed is not None:
            return self.dispatch(call, q, _routing(closed), ts + 1, caller, depth, "no_answer")
        handle_multiple = bool(dist.get("handle_multiple_calls"))
        wrap = int(handling.get("wrap_up_time") or 0)

        def free(m: Ext, at: int) -> bool:  # not on a call (unless members take several) nor wrapping up
            return (handle_multiple or m.busy_until <= at) and m.wrap_until <= at

        members = list(q.members)
        if mode == "rotating" and members:
            start = self.rotate.get(q.id, 0) % len(members)
            self.rotate[q.id] = start + 1
            members = members[start:] + members[:start]
        elif mode == "longest_idle":
            members.sort(key=lambda m: m.last_answer)
        abandon_at = ts + rng.randint(5, max(6, max_wait)) if rng.random() < 0.1 else None
        t0 = ts + 1
        waited = 0
        rounds = 0
        nxt = 0  # sequential modes: the next member to offer the call to
        while members and waited < max_wait and rounds < 20:
            rounds += 1
            if mode == "simultaneous":
                batch = [m for m in members if free(m, t0)]
            else:  # the next member in order who is free (a busy one is skipped)
                batch = []
                for k in range(len(members)):
                    m = members[(nxt + k) % len(members)]
                    if free(m, t0):
                        batch, nxt = [m], (nxt + k + 1) % len(members)
                        break
            if not batch:  # everyone is on a call or wrapping up: the caller waits for the first one free
                free_at = min(max(m.wrap_until, 0 if handle_multiple else m.busy_until) for m in members)
                delay = max(1, min(free_at - t0, max_wait - waited))
                if abandon_at is not None and t0 + delay >= abandon_at:
                    break
                t0 += delay
                waited += delay
                continue
            ring = min(ring_for, max_wait - waited)
            answered = None
            for m in batch:
                if rng.random() < (0.55 if mode == "simultaneous" else 0.45):
                    answered = m
                    break
            delay = rng.randint(2, max(3, ring)) if answered else ring
            if abandon_at is not None and t0 + delay >= abandon_at:
                break
            for m in batch:
                res = "answered" if m is answered else ("canceled" if answered else "ring_timeout")
                mparty = self.internal(m)
                call.legs.append(Leg("ring_to_member", caller, mparty, t0, t0 + delay if m is answered else None,
                                     t0 + delay, res, operator=q, wait=waited + delay))
            if answered is not None:
                answer = t0 + delay
                end = answer + self.talk()
                leg = call.legs[-len(batch) + batch.index(answered)]
                leg.end = end
                leg.hold = rng.choice([0, 0, 0, rng.randint(5, 60)])
                call.answered_by = answered
                answered.last_answer = answer
                answered.busy_until = max(answered.busy_until, end)
                answered.wrap_until = max(answered.wrap_until, end + wrap)
                _party(call, answered)
                call.wait = answer - ts
                call.result = "answered"
                self.record(call, leg, answered, "inbound", queue=q)
                call.end = end
                return end
            t0 += delay
            waited += delay
        if abandon_at is not None and (not members or abandon_at < ts + max_wait):
            call.wait = max(1, abandon_at - ts)
            call.legs.append(Leg("incoming", caller, qparty, t0, None, abandon_at, "abandoned"))
            call.result = "abandoned"
            call.end = abandon_at
            return abandon_at
        over = ts + max(waited, 1) + 1 if members else ts + 2
        call.wait = over - ts
        call.legs.append(Leg("overflow", caller, qparty, over, None, over, "overflowed", operator=q))
        call.result = "overflowed"
        end = self.dispatch(call, q, _routing(handling), over, caller, depth, "overflowed")
        if call.result not in ("voicemail", "abandoned"):
            call.result = "overflowed"  # wherever it went next, the queue overflowed it
        return end

    def receptionist(self, call: Call, ar: Ext, ts: int, caller: Party, depth: int, operator: Ext | None) -> int:
        rng = self.rng
        holiday = holiday_at(ar, ts) if ar.holidays else None
        if holiday is not None:  # the holiday's own menu (Update auto receptionist IVR with holiday_id)
            menu = (ar.ivr.get("holidays") or {}).get(holiday[2]) or DEFAULT_MENU
        else:
            local = datetime.fromtimestamp(ts, self.topo.tz(ar))
            hours_type = "business_hours" if in_business_hours(ar.hours, local) else "closed_hours"
            menu = ar.ivr.get(hours_type) or DEFAULT_MENU
        keys = sorted((menu.get("key_actions") or {}).items())
        press = ts + rng.randint(4, 15)
        aparty = self.internal(ar)
        r = rng.random()
        if keys and r < 0.8:
            key, action = rng.choice(keys)
        elif r < 0.85:
            key, action = str(rng.choice("3579")), {"action": "invalid"}
        else:
            key, action = "", menu.get("caller_enters_no_action") or {"action": -1}
        leg = Leg("incoming", caller, aparty, ts, ts + 1, press, "answered", operator=operator, press_key=key)
        call.legs.append(leg)
        code = action.get("action")
        target = self.topo.exts.get(action.get("target_extension_id") or "")
        if code == "invalid":
            leg.result = "invalid_key"
            call.result = "invalid_key"
            call.end = press
            return press
        if code in (100,) or (code in (200, 300, 400, 500) and target is not None):
            owner = ar if code == 100 else target
            _party(call, owner)
            return self.leave_voicemail(call, owner, press, caller)
        if code in (2, 4, 5, 6, 7, 8) and target is not None:
            return self.route(call, target, press, caller, depth + 1, operator=ar)
        if code == 10 and action.get("phone_number"):
            ext = Party(action.get("phone_number_name") or "Forwarded", action["phone_number"], action["phone_number"],
                        number_type="external_pstn")
            answer = press + rng.randint(3, 15)
            end = answer + self.talk()
            call.legs.append(Leg("forward", caller, ext, press, answer, end, "answered", operator=ar))
            call.result = "answered"
            call.end = end
            return end
        leg.result = "hang_up"  # repeat greeting, return, disconnect: the caller leaves
        call.result = "hang_up"
        call.end = press + rng.randint(1, 10)
        return call.end

    def leave_voicemail(self, call: Call, owner: Ext, ts: int, caller: Party) -> int:
        rng = self.rng
        policy = owner.policy or {}
        vm_on = (policy.get("voicemail") or {}).get("enable", True) if owner.type == "user" else True
        if not vm_on or rng.random() < 0.3:  # no voicemail, or the caller hangs up at the greeting
            call.result = "no_answer" if call.result not in ("overflowed",) else call.result
            call.end = ts + rng.randint(2, 8)
            return call.end
        duration = rng.randint(6, 45)
        greeting = rng.randint(3, 8)
        end = ts + greeting + duration
        vm_id = _hex(self.ids)
        text = rng.choice(VOICEMAIL_LINES).format(name=caller.name, number=caller.did or caller.number)
        transcribe = (policy.get("voicemail_transcription") or {}).get("enable", True)
        vm = {"id": vm_id, "owner": owner, "start": ts + greeting, "duration": duration, "seed": rng.getrandbits(31),
              "text": text if transcribe else None, "status": "read" if rng.random() < 0.3 else "unread"}
        call.voicemails.append(vm)
        call.legs.append(Leg("incoming", caller, self.internal(owner), ts, ts + greeting, end, "voicemail", voicemail=vm))
        call.result = "voicemail"
        call.end = end
        return end

    def record(self, call: Call, leg: Leg, who: Ext, direction: str, queue: Ext | None = None) -> None:
        """Recording policy: the queue's (calls it delivers) or the party's auto_call_recording
        (``recording_calls`` inbound / outbound / both); else an occasional ad-hoc recording when
        ``ad_hoc_call_recording`` is on."""
        rng = self.rng
        owner, kind = None, None
        for cand in ([queue] if queue is not None else []) + [who]:
            rec = (cand.policy or {}).get("auto_call_recording") or {}
            calls = rec.get("recording_calls", "inbound_and_outbound")
            if rec.get("enable") and (calls in ("both", "inbound_and_outbound") or calls == direction):
                owner, kind = cand, "Automatic"
                break
        if owner is None and who.type in ("user", "commonArea"):
            adhoc = (who.policy or {}).get("ad_hoc_call_recording") or {}
            if adhoc.get("enable") and rng.random() < 0.05:
                owner, kind = who, "OnDemand"
        if owner is None or leg.answer is None:
            return
        src = (queue or owner).policy or {}
        transcribe = bool(((src.get("auto_call_recording") if kind == "Automatic" else src.get("ad_hoc_call_recording"))
                           or {}).get("recording_transcription", True))
        rec = {"id": _hex(self.ids), "owner": owner, "start": leg.answer, "duration": max(1, leg.end - leg.answer),
               "type": kind, "seed": rng.getrandbits(31), "transcript": transcribe, "direction": direction}
        leg.recording = rec
        call.recordings.append(rec)


# --- rendering --------------------------------------------------------------------------------------


def _party_fields(prefix: str, p: Party, topo: Topology) -> dict[str, Any]:
    e = p.ext
    out = {
        f"{prefix}_name": p.name,
        f"{prefix}_did_number": p.did or None,
        f"{prefix}_number_type": p.number_type,
        f"{prefix}_country_iso_code": p.iso,
        f"{prefix}_country_code": p.cc,
    }
    if e is not None:
        out.update({
            f"{prefix}_ext_id": e.id, f"{prefix}_ext_number": str(e.number or ""),
            f"{prefix}_ext_type": EXT_TYPE.get(e.type, "user"), f"{prefix}_email": e.email or "",
            f"{prefix}_device_type": p.device,
        })
        if e.details.get("department"):
            out[f"{prefix}_department"] = e.details["department"]
        if e.details.get("cost_center"):
            out[f"{prefix}_cost_center"] = e.details["cost_center"]
    return {k: v for k, v in out.items() if v is not None}


def _legacy_party(prefix: str, p: Party) -> dict[str, Any]:
    internal = p.ext is not None
    return {
        f"{prefix}_name": p.name,
        f"{prefix}_number": p.number if internal else p.did,
        f"{prefix}_number_type": 1 if internal else 2,
        f"{prefix}_did_number": p.did or "",
        f"{prefix}_country_code": p.cc,
        f"{prefix}_country_iso_code": p.iso,
        **({} if internal else {f"{prefix}_number_source": "external"}),
    }


def _ext_ref(e: Ext) -> dict[str, Any]:
    return {"extension_number": e.number or 0, "id": e.id, "name": e.email or e.name, "type": e.type}


def _legacy_result(result: str) -> str:
    return {"answered": "Call connected", "voicemail": "Voicemail", "system_blocked": "Blocked",
            "abandoned": "Abandoned", "overflowed": "Overflowed", "no_answer": "No Answer", "busy": "Busy",
            "canceled": "Canceled", "hang_up": "Hang Up", "invalid_key": "Invalid Key",
            "ring_timeout": "No Answer", "rejected": "Rejected"}.get(result, "Call connected")


def transcript_timeline(rec: dict[str, Any], caller: str, callee: str) -> list[dict[str, Any]]:
    lines = []
    step = max(1, rec["duration"] // len(CONVERSATION))
    for i, (who, text) in enumerate(CONVERSATION):
        ts = i * step
        lines.append({"text": text.format(name=caller.split()[0]), "raw_text": text.format(name=caller.split()[0]),
                      "ts": f"00:{ts // 60:02d}:{ts % 60:02d}.000", "end_ts": f"00:{(ts + step) // 60:02d}:{(ts + step) % 60:02d}.000",
                      "users": [{"username": caller if who == "caller" else callee}]})
    return lines


class Writer:
    """Turns calls into rows and writes them in chunks."""

    def __init__(self, conn: Connection, sim: Simulator, rng: random.Random) -> None:
        self.conn, self.sim, self.rng = conn, sim, rng
        self.topo = sim.topo
        self.rows: dict[str, list[dict[str, Any]]] = {k: [] for k in
                                                       ("call_history", "call_elements", "call_logs", "call_recordings", "voicemails")}
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.counts = {k: 0 for k in self.rows}
        self.wanted = _subscribed(conn, sim.account_id)  # the events someone subscribed to: only those are built
        self.files = _files_base()
        self._fields: dict[tuple[str, str], dict[str, Any]] = {}

    def fields(self, prefix: str, p: Party) -> dict[str, Any]:
        if p.ext is None:
            return _party_fields(prefix, p, self.topo)
        key = (prefix, p.ext.id)
        got = self._fields.get(key)
        if got is None:
            got = self._fields[key] = _party_fields(prefix, p, self.topo)
        return got

    def add(self, call: Call) -> None:
        rng, topo, acct = self.sim.ids, self.topo, self.sim.account_id
        day = _day(call.start)
        hid = f"{day}-{_uuid(rng)}"
        call_id = str(7_000_000_000_000_000_000 + rng.getrandbits(61) % 2_000_000_000_000_000_000)
        connect_type = "internal" if call.direction == "internal" else "external"
        direction = "inbound" if call.direction == "inbound" else "outbound"
        answered = call.answered_by is not None and call.result == "answered"
        answer_ts = None
        for leg in call.legs:  # the time a person (not a queue or a menu) answered
            if leg.answer and leg.result == "answered" and (leg.callee.ext is None or leg.callee.ext.type not in (
                    "callQueue", "autoReceptionist")):
                answer_ts = leg.answer
                break
        duration = max(0, call.end - call.start)
        site_id = (call.caller.ext or call.callee.ext).site_id if (call.caller.ext or call.callee.ext) else None
        mos = 45 - min(20, int(rng.expovariate(1 / 4)))
        history = {
            "id": hid, "call_history_uuid": hid, "call_id": call_id, "direction": direction,
            "international": call.international, "start_time": iso(call.start), "end_time": iso(call.end),
            "duration": duration, "connect_type": connect_type, "call_type": "general", "call_result": call.result,
            "hide_caller_id": False, "end_to_end": False,
            **self.fields("caller", call.caller), **self.fields("callee", call.callee),
            "site_id": site_id or "", "site_name": topo.site_name(site_id),
            "recording_status": "recorded" if call.recordings else "non_recorded",
        }
        if answer_ts:
            history["answer_time"] = iso(answer_ts)
        owner_ext = call.caller.ext or call.callee.ext
        if owner_ext is not None:
            for k in ("department", "cost_center"):
                if owner_ext.details.get(k):
                    history[k] = owner_ext.details[k]
        keywords = " ".join(x for x in (call.caller.name, call.caller.number, call.caller.did, call.callee.name,
                                        call.callee.number, call.callee.did) if x).lower()
        self.rows["call_history"].append({
            "id": hid, "account_id": acct, "call_id": call_id, "sort_key": sort_key(call.start, hid),
            "start_ts": call.start, "end_ts": call.end, "duration": duration, "direction": call.direction,
            "connect_type": connect_type, "result": call.result, "site_id": site_id,
            "queue_id": call.queue.id if call.queue else None, "wait_time": call.wait, "mos": mos,
            "keywords": keywords, "client_code": None, "data": orjson.dumps(history).decode(),
        })
        # legs
        elements: list[dict[str, Any]] = []
        for seq, leg in enumerate(call.legs):
            eid = f"{day}-{_uuid(rng)}"
            # stored compactly: what differs from the call's record (views merge them back)
            el = {"call_element_id": eid, "start_time": iso(leg.start), "end_time": iso(leg.end), "event": leg.event,
                  "result": leg.result, "segment": seq, "hold_time": leg.hold, "waiting_time": leg.wait,
                  "talk_time": (leg.end - leg.answer) if leg.answer else 0}
            if leg.caller is not call.caller:
                el.update(self.fields("caller", leg.caller))
            if leg.callee is not call.callee:
                el.update(self.fields("callee", leg.callee))
            if leg.answer:
                el["answer_time"] = iso(leg.answer)
            if leg.operator is not None:
                el.update({"operator_ext_number": str(leg.operator.number or ""), "operator_ext_id": leg.operator.id,
                           "operator_ext_type": EXT_TYPE.get(leg.operator.type, "user"), "operator_name": leg.operator.name})
            if leg.press_key:
                el["press_key"] = leg.press_key
            if leg.recording is not None:
                el["recording_id"] = leg.recording["id"]
                el["recording_type"] = "automatic" if leg.recording["type"] == "Automatic" else "ad-hoc"
                leg.recording["element_id"] = eid
            if leg.voicemail is not None:
                el["voicemail_id"] = leg.voicemail["id"]
                leg.voicemail["element_id"] = eid
            elements.append(el)
            self.rows["call_elements"].append({"id": eid, "account_id": acct, "history_id": hid, "seq": seq,
                                               "data": orjson.dumps(el).decode()})
        # call logs: one per party of the account
        charge = 0
        if call.direction == "outbound" and answered:
            charge = int(round(call.rate * ((duration + 59) // 60) * 1_000_000))
        numbers = " ".join(x for x in {call.caller.did, call.callee.did, call.caller.number, call.callee.number} if x)
        log_of: dict[str, str] = {}
        logs: dict[str, dict[str, Any]] = {}
        for party in call.parties:
            lid = _uuid(rng)
            log_of[party.id] = lid
            is_caller = call.caller.ext is party
            ldir = "outbound" if is_caller else "inbound"
            took = party is call.answered_by or (call.queue is party and answered)
            vm = next((v for v in call.voicemails if v["owner"] is party), None)
            missed = ldir == "inbound" and not took and vm is None and call.result not in ("system_blocked", "rejected")
            res = "Call connected" if took or (is_caller and answered) else (
                "Voicemail" if vm else _legacy_result(call.result if not missed else "no_answer"))
            path = "pstn" if (is_caller and call.direction == "outbound") else (
                "voiceMail" if vm else LEGACY_PATH.get(party.type, "extension"))
            log = {
                "id": lid, "call_id": call_id, "call_type": ("international" if call.international else "pstn")
                if connect_type == "external" else "voip",
                **_legacy_party("caller", call.caller), **_legacy_party("callee", call.callee),
                "date_time": iso(call.start), "call_end_time": iso(call.end), "direction": ldir,
                "duration": duration if (took or is_caller) and answered else 0,
                "path": path, "result": res, "owner": _ext_ref(party),
                "site": {"id": party.site_id or "", "name": topo.site_name(party.site_id)},
                "hold_time": 0, "waiting_time": call.wait if call.queue is not None else 0,
            }
            if party.type == "user":
                log["user_id"] = party.id
            if answer_ts and ldir == "inbound":
                log["answer_start_time"] = iso(answer_ts)
            if charge and is_caller:
                log["charge"] = f"${charge / 1_000_000:.4f}"
                log["rate"] = f"{call.rate:.4f}"
            if call.answered_by is not None and ldir == "inbound":
                ab = call.answered_by
                log["accepted_by"] = {"extension_number": str(ab.number or ""), "name": ab.name, "number_type": 1,
                                      "phone_number": ab.dids[0] if ab.dids else "", "location": topo.site_name(ab.site_id)}
            if call.queue is not None and party is not call.queue and ldir == "inbound":
                q = call.queue
                log["forwarded_by"] = {"extension_number": str(q.number or ""), "extension_type": "callQueue",
                                       "name": q.name, "number_type": 1, "phone_number": q.dids[0] if q.dids else "",
                                       "location": topo.site_name(q.site_id)}
            if is_caller:
                log["outgoing_by"] = {"extension_number": str(party.number or ""), "name": party.name, "number_type": 1,
                                      "phone_number": call.caller.did, "location": topo.site_name(party.site_id)}
            rec = next((r for r in call.recordings if r["owner"] is party), None)
            if rec is not None:
                log["recording_id"] = rec["id"]
                log["recording_type"] = rec["type"]
            if party.details.get("department"):
                log["department"] = party.details["department"]
            if party.details.get("cost_center"):
                log["cost_center"] = party.details["cost_center"]
            logs[party.id] = log
            self.rows["call_logs"].append({
                "id": lid, "account_id": acct, "owner_id": party.id, "owner_type": party.type, "history_id": hid,
                "call_id": call_id, "sort_key": sort_key(call.start, lid), "start_ts": call.start, "end_ts": call.end,
                "direction": ldir, "path": path, "missed": missed, "site_id": party.site_id, "numbers": numbers,
                "charge_micros": charge if is_caller else 0, "client_code": None, "data": orjson.dumps(log).decode(),
            })
        for rec in call.recordings:
            o: Ext = rec["owner"]
            rid = rec["id"]
            data = {
                "id": rid, "call_id": call_id, "call_log_id": log_of.get(o.id, ""), "call_element_id": rec.get("element_id", ""),
                "call_history_id": hid,
                **{k: v for k, v in _legacy_party("caller", call.caller).items() if k in ("caller_name", "caller_number", "caller_number_type")},
                **{k: v for k, v in _legacy_party("callee", call.callee).items() if k in ("callee_name", "callee_number", "callee_number_type")},
                "date_time": iso(rec["start"]), "end_time": iso(rec["start"] + rec["duration"]),
                "direction": rec["direction"], "duration": rec["duration"], "recording_type": rec["type"],
                "owner": _ext_ref(o), "site": {"id": o.site_id or "", "name": topo.site_name(o.site_id)},
                "disclaimer_status": 0, "auto_delete_policy": "1 year",
            }
            if call.answered_by is not None:
                data["accepted_by"] = {"name": call.answered_by.name, "extension_number": str(call.answered_by.number or "")}
            if call.caller.ext is not None:
                data["outgoing_by"] = {"name": call.caller.name, "extension_number": call.caller.number}
            self.rows["call_recordings"].append({
                "id": rid, "account_id": acct, "owner_id": o.id, "owner_type": o.type, "history_id": hid,
                "call_log_id": log_of.get(o.id), "sort_key": sort_key(rec["start"], rid), "start_ts": rec["start"],
                "duration": rec["duration"], "recording_type": rec["type"], "site_id": o.site_id, "seed": rec["seed"],
                "transcript": rec["transcript"], "auto_delete_enable": True, "deleted_ts": None,
                "data": orjson.dumps(data).decode(),
            })
            if self.want("phone.recording_completed"):
                self.events.append(("phone.recording_completed", {"object": {"recordings": [
                    _recording_event(data, rec, o, call, f"{self.files}{RECORDING_FILE}/{rid}")]}}))
        for vm in call.voicemails:
            o = vm["owner"]
            data = {
                "id": vm["id"], "call_id": call_id, "call_log_id": log_of.get(o.id, ""), "call_element_id": vm.get("element_id", ""),
                "call_history_id": hid,
                **{k: v for k, v in _legacy_party("caller", call.caller).items() if k in ("caller_name", "caller_number", "caller_number_type")},
                "callee_name": o.name, "callee_number": str(o.number or ""), "callee_number_type": 1,
                "date_time": iso(vm["start"]), "duration": vm["duration"], "owner": _ext_ref(o),
                "transcription": ({"content": vm["text"], "status": 1, "engine": "phonestack"} if vm["text"]
                                  else {"content": "", "status": 0, "engine": "phonestack"}),
            }
            self.rows["voicemails"].append({
                "id": vm["id"], "account_id": acct, "owner_id": o.id, "owner_type": o.type, "history_id": hid,
                "call_log_id": log_of.get(o.id), "sort_key": sort_key(vm["start"], vm["id"]), "start_ts": vm["start"],
                "duration": vm["duration"], "status": vm["status"], "seed": vm["seed"], "deleted_ts": None,
                "data": orjson.dumps(data).decode(),
            })
            if self.want("phone.voicemail_received"):
                self.events.append(("phone.voicemail_received", {"object": _voicemail_event(
                    data, vm, o, call, f"{self.files}{VOICEMAIL_FILE}/{vm['id']}")}))
        self._call_events(call, history, elements, logs)

    def want(self, name: str) -> bool:
        return name in self.wanted or "*" in self.wanted

    def _call_events(self, call: Call, history: dict[str, Any], elements: list[dict[str, Any]],
                     logs: dict[str, dict[str, Any]]) -> None:
        """The completed events of the account's users on the call, as Zoom sends them: the call
        history (every leg of the call, Zoom's call path) and the older call log (the user's own
        log), ``caller_*`` for the user who placed the call, ``callee_*`` for the users it reached."""
        if not self.wanted:
            return
        path: list[dict[str, Any]] | None = None
        for party in call.parties:
            if party.type != "user":
                continue
            side = "caller" if call.caller.ext is party else "callee"
            name = f"phone.{side}_call_history_completed"
            if self.want(name):
                if path is None:
                    path = [_history_leg(history, el) for el in elements]
                self.events.append((name, {"object": {"user_id": party.id, "call_logs": path}}))
            name = f"phone.{side}_call_log_completed"
            if self.want(name) and party.id in logs:
                self.events.append((name, {"object": {"user_id": party.id, "call_logs": [_log_event(logs[party.id])]}}))

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                bulk_insert(self.conn, t.metadata.tables[name], rows)
                self.counts[name] += len(rows)
                rows.clear()
        if self.events:
            from ..events.outbox import enqueue

            enqueue(self.conn, self.sim.account_id, self.events)
            self.events = []


def bulk_insert(conn: Connection, table: t.Table, rows: list[dict[str, Any]]) -> None:
    """executemany straight on the DBAPI cursor (no per-row parameter processing): the values
    are plain str / int / bool / None already. Works with the qmark (SQLite) and the format /
    pyformat (psycopg) parameter styles."""
    cols = list(rows[0])
    style = conn.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
    finally:
        cur.close()


# --- webhook events of the simulated calls (shapes: Zoom's Phone events document, as @zoom/rivet
# types them; see docs/webhooks.md) ---------------------------------------------------------------

RECORDING_FILE = "phone_recording"  # activity.media kinds, served under /v2/files/{kind}/{id}
VOICEMAIL_FILE = "phone_voicemail"
HISTORY_LEG_KEYS = (
    "connect_type", "call_type", "direction", "hide_caller_id", "end_to_end",
    *(f"{p}_{k}" for p in ("caller", "callee") for k in (
        "ext_id", "name", "email", "employee_id", "did_number", "ext_number", "ext_type", "number_type",
        "device_private_ip", "device_public_ip", "device_type", "country_iso_code", "country_code", "site_id",
        "department", "cost_center")),
    "start_time", "answer_time", "end_time", "event", "result", "result_reason", "operator_ext_number",
    "operator_ext_id", "operator_ext_type", "operator_name", "recording_id", "recording_type", "voicemail_id",
    "talk_time", "hold_time",
)
LOG_KEYS = (
    "id", "caller_user_id", "caller_number", "caller_number_type", "caller_number_source", "caller_name",
    "caller_location", "caller_did_number", "caller_country_code", "caller_country_iso_code", "callee_user_id",
    "callee_number", "callee_number_type", "callee_number_source", "callee_name", "callee_location",
    "callee_did_number", "callee_country_code", "callee_country_iso_code", "duration", "result", "date_time", "path",
    "recording_id", "recording_type", "call_id", "client_code", "call_type", "call_end_time", "direction",
    "answer_start_time", "waiting_time", "forwarded_to", "forwarded_by", "hold_time", "department", "cost_center",
)


def _subscribed(conn: Connection, account_id: str) -> set[str]:
    """The event names the account's enabled, validated subscriptions want (``*``: every one)."""
    S = t.webhook_subscriptions
    wanted: set[str] = set()
    for events in conn.execute(select(S.c.events).where(S.c.account_id == account_id, S.c.enabled.is_(True),
                                                        S.c.validated.is_(True))).scalars():
        wanted.update(events or [])
    return wanted


def _files_base() -> str:
    """Where the download URLs of simulated recordings and voicemails point: a simulation has no
    request to take the host from, so ``PHONESTACK_PUBLIC_URL`` or the configured host and port."""
    import os

    public = os.environ.get("PHONESTACK_PUBLIC_URL")
    if not public:
        public = f"http://{os.environ.get('PHONESTACK_HOST') or '127.0.0.1'}:{os.environ.get('PHONESTACK_PORT') or 8000}"
    return public.rstrip("/") + "/v2/files/"


def _recording_event(data: dict[str, Any], rec: dict[str, Any], owner: Ext, call: Call, url: str) -> dict[str, Any]:
    """An item of ``phone.recording_completed``'s ``recordings``."""
    keep = ("id", "caller_number", "caller_number_type", "caller_name", "callee_number", "callee_number_type",
            "callee_name", "duration", "date_time", "call_id", "call_log_id", "call_history_id", "end_time",
            "recording_type", "owner", "direction", "outgoing_by", "accepted_by")
    out = {k: data[k] for k in keep if data.get(k) not in (None, "")}
    out["download_url"] = url
    out["site"] = {"id": owner.site_id or ""}
    if call.caller.did:
        out["caller_did_number"] = call.caller.did
    if call.callee.did:
        out["callee_did_number"] = call.callee.did
    if owner.type == "user":
        out["user_id"] = owner.id
    return out


def _voicemail_event(data: dict[str, Any], vm: dict[str, Any], owner: Ext, call: Call, url: str) -> dict[str, Any]:
    """``phone.voicemail_received``'s ``object``."""
    out: dict[str, Any] = {
        "id": vm["id"], "date_time": data["date_time"], "download_url": url, "duration": vm["duration"],
        "caller_number": data["caller_number"], "caller_number_type": data["caller_number_type"],
        "caller_name": data["caller_name"], "callee_number": data["callee_number"],
        "callee_number_type": data["callee_number_type"], "callee_name": data["callee_name"],
        "callee_extension_type": owner.type, "callee_id": owner.id, "call_history_id": data["call_history_id"],
        "call_id": data["call_id"],
    }
    if call.caller.ext is not None and call.caller.ext.type == "user":
        out["caller_user_id"] = call.caller.ext.id
    if call.caller.did:
        out["caller_did_number"] = call.caller.did
    if owner.type == "user":
        out["callee_user_id"] = owner.id
    if owner.dids:
        out["callee_did_number"] = owner.dids[0]
    if data.get("call_log_id"):
        out["call_log_id"] = data["call_log_id"]
    return out


def _history_leg(history: dict[str, Any], el: dict[str, Any]) -> dict[str, Any]:
    """An item of ``phone.{caller,callee}_call_history_completed``'s ``call_logs``: one leg of
    the call (Zoom's call path), the call's record merged with what the leg changes."""
    merged = {**history, **el}
    out: dict[str, Any] = {"id": history["id"], "call_path_id": el["call_element_id"], "call_id": history["call_id"]}
    out.update({k: merged[k] for k in HISTORY_LEG_KEYS if merged.get(k) not in (None, "")})
    out["wait_time"] = el.get("waiting_time", 0)
    return out


def _log_event(log: dict[str, Any]) -> dict[str, Any]:
    """An item of ``phone.{caller,callee}_call_log_completed``'s ``call_logs``."""
    out = {k: log[k] for k in LOG_KEYS if log.get(k) not in (None, "")}
    out["site"] = {"id": (log.get("site") or {}).get("id", "")}
    out["has_recording"] = bool(log.get("recording_id"))
    out["has_voicemail"] = log.get("path") == "voiceMail"
    return out


def window(days: int, end: date | None = None) -> tuple[int, int]:
    end_day = end or (datetime.now(UTC).date() + timedelta(days=1))
    end_ts = int(datetime(end_day.year, end_day.month, end_day.day, tzinfo=UTC).timestamp())
    return end_ts - max(1, days) * 86400, end_ts


def generate(conn: Connection, account_id: str, rng: random.Random, *, calls: int, days: int = 30,
             end: date | None = None, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Simulates ``calls`` calls into ``account_id`` in the caller's transaction; the row counts."""
    start_ts, end_ts = window(days, end)
    sim = Simulator(conn, account_id, rng, start_ts, end_ts)
    w = Writer(conn, sim, rng)
    for i, ts in enumerate(sim.schedule(calls)):
        w.add(sim.make(ts))
        if (i + 1) % CHUNK == 0:
            w.flush()
            if progress:
                progress(i + 1, calls)
    w.flush()
    if progress:
        progress(calls, calls)
    return {"calls": calls, **{k: v for k, v in w.counts.items() if k != "call_history"}}


def simulate(engine: Engine, *, calls: int, days: int = 30, seed: int = 1, account_id: str | None = None,
             sms: int = 0, faxes: int = 0, end: date | None = None, progress: bool = False) -> dict[str, Any]:
    """``phonestack simulate`` / ``POST /_phonestack/simulate``: calls (and, through the messaging
    family when it is installed, SMS and faxes) into one account, in one transaction."""
    from ..seed import demo_credentials

    started = time.monotonic()
    bar = _bar(started) if progress else None
    with engine.begin() as conn:
        account_id = account_id or demo_credentials(conn)["account_id"]
        if conn.execute(select(t.accounts.c.id).where(t.accounts.c.id == account_id)).first() is None:
            raise LookupError(f"no account {account_id}")
        rng = random.Random(seed)
        out: dict[str, Any] = {"account_id": account_id, "seed": seed, "days": days}
        out.update(generate(conn, account_id, rng, calls=calls, days=days, end=end, progress=bar))
        if sms or faxes:
            out.update(_messaging(conn, account_id, seed, days, sms, faxes, end))
    out["seconds"] = round(time.monotonic() - started, 2)
    return out


def _messaging(conn: Connection, account_id: str, seed: int, days: int, sms: int, faxes: int,
               end: date | None = None) -> dict[str, Any]:
    try:
        from ..messaging import simulate as messaging  # the messaging family (SMS, faxes)
    except ImportError:
        return {"messaging": "not available"}
    gen = getattr(messaging, "generate", None)
    if gen is None:
        return {"messaging": "not available"}
    import inspect

    rng = random.Random(f"{seed}:messaging")
    params = inspect.signature(gen).parameters
    extra: dict[str, Any] = {"end": end} if "end" in params else {}
    if "sms" in params or "faxes" in params:
        res = gen(conn, account_id, rng, days=days, sms=sms, faxes=faxes, **extra)
    else:  # count: {"sms": N, "faxes": N}
        res = gen(conn, account_id, rng, days=days, count={"sms": sms, "faxes": faxes})
    return {"messaging": res if res is not None else {"sms": sms, "faxes": faxes}}


def _bar(started: float) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(time.monotonic() - started, 1e-6)
        sys.stderr.write(f"\rcalls    [{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:,.0f}/s)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
