"""What SMS and fax records are made of, shared by the providers (one record at a time) and the
simulator (in bulk): the account's SMS- and fax-capable numbers, the rendered JSON of sessions,
messages and fax logs, and a writer that inserts them with executemany.

Rows: ``sms_sessions`` (participants as rendered JSON, ``numbers`` " +1... +1... " for the
phone-number filter and for finding a session again), ``sms_session_members`` (each extension of
the account that sees a session: its owner and any internal recipient), ``sms_messages`` (rendered
JSON in ``data``; ``direction`` in/out as seen from the session owner), ``sms_attachments`` and
``fax_files`` (the bytes, base64), ``fax_logs`` (one per party of the account: the sender's
outbound log, an internal receiver's inbound log).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from ..numbers.queries import country_of as _country_of
from ..store import schema as t

MAX_TS = 9_999_999_999
CHUNK = 2000
SMS_CAPABILITY = "Messaging"

# extensions.type -> the SMS owner type Zoom documents (other types do not own SMS sessions)
SMS_OWNER_TYPES = {"user": "user", "callQueue": "callQueue", "autoReceptionist": "autoReceptionist",
                   "sharedLineGroup": "sharedLineGroup"}
SESSION_TYPE = {"user": "user", "callQueue": "call_queue", "autoReceptionist": "auto_receptionist",
                "sharedLineGroup": "user"}
FAX_OWNER_TYPES = ("user", "callQueue", "autoReceptionist", "commonArea", "sharedLineGroup")
SNAKE = {"user": "user", "callQueue": "call_queue", "autoReceptionist": "auto_receptionist",
         "commonArea": "common_area", "sharedLineGroup": "shared_line_group"}
CA_AREA_CODES = {"204", "226", "236", "249", "250", "289", "306", "343", "365", "403", "416", "418", "431",
                 "437", "438", "450", "506", "514", "519", "548", "579", "581", "587", "604", "613", "639",
                 "647", "672", "705", "709", "778", "780", "782", "807", "819", "825", "867", "873", "902",
                 "905"}


def country_of(number: str) -> str:
    """ISO country of an E.164 number (NANP: CA by area code, else US); "US" if unknown."""
    if number.startswith("+1"):
        return "CA" if number[2:5] in CA_AREA_CODES else "US"
    return _country_of(number) or "US"


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sort_key(ts: int, row_id: str) -> str:
    """Newest first: the inverted time, then the id (unique)."""
    return f"{MAX_TS - ts:010d}{row_id}"


def seq_key(ts: int, row_id: str, n: int = 0) -> str:
    """Oldest first (messages inside a session); ``n``: the message's rank in its session, which
    orders messages of the same second."""
    return f"{ts:010d}{n:06d}{row_id}"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


@dataclass(slots=True)
class Party:
    """One end of an SMS or a fax: a number, and the extension of the account behind it if any."""

    number: str
    name: str
    owner_id: str | None = None
    owner_type: str | None = None  # extensions.type
    extension_number: int | None = None
    site_id: str | None = None
    site_name: str | None = None

    def sms_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"phone_number": self.number, "display_name": self.name}
        if self.owner_id and self.owner_type in SMS_OWNER_TYPES:
            out["owner"] = {"id": self.owner_id, "type": SMS_OWNER_TYPES[self.owner_type]}
        return out


def _has(cap: Any, what: str) -> bool:
    if isinstance(cap, str):
        try:
            cap = orjson.loads(cap)
        except orjson.JSONDecodeError:
            return False
    return isinstance(cap, list) and what in cap


def account_numbers(conn: Connection, account_id: str, *, sms_only: bool = False,
                    types: Iterable[str] | None = None, with_sms: bool = False) -> list[Any]:
    """The account's numbers assigned to an extension (``types``), as parties; with ``sms_only``
    those whose capability includes Messaging; ``with_sms``: (party, SMS-capable) pairs."""
    e, p, s = t.extensions, t.phone_numbers, t.sites
    q = (select(p.c.number, p.c.capability, e.c.id, e.c.type, e.c.name, e.c.extension_number, e.c.site_id,
                s.c.name.label("site_name"))
         .select_from(p.join(e, e.c.id == p.c.assignee_id).outerjoin(s, s.c.id == e.c.site_id))
         .where(p.c.account_id == account_id)
         .order_by(p.c.pk))
    if types is not None:
        q = q.where(e.c.type.in_(list(types)))
    out: list[Any] = []
    for r in conn.execute(q):
        sms_ok = _has(r.capability, SMS_CAPABILITY)
        if sms_only and not sms_ok:
            continue
        party = Party(r.number, r.name, r.id, r.type, r.extension_number, r.site_id, r.site_name)
        out.append((party, sms_ok) if with_sms else party)
    return out


def party_of_number(conn: Connection, account_id: str, number: str, *, sms_only: bool = False) -> Party | None:
    for party in account_numbers_by(conn, account_id, [number], sms_only=sms_only):
        return party
    return None


def account_numbers_by(conn: Connection, account_id: str, numbers: list[str], *,
                       sms_only: bool = False) -> list[Party]:
    if not numbers:
        return []
    e, p, s = t.extensions, t.phone_numbers, t.sites
    q = (select(p.c.number, p.c.capability, e.c.id, e.c.type, e.c.name, e.c.extension_number, e.c.site_id,
                s.c.name.label("site_name"))
         .select_from(p.join(e, e.c.id == p.c.assignee_id).outerjoin(s, s.c.id == e.c.site_id))
         .where(p.c.account_id == account_id, p.c.number.in_(numbers)))
    return [Party(r.number, r.name, r.id, r.type, r.extension_number, r.site_id, r.site_name)
            for r in conn.execute(q) if not sms_only or _has(r.capability, SMS_CAPABILITY)]


def numbers_key(numbers: Iterable[str]) -> str:
    return " " + " ".join(sorted(set(numbers))) + " "


# --- rendering ---------------------------------------------------------------------------------------


def message_json(message_id: str, ts: int, direction: str, text: str, message_type: int, status: str,
                 sender: Party, to: list[Party], attachments: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "message_id": message_id, "date_time": iso(ts), "direction": "Out" if direction == "out" else "In",
        "message": text, "message_type": message_type, "delivery_status": status,
        "sender": sender.sms_json(), "to_members": [p.sms_json() for p in to], "attachments": attachments,
    }


def fax_json(*, fax_log_id: str, fax_id: str, owner: Party, direction: str, ts: int, sender: Party,
             receiver: Party, file_id: str, pages: int, status: str, status_reason: str, sender_type: str,
             receiver_type: str) -> dict[str, Any]:
    def ext(prefix: str, p: Party) -> dict[str, Any]:
        out: dict[str, Any] = {f"{prefix}_name": p.name, f"{prefix}_number": p.number,
                               f"{prefix}_location": country_of(p.number)}
        if p.owner_id:
            out[f"{prefix}_extension_id"] = p.owner_id
            out[f"{prefix}_extension_type"] = p.owner_type
            if p.extension_number is not None:
                out[f"{prefix}_extension_number"] = str(p.extension_number)
        return out

    out = {"fax_log_id": fax_log_id, "fax_id": fax_id, "direction": direction,
           "extension_id": owner.owner_id, "extension_type": owner.owner_type,
           **ext("sender", sender), "sender_type": sender_type, **ext("receiver", receiver),
           "receiver_type": receiver_type, "file_id": file_id, "file_pages_count": pages, "status": status,
           "status_reason": status_reason, "create_time": iso(ts)}
    if owner.site_id:
        out["site_id"] = owner.site_id
        out["site_name"] = owner.site_name or ""
    return out


def fax_type(sender: str, receiver: str) -> str:
    return "local" if country_of(sender) == country_of(receiver) else "international"


# --- bulk writer ---------------------------------------------------------------------------------------


@dataclass
class Writer:
    """Buffers rows per table and writes them with executemany by chunks."""

    conn: Connection
    account_id: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        buf = self.rows.setdefault(table, [])
        row["account_id"] = self.account_id
        buf.append(row)
        if len(buf) >= CHUNK:
            self.flush()  # every table, parents first

    def _flush(self, table: str) -> None:
        buf = self.rows.get(table)
        if buf:
            self.conn.execute(insert(t.metadata.tables[table]), buf)
            self.counts[table] = self.counts.get(table, 0) + len(buf)
            self.rows[table] = []

    def flush(self) -> None:
        # parents first (foreign keys)
        for table in ("sms_sessions", "sms_session_members", "sms_messages", "sms_attachments", "fax_files",
                      "fax_logs"):
            self._flush(table)
        for table in list(self.rows):
            self._flush(table)
