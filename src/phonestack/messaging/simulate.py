"""Simulated SMS and faxes: ``generate(conn, account_id, rng, days=, count_sms=, count_faxes=)``,
called by the call simulator (``phonestack simulate --sms N --faxes N``, ``POST
/_phonestack/simulate``) and by the demo seed.

- **SMS**: conversations between the account's SMS-capable numbers (``phone_numbers`` whose
  capability includes ``Messaging``, assigned to a user, call queue, auto receptionist or shared
  line group) and external numbers (US mostly, some CA, GB, MX, DE, FR, IN); about one in seven
  conversations is between two internal SMS numbers (message type 6, seen by both extensions).
  A session has 1 to 30 messages (about 5 on average) in both directions over minutes to hours;
  about 8% of the messages are MMS with a real small PNG attachment; outbound messages are mostly
  delivered, a few fail.
- **Faxes**: between the numbers assigned to the account's extensions and external numbers (or,
  one in ten, another extension of the account: one outbound and one inbound fax log), 1 to 5
  pages, each with a real PDF (messaging/media.py) stored in ``fax_files``.

Deterministic: every value (ids included) comes from ``rng`` and the window ``[end - days, end)``,
where ``end`` is today's UTC midnight unless given. Rows go in by chunks of executemany.
"""

from __future__ import annotations

import base64
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..store import schema as t
from . import media
from .common import (
    FAX_OWNER_TYPES,
    SESSION_TYPE,
    SMS_OWNER_TYPES,
    Party,
    Writer,
    account_numbers,
    b64,
    country_of,
    fax_json,
    fax_type,
    numbers_key,
    seq_key,
    sort_key,
)

# External correspondents: (ISO, calling code, national prefixes, weight)
EXTERNAL = [
    ("US", "1", ["212", "415", "512", "303", "617", "206", "408", "650"], 78),
    ("CA", "1", ["416", "604"], 6),
    ("GB", "44", ["20", "161"], 6),
    ("MX", "52", ["55"], 4),
    ("DE", "49", ["30"], 2),
    ("FR", "33", ["1"], 2),
    ("IN", "91", ["22"], 2),
]
_EXT_WEIGHTS = [w for *_, w in EXTERNAL]
FIRST = ["Ava", "Liam", "Noah", "Emma", "Mia", "Lucas", "Zoe", "Omar", "Priya", "Chen", "Sofia", "Jonas"]
LAST = ["Smith", "Garcia", "Khan", "Nguyen", "Muller", "Rossi", "Tanaka", "Brown", "Silva", "Dubois"]
TEXTS = [
    "Hi, is this a good number to reach you?", "Yes, this is the right number.",
    "Can we move our call to 3pm?", "Sure, 3pm works.", "Thanks! See you then.",
    "Your order has shipped and should arrive on Friday.", "Please call me back when you can.",
    "Running 10 minutes late, sorry.", "Got it, thanks for letting me know.",
    "Could you send the invoice again?", "Sent. Let me know if it does not arrive.",
    "What are your opening hours on Saturday?", "We are open 9am to 1pm on Saturdays.",
    "Reminder: your appointment is tomorrow at 10:30.", "Confirmed, thank you.",
    "STOP", "START", "Here is the photo of the damaged box.", "Received, we will send a replacement.",
    "Is parking available near the office?", "Yes, there is a garage on 2nd street.",
    "Happy to help. Anything else?", "That's all, have a great day!",
    "The technician will arrive between 1 and 3pm today. Reply YES to confirm or call us to reschedule.",
]
MMS_SHARE = 0.08
INTERNAL_SHARE = 0.14


def _rid(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).rstrip(b"=").decode()


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032X}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def external_party(rng: random.Random) -> Party:
    iso_, code, prefixes, _ = rng.choices(EXTERNAL, weights=_EXT_WEIGHTS)[0]
    prefix = rng.choice(prefixes)
    rest = "".join(str(rng.randrange(10)) for _ in range(10 - len(prefix)))  # 10 national digits
    if code == "1":
        rest = str(rng.randrange(2, 10)) + rest[1:]
    number = f"+{code}{prefix}{rest}"
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.6 else number
    return Party(number, name)


def window(days: int, end: date | None) -> tuple[int, int]:
    end_day = end or datetime.now(UTC).date()
    end_ts = int(datetime(end_day.year, end_day.month, end_day.day, tzinfo=UTC).timestamp())
    if end is not None:
        end_ts += 86400  # "end" is the last day of the window
    start_ts = int((datetime.fromtimestamp(end_ts, UTC) - timedelta(days=max(days, 1))).timestamp())
    return start_ts, end_ts


def generate(conn: Connection, account_id: str, rng: random.Random, *, days: int = 30, count_sms: int = 0,
             count_faxes: int = 0, sms: int | None = None, faxes: int | None = None,
             end: date | None = None, salt_key: str | None = None) -> dict[str, Any]:
    """Write ``count_sms`` SMS/MMS messages (in sessions) and ``count_faxes`` faxes into the
    account, over the ``days`` before ``end``. ``sms``/``faxes`` are accepted as aliases.
    ``salt_key`` replaces the account id in the salt of the ids (the demo seed passes a fixed
    one, so that the demo history is the same in every database)."""
    count_sms = sms if sms is not None else count_sms
    count_faxes = faxes if faxes is not None else count_faxes
    start_ts, end_ts = window(days, end)
    # Ids are unique across accounts and runs: mix in the account and how much it has already (a
    # second run into the same account must not reuse the first run's ids); the same seed into the
    # same fresh account gives the same history. Account ids are random (new_id), so without a
    # ``salt_key`` two databases seeded alike get different histories.
    salt = conn.execute(select(func.count()).select_from(t.sms_sessions)
                        .where(t.sms_sessions.c.account_id == account_id)).scalar_one()
    salt += conn.execute(select(func.count()).select_from(t.fax_files)
                         .where(t.fax_files.c.account_id == account_id)).scalar_one()
    rng = random.Random(f"{rng.random()}:{salt_key or account_id}:{salt}")
    w = Writer(conn, account_id)
    out: dict[str, Any] = {"sms": 0, "sms_sessions": 0, "mms": 0, "faxes": 0, "fax_logs": 0}
    parties = account_numbers(conn, account_id, types=FAX_OWNER_TYPES, with_sms=True)
    if count_sms > 0:
        sms_parties = [p for p, sms_ok in parties if sms_ok and p.owner_type in SMS_OWNER_TYPES]
        out.update(_sms(w, rng, sms_parties, count_sms, start_ts, end_ts))
    if count_faxes > 0:
        out.update(_faxes(w, rng, [p for p, _ in parties], count_faxes, start_ts, end_ts))
    w.flush()
    return out


# --- SMS -------------------------------------------------------------------------------------------------


def _sms(w: Writer, rng: random.Random, parties: list[Party], count: int, start_ts: int,
         end_ts: int) -> dict[str, int]:
    if not parties:
        return {"sms": 0, "sms_sessions": 0, "mms": 0}
    written = sessions = mms = 0
    span = max(end_ts - start_ts - 7200, 1)
    while written < count:
        owner = rng.choice(parties)
        others = [p for p in parties if p.owner_id != owner.owner_id]
        internal = bool(others) and rng.random() < INTERNAL_SHARE
        partner = rng.choice(others) if internal else external_party(rng)
        n = min(count - written, max(1, min(30, int(rng.expovariate(1 / 4.5)) + 1)))
        session_id = _hex(rng)
        ts = start_ts + rng.randrange(span)
        first_ts = ts
        unread = 0
        partner_country = country_of(partner.number)
        msgs: list[tuple[str, dict[str, Any]]] = []  # written after their session (foreign key)
        for i in range(n):
            if i:
                ts = min(ts + int(rng.expovariate(1 / 900)) + 5, end_ts - 1)
            direction = "out" if rng.random() < 0.5 else "in"
            sender, receiver = (owner, partner) if direction == "out" else (partner, owner)
            unread = unread + 1 if direction == "in" else 0
            message_id = _uuid(rng)
            text = rng.choice(TEXTS)
            attachments = []
            if internal:
                mtype = 6
            elif rng.random() < MMS_SHARE:
                mtype = 2
                att_id = _rid(rng)
                data = media.png(rng.randrange(1 << 16))
                name = f"{att_id}.png"
                attachments.append({"id": att_id, "name": name, "size": len(data), "type": "PNG"})
                msgs.append(("sms_attachments", {"id": att_id, "message_id": message_id, "name": name,
                                          "content_type": "image/png", "size": len(data), "content": b64(data)}))
                mms += 1
            else:
                mtype = 5 if partner_country != country_of(owner.number) else 1
            if direction == "in":
                status = "received"
            else:
                x = rng.random()
                status = ("delivered" if x < 0.92 else "sent" if x < 0.95 else
                          "failed_to_deliver" if x < 0.98 else "failed_to_send")
            data = {
                "message_id": message_id, "date_time": _iso(ts), "direction": "Out" if direction == "out" else "In",
                "message": text, "message_type": mtype, "delivery_status": status,
                "sender": sender.sms_json(), "to_members": [receiver.sms_json()], "attachments": attachments,
            }
            msgs.append(("sms_messages", {
                "id": message_id, "session_id": session_id, "ts": ts, "seq_key": seq_key(ts, message_id, i),
                "direction": direction, "message_type": mtype, "country": partner_country,
                "segments": 1 if attachments else max(1, -(-len(text) // 160)),
                "data": orjson.dumps(data).decode(),
            }))
        w.add("sms_sessions", {
            "id": session_id, "session_type": SESSION_TYPE.get(owner.owner_type or "user", "user"),
            "owner_id": owner.owner_id, "participants": orjson.dumps([owner.sms_json(), partner.sms_json()]).decode(),
            "numbers": numbers_key([owner.number, partner.number]), "first_ts": first_ts, "last_ts": ts,
            "sort_key": sort_key(ts, session_id),
        })
        w.add("sms_session_members", {"session_id": session_id, "owner_id": owner.owner_id,
                                      "phone_number": owner.number, "unread": unread})
        if internal:
            w.add("sms_session_members", {"session_id": session_id, "owner_id": partner.owner_id,
                                          "phone_number": partner.number, "unread": 0})
        for table, row in msgs:
            w.add(table, row)
        written += n
        sessions += 1
    return {"sms": written, "sms_sessions": sessions, "mms": mms}


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- faxes -----------------------------------------------------------------------------------------------


def fax_document(fax_id: str, sender: Party, receiver: Party, ts: int, pages: int) -> bytes:
    return media.fax_pdf([
        "FAX", f"From: {sender.name} {sender.number}", f"To: {receiver.name} {receiver.number}",
        f"Date: {_iso(ts)}", f"Fax ID: {fax_id}", f"Pages: {pages}",
    ], pages)


def fax_rows(w: Writer, *, fax_id: str, ts: int, sender: Party, receiver: Party, file_id: str, pages: int,
             status: str, status_reason: str, read: bool, ids: list[str], sender_type: str = "client") -> int:
    """The fax logs of one fax: the sender's outbound log and/or the receiver's inbound log (for
    the parties that are extensions of the account). ``ids``: the fax log ids to use, in that
    order. Returns how many logs were written."""
    n = 0
    ftype = fax_type(sender.number, receiver.number)
    country = country_of(receiver.number)
    receiver_type = "client" if receiver.owner_id else "pstn"
    for owner, direction in ((sender, "outbound"), (receiver, "inbound")):
        if not owner.owner_id:
            continue
        log_id = ids[n]
        log_status = status if direction == "outbound" else "received"
        data = fax_json(fax_log_id=log_id, fax_id=fax_id, owner=owner, direction=direction, ts=ts, sender=sender,
                        receiver=receiver, file_id=file_id, pages=pages, status=log_status,
                        status_reason=status_reason if direction == "outbound" else "success",
                        sender_type=sender_type if sender.owner_id else "pstn", receiver_type=receiver_type)
        w.add("fax_logs", {
            "id": log_id, "fax_id": fax_id, "owner_id": owner.owner_id, "direction": direction, "ts": ts,
            "sort_key": sort_key(ts, log_id), "file_id": file_id, "pages": pages,
            "read_status": "read" if (read or direction == "outbound") else "unread",
            "country": country, "fax_type": ftype, "data": orjson.dumps(data).decode(),
        })
        n += 1
    return n


def _faxes(w: Writer, rng: random.Random, parties: list[Party], count: int, start_ts: int,
           end_ts: int) -> dict[str, int]:
    if not parties:
        return {"faxes": 0, "fax_logs": 0}
    logs = 0
    span = max(end_ts - start_ts - 600, 1)
    for _ in range(count):
        owner = rng.choice(parties)
        others = [p for p in parties if p.owner_id != owner.owner_id]
        partner = rng.choice(others) if others and rng.random() < 0.1 else external_party(rng)
        outbound = rng.random() < 0.45
        sender, receiver = (owner, partner) if outbound else (partner, owner)
        ts = start_ts + rng.randrange(span)
        fax_id = f"{rng.getrandbits(128):032X}"
        file_id = _rid(rng)
        pages = rng.choice((1, 1, 1, 2, 2, 3, 4, 5))
        x = rng.random()
        if x < 0.9:
            status, reason = "sent", "success"
        else:
            status, reason = "failed", rng.choice(("no_answer", "number_busy", "fax_machine_not_detected"))
        doc = fax_document(fax_id, sender, receiver, ts, pages)
        w.add("fax_files", {"id": file_id, "filename": f"{fax_id}.pdf", "content_type": "application/pdf",
                            "pages": pages, "created_ts": ts, "size": len(doc), "content": b64(doc)})
        ids = [_rid(rng), _rid(rng)]
        logs += fax_rows(w, fax_id=fax_id, ts=ts, sender=sender, receiver=receiver, file_id=file_id, pages=pages,
                         status=status, status_reason=reason, read=ts < end_ts - 2 * 86400 or rng.random() < 0.3,
                         ids=ids, sender_type=rng.choice(("client", "client", "ata")))
    return {"faxes": count, "fax_logs": logs}
