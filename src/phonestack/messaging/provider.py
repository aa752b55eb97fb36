"""SMS sessions and messages, faxes: providers (HTTP glue). See docs/messaging-and-insights.md.

Records are written by ``postSmsMessage`` / ``sendFax`` one at a time and by the simulator
(messaging/simulate.py) in bulk; both render the same JSON (messaging/common.py). Lists are newest
first (keyset pagination on ``sort_key``); messages inside a session oldest first (``seq_key``).
"""

from __future__ import annotations

import base64
import binascii
import io
import time
import zipfile
from typing import Any

import orjson
from sqlalchemy import delete, func, select, update

from ..activity.provider import decode_sync_token, encode_sync_token
from ..http import files
from ..http.context import Context, Response
from ..http.errors import ApiError
from ..numbers.queries import is_e164
from ..phone import common as c
from ..phone import documents as docs
from ..providers import provider
from ..store import schema as t
from ..store.util import new_id
from . import media
from .common import (
    FAX_OWNER_TYPES,
    SESSION_TYPE,
    SMS_OWNER_TYPES,
    SNAKE,
    Party,
    Writer,
    account_numbers_by,
    b64,
    country_of,
    iso,
    message_json,
    numbers_key,
    seq_key,
    sort_key,
    unb64,
)
from .simulate import fax_rows

S = t.sms_sessions
SM = t.sms_session_members
M = t.sms_messages
A = t.sms_attachments
FF = t.fax_files
FL = t.fax_logs
EXT = t.extensions

MAX_TEXT = 2048  # bytes, without attachments (documented "Size and limits")
MAX_TEXT_WITH_ATTACHMENTS = 1000
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024  # all attachments together
MAX_FAX_FILE = 50 * 1024 * 1024
MAX_FAX_RECEIVERS = 50
ATTACHMENT_TYPES = {"PNG": ("PNG", "image/png", "png"), "JPG": ("JPG", "image/jpeg", "jpg"),
                    "JPEG": ("JPG", "image/jpeg", "jpg"), "GIF": ("GIF", "image/gif", "gif"),
                    "PDF": ("OTHER", "application/pdf", "pdf")}


# --- downloads -------------------------------------------------------------------------------------------


@files.register("sms_attachment")
def _load_attachment(conn, file_id: str):  # noqa: ANN001, ANN202
    row = conn.execute(select(A.c.account_id, A.c.content, A.c.content_type, A.c.name).where(A.c.id == file_id)).first()
    if row is None:
        return None
    return files.Blob(row.account_id, unb64(row.content), row.content_type, row.name)


@files.register("fax")
def _load_fax(conn, file_id: str):  # noqa: ANN001, ANN202
    row = conn.execute(select(FF.c.account_id, FF.c.content, FF.c.content_type, FF.c.filename)
                       .where(FF.c.id == file_id)).first()
    if row is None:
        return None
    return files.Blob(row.account_id, unb64(row.content), row.content_type, row.filename)


# --- SMS: views ----------------------------------------------------------------------------------------------


def _existing(ctx: Context, ids: set[str]) -> set[str]:
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(ctx.conn.execute(select(EXT.c.id).where(EXT.c.id.in_(ids), EXT.c.account_id == ctx.account_id))
               .scalars())


def _participants(ctx: Context, rows: list[Any], *, deleted_status: bool = True) -> dict[str, list[dict[str, Any]]]:
    parts = {r.id: orjson.loads(r.participants) for r in rows}
    owners = {p["owner"]["id"] for ps in parts.values() for p in ps if p.get("owner")}
    alive = _existing(ctx, owners)
    out = {}
    for r in rows:
        items = []
        for p in parts[r.id]:
            p = dict(p)
            p["is_session_owner"] = bool(p.get("owner")) and p["owner"]["id"] == r.owner_id
            if deleted_status and p.get("owner") and p["owner"]["id"] not in alive:
                p["extension_status"] = "deleted"
            items.append(p)
        out[r.id] = items
    return out


def _session_view(r: Any, participants: list[dict[str, Any]]) -> dict[str, Any]:
    return {"session_id": r.id, "session_type": r.session_type, "last_access_time": iso(r.last_ts),
            "participants": participants}


def _message_view(ctx: Context, data: str) -> dict[str, Any]:
    m = orjson.loads(data)
    for a in m.get("attachments") or []:
        a["download_url"] = files.file_url(ctx, "sms_attachment", a["id"])
    return m


def _session_filters(ctx: Context, stmt):  # noqa: ANN001, ANN202
    q = ctx.query
    st = q.get("session_type") or "all"
    if st != "all":
        stmt = stmt.where(S.c.session_type == st)
    if q.get("phone_number"):
        number = str(q["phone_number"]).strip()
        if not number.startswith("+"):
            number = "+" + number
        stmt = stmt.where(S.c.numbers.like(f"% {number} %"))
    if q.get("from"):
        stmt = stmt.where(S.c.last_ts >= _day_ts(q["from"]))
    if q.get("to"):
        stmt = stmt.where(S.c.first_ts < _day_ts(q["to"]) + 86400)
    return stmt


def _day_ts(d: Any) -> int:
    from datetime import UTC, date, datetime

    day = d if isinstance(d, date) else date.fromisoformat(str(d))
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _sessions_page(ctx: Context, stmt) -> dict[str, Any]:  # noqa: ANN001
    rows, token, _total, size = ctx.page(stmt, S.c.sort_key)
    parts = _participants(ctx, rows, deleted_status=ctx.op.operation_id == "getAccountsSmsSessions")
    return {"next_page_token": token, "page_size": size,
            "sms_sessions": [_session_view(r, parts[r.id]) for r in rows]}


def _user(ctx: Context):  # noqa: ANN202
    key = ctx.path["userId"]
    row = c.find_extension(ctx.conn, ctx.account_id, key, c.USER)
    if row is None:
        raise ApiError(404, 1001, f"User does not exist: {key}")
    return row


def _session(ctx: Context, code: int = 7013, message: str = "Error retrieving SMS history."):  # noqa: ANN202
    sid = ctx.path["sessionId"]
    row = ctx.conn.execute(select(S).where(S.c.id == sid, S.c.account_id == ctx.account_id)).first()
    if row is None:
        raise ApiError(404, code, message.replace("{0}", sid))
    return row


@provider("GET /phone/sms/sessions")
def list_account_sessions(ctx: Context) -> dict[str, Any]:
    stmt = _session_filters(ctx, select(S).where(S.c.account_id == ctx.account_id))
    return _sessions_page(ctx, stmt)


@provider("GET /phone/users/{userId}/sms/sessions")
def list_user_sessions(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    stmt = select(S).join(SM, SM.c.session_id == S.c.id).where(SM.c.owner_id == user.id,
                                                                S.c.account_id == ctx.account_id)
    return _sessions_page(ctx, _session_filters(ctx, stmt))


# --- SMS: sync (FSync / ISync / BSync, signed sync tokens shared with the call-log syncs) -------------------

SYNC_TYPES = ("FSync", "ISync", "BSync")
SESSION_TYPES = ("user", "call_queue", "auto_receptionist", "all")
NEWEST = "zzzzzzzzzz"  # above every sort_key (digits first, in any collation): a BSync after an empty FSync finds nothing


def _sync_params(ctx: Context) -> tuple[str, int, ApiError]:
    """(sync_type, count, the operation's invalid-token error)."""
    kind = ctx.query.get("sync_type") or "FSync"
    count = int(ctx.query.get("count") or 10)
    doc = ctx.op.error_matching(r"sync token")
    error = ApiError(doc.status, doc.code, doc.message) if doc else ApiError(400, 300, "The sync token is invalid or expired.")
    return kind, count, error


def _too_many(ctx: Context) -> ApiError:
    return ctx.error(7035, message="The number of new records exceeds the sync count. Please resync with the "
                                   "`FSync` method.")


def _message_watermark(ctx: Context) -> int:
    """The newest message row of the database (a cursor: anything written later has a larger pk)."""
    return ctx.conn.execute(select(func.max(M.c.pk))).scalar() or 0


@provider("GET /phone/users/{userId}/sms/sessions/sync")
def sync_user_sessions(ctx: Context) -> dict[str, Any]:
    """The user's sessions, most recent activity first, each with its latest message and the user's
    unread count. FSync: the ``count`` most recent sessions; ISync: the sessions that received
    messages since the token's sync (more than ``count``: 7035); BSync: the ``count`` sessions after
    the least recent one the token has seen. The token holds (newest message row seen, the
    ``sort_key`` of the least recent session seen)."""
    user = _user(ctx)
    kind, count, token_error = _sync_params(ctx)
    stype = str(ctx.query.get("session_type") or "all")
    if stype not in SESSION_TYPES:
        raise ctx.error(400, message="SMS session type is invalid.")
    base = (select(S, SM.c.unread).join(SM, SM.c.session_id == S.c.id)
            .where(SM.c.owner_id == user.id, S.c.account_id == ctx.account_id))
    if stype != "all":
        base = base.where(S.c.session_type == stype)
    subject = f"{user.id}:{stype}"
    if kind == "FSync":
        hi = _message_watermark(ctx)
        rows = ctx.conn.execute(base.order_by(S.c.sort_key).limit(count)).all()
        lo = rows[-1].sort_key if rows else NEWEST
    else:
        hi, lo = decode_sync_token(ctx, subject, token_error)
        if kind == "ISync":
            fresh = select(M.c.session_id).where(M.c.pk > int(hi), M.c.account_id == ctx.account_id)
            newest = _message_watermark(ctx)
            rows = ctx.conn.execute(base.where(S.c.id.in_(fresh)).order_by(S.c.sort_key).limit(count + 1)).all()
            if len(rows) > count:
                raise _too_many(ctx)
            hi = newest
        else:
            rows = ctx.conn.execute(base.where(S.c.sort_key > str(lo)).order_by(S.c.sort_key).limit(count)).all()
            lo = rows[-1].sort_key if rows else lo
    parts = _participants(ctx, rows, deleted_status=False)
    latest: dict[str, dict[str, Any]] = {}
    if rows:
        ids = [r.id for r in rows]
        for m in ctx.conn.execute(select(M.c.session_id, M.c.seq_key, M.c.data).where(M.c.session_id.in_(ids))
                                  .order_by(M.c.session_id, M.c.seq_key)):
            latest[m.session_id] = orjson.loads(m.data)  # the last one wins
    out = []
    for r in rows:
        view = _session_view(r, parts[r.id])
        view["unread_message_count"] = r.unread
        lm = latest.get(r.id)
        if lm:
            lm["attachments"] = [{"id": a["id"], "type": "JPG/JPEG" if a["type"] == "JPG" else a["type"]}
                                 for a in lm.get("attachments") or []]
            lm.pop("delivery_status", None)
            view["latest_message"] = lm
        out.append(view)
    return {"sms_sessions": out, "sync_token": encode_sync_token(ctx, subject, [hi, lo])}


@provider("GET /phone/sms/sessions/{sessionId}")
def session_details(ctx: Context) -> dict[str, Any]:
    s = _session(ctx)
    stmt = select(M.c.seq_key, M.c.data).where(M.c.session_id == s.id)
    rows, token, _total, size = ctx.page(stmt, M.c.seq_key)
    return {"next_page_token": token, "page_size": size, "sms_histories": [_message_view(ctx, r.data) for r in rows]}


@provider("GET /phone/sms/sessions/{sessionId}/messages/{messageId}")
def message_details(ctx: Context) -> dict[str, Any]:
    s = _session(ctx, 404, "SMS session does not exist: {0}.")
    row = ctx.conn.execute(select(M.c.data).where(M.c.session_id == s.id, M.c.id == ctx.path["messageId"])).first()
    if row is None:
        raise ApiError(404, 404, f"SMS message does not exist: {ctx.path['messageId']}.")
    return _message_view(ctx, row.data)


@provider("GET /phone/sms/sessions/{sessionId}/sync")
def sync_session(ctx: Context) -> dict[str, Any]:
    """A session's messages, newest first. FSync: the ``count`` newest; ISync: the messages
    written since the token's sync (more than ``count``: 7035); BSync: the ``count`` messages
    before the oldest the token has seen. The token holds (newest, oldest) message rows seen."""
    s = _session(ctx, 12004, "Session does not exist: {0}.")
    kind, count, token_error = _sync_params(ctx)
    base = select(M.c.pk, M.c.data).where(M.c.session_id == s.id)
    if kind == "FSync":
        rows = ctx.conn.execute(base.order_by(M.c.pk.desc()).limit(count)).all()
        hi, lo = (rows[0].pk, rows[-1].pk) if rows else (0, 0)
    else:
        hi, lo = decode_sync_token(ctx, s.id, token_error)
        if kind == "ISync":
            rows = ctx.conn.execute(base.where(M.c.pk > int(hi)).order_by(M.c.pk.desc()).limit(count + 1)).all()
            if len(rows) > count:
                raise _too_many(ctx)
            hi = rows[0].pk if rows else hi
            lo = lo or (rows[-1].pk if rows else 0)
        else:
            rows = ctx.conn.execute(base.where(M.c.pk < int(lo)).order_by(M.c.pk.desc()).limit(count)).all()
            lo = rows[-1].pk if rows else lo
    out = []
    for r in rows:
        m = _message_view(ctx, r.data)
        m.pop("delivery_status", None)
        out.append(m)
    return {"sms_histories": out, "sync_token": encode_sync_token(ctx, s.id, [hi, lo])}


# --- SMS: sending -------------------------------------------------------------------------------------------


def _sender(ctx: Context, sender: dict[str, Any]) -> Party:
    number = sender.get("phone_number") or ""
    uid = sender.get("user_id") or sender.get("id")
    if not is_e164(number):
        raise ApiError(400, 316, "The phone number does not conform to the E.164 standard.")
    user = None
    if uid:
        user = c.find_extension(ctx.conn, ctx.account_id, uid)
        if user is None:
            raise ApiError(400, 1001, f"User does not exist: {uid}")
    parties = account_numbers_by(ctx.conn, ctx.account_id, [number])
    party = parties[0] if parties else None
    if party is None or party.owner_type not in SMS_OWNER_TYPES:
        raise ApiError(400, 7001, "Phone Number is not valid.")
    if user is not None and user.id != party.owner_id:
        raise ApiError(400, 135, "You cannot have access to another user.")
    if not account_numbers_by(ctx.conn, ctx.account_id, [number], sms_only=True):
        raise ApiError(400, 7001, "Phone Number is not valid.")  # not SMS-capable
    return party


def _attachments(items: Any) -> list[tuple[str, str, str, bytes]]:
    """(documented type, content type, extension, bytes) per attachment."""
    out = []
    total = 0
    for a in items or []:
        typ = (a.get("type") or "").upper()
        if not typ:
            raise ApiError(400, 138, "Missing content type for SMS attachment.")
        if typ not in ATTACHMENT_TYPES:
            raise ApiError(400, 121, "Unsupported content type for SMS attachments.")
        try:
            data = base64.b64decode(a.get("base64_encoding") or "", validate=True)
        except (binascii.Error, ValueError):
            raise c.invalid("attachments.base64_encoding", "The attachment is not valid base64.") from None
        if not data:
            raise c.invalid("attachments.base64_encoding", "The attachment is empty.")
        total += len(data)
        doc_type, ctype, ext = ATTACHMENT_TYPES[typ]
        out.append((doc_type, ctype, ext, data))
    if len(out) > MAX_ATTACHMENTS:
        raise c.invalid("attachments", f"At most {MAX_ATTACHMENTS} attachments.")
    if total > MAX_ATTACHMENT_BYTES:
        raise c.invalid("attachments", "The attachments exceed 2MB in total.")
    return out


@provider("POST /phone/sms/messages")
def post_sms(ctx: Context) -> Response:
    body = c.body(ctx)
    sender = _sender(ctx, body.get("sender") or {})
    to_numbers = [m.get("phone_number") or "" for m in body.get("to_members") or []]
    if not to_numbers:
        raise c.invalid("to_members", "At least one recipient is required.")
    for n in to_numbers:
        if not is_e164(n):
            raise ApiError(400, 316, "The phone number does not conform to the E.164 standard.")
    if sender.number in to_numbers:
        raise c.invalid("to_members", "The sender cannot be a recipient.")
    text = body.get("message") or ""
    atts = _attachments(body.get("attachments"))
    if not text and not atts:
        raise c.invalid("message", "A message or an attachment is required.")
    if len(text.encode()) > (MAX_TEXT_WITH_ATTACHMENTS if atts else MAX_TEXT):
        raise c.invalid("message", f"The message exceeds {MAX_TEXT_WITH_ATTACHMENTS if atts else MAX_TEXT} bytes.")
    internal = {p.number: p for p in account_numbers_by(ctx.conn, ctx.account_id, to_numbers, sms_only=True)}
    to = [internal.get(n) or Party(n, n) for n in dict.fromkeys(to_numbers)]
    now = int(time.time())
    key = numbers_key([sender.number, *to_numbers])
    session = None
    if body.get("session_id"):
        session = ctx.conn.execute(select(S).where(S.c.id == body["session_id"], S.c.account_id == ctx.account_id)
                                   ).first()
        if session is None or session.numbers != key:
            raise c.invalid("session_id", f"SMS session does not exist: {body['session_id']}.")
    if session is None:
        session = ctx.conn.execute(select(S).where(S.c.account_id == ctx.account_id, S.c.numbers == key,
                                                   S.c.owner_id == sender.owner_id)).first()
    if session is None:  # a session in which another internal participant owns it is shared too
        session = ctx.conn.execute(select(S).join(SM, SM.c.session_id == S.c.id)
                                   .where(S.c.account_id == ctx.account_id, S.c.numbers == key,
                                          SM.c.owner_id == sender.owner_id)).first()
    group = len(to) > 1
    on_net = all(p.owner_id for p in to)
    mtype = 6 if on_net else (4 if atts else 3) if group else 2 if atts else (
        5 if any(country_of(p.number) != country_of(sender.number) for p in to) else 1)
    message_id = new_id()
    w = Writer(ctx.conn, ctx.account_id)
    att_json = []
    for doc_type, ctype, ext, data in atts:
        aid = new_id()
        name = f"{aid}.{ext}"
        att_json.append({"id": aid, "name": name, "size": len(data), "type": doc_type})
        w.add("sms_attachments", {"id": aid, "message_id": message_id, "name": name, "content_type": ctype,
                                  "size": len(data), "content": b64(data)})
    if session is None:
        sid = new_id().encode().hex()[:32]
        owner_id = sender.owner_id
        ctx.conn.execute(S.insert().values(
            id=sid, account_id=ctx.account_id, session_type=SESSION_TYPE.get(sender.owner_type or "user", "user"),
            owner_id=owner_id, participants=orjson.dumps([sender.sms_json(), *[p.sms_json() for p in to]]).decode(),
            numbers=key, first_ts=now, last_ts=now, sort_key=sort_key(now, sid)))
        direction = "out"
    else:
        sid = session.id
        ctx.conn.execute(update(S).where(S.c.id == sid).values(last_ts=now, sort_key=sort_key(now, sid)))
        direction = "out" if session.owner_id == sender.owner_id else "in"
    # members: the sender, and every internal recipient (SMS to a colleague lands in their sessions)
    members = {r.owner_id: r for r in ctx.conn.execute(select(SM).where(SM.c.session_id == sid))}
    for p in [sender, *[p for p in to if p.owner_id]]:
        if p.owner_id not in members:
            ctx.conn.execute(SM.insert().values(account_id=ctx.account_id, session_id=sid, owner_id=p.owner_id,
                                                phone_number=p.number, unread=0 if p is sender else 1))
        elif p is sender:
            ctx.conn.execute(update(SM).where(SM.c.session_id == sid, SM.c.owner_id == p.owner_id).values(unread=0))
        else:
            ctx.conn.execute(update(SM).where(SM.c.session_id == sid, SM.c.owner_id == p.owner_id)
                             .values(unread=SM.c.unread + 1))
    data = message_json(message_id, now, direction, text, mtype, "delivered" if on_net else "sent", sender, to,
                        att_json)
    rank = ctx.conn.execute(select(func.count()).select_from(M).where(M.c.session_id == sid)).scalar_one()
    w.add("sms_messages", {"id": message_id, "session_id": sid, "ts": now, "seq_key": seq_key(now, message_id, rank),
                           "direction": direction, "message_type": mtype,
                           "country": country_of(next((p.number for p in to if not p.owner_id), to[0].number)),
                           "segments": 1 if atts else max(1, -(-len(text) // 160)),
                           "data": orjson.dumps(data).decode()})
    w.flush()
    payload = {"message_id": message_id, "session_id": sid, "message_type": mtype, "date_time": iso(now),
               "sender": sender.sms_json(), "to_members": [p.sms_json() for p in to], "message": text,
               "attachments": att_json}
    ctx.emit("phone.sms_sent", {"account_id": ctx.account_id, "object": payload})
    if any(p.owner_id for p in to):
        ctx.emit("phone.sms_received", {"account_id": ctx.account_id, "object": payload})
    return Response(201, {"date_time": iso(now), "message_id": message_id, "session_id": sid})


# --- faxes ------------------------------------------------------------------------------------------------------


@provider("POST /fax/files")
def upload_fax_file(ctx: Context) -> Response:
    part = (ctx.body or {}).get("file")
    if not isinstance(part, dict):
        raise c.invalid("file", "The file part must be a file.")
    data: bytes = part["content"]
    if len(data) > MAX_FAX_FILE:
        raise ApiError(400, 1001, "File size exceeded maximum 50MB")
    if not data:
        raise c.invalid("file", "The file is empty.")
    name = part.get("filename") or "fax.zip"
    if data.startswith(b"PK"):
        ctype = "application/zip"
    elif data.startswith(b"%PDF-"):
        ctype = "application/pdf"
    else:
        ctype = part.get("content_type") or "application/octet-stream"
    fid = new_id()
    pages = media.pdf_pages(data) if ctype == "application/pdf" else 1
    ctx.conn.execute(FF.insert().values(id=fid, account_id=ctx.account_id, filename=name, content_type=ctype,
                                        pages=pages, created_ts=int(time.time()), size=len(data), content=b64(data)))
    return Response(201, {"file_id": fid})


def _fax_document(data: bytes, ctype: str, title: list[str]) -> tuple[bytes, int]:
    """The PDF that is faxed from an uploaded file: a PDF as is; a ZIP's PDF when it holds only
    one; else a PDF with one page per file of the ZIP ({order}.{type}, in order)."""
    if ctype == "application/pdf":
        return data, media.pdf_pages(data)
    if ctype == "application/zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = sorted(z.namelist(), key=lambda n: (int(n.split(".")[0]) if n.split(".")[0].isdigit() else 0, n))
                if len(names) == 1 and names[0].lower().endswith(".pdf"):
                    pdf = z.read(names[0])
                    return pdf, media.pdf_pages(pdf)
        except zipfile.BadZipFile:
            raise c.invalid("file_id", "The fax file is not a valid ZIP file.") from None
        pages = max(1, len(names))
        return media.fax_pdf([*title, *[f"Document: {n}" for n in names]], pages), pages
    return media.fax_pdf(title, 1), 1


def _fax_enabled(ctx: Context, party: Party) -> bool:
    if party.owner_type != "user":
        return True
    chain = [("account", ctx.account_id), ("site", party.site_id), ("user", party.owner_id)]
    policy = docs.resolve(ctx.conn, chain, "policy")
    fax = policy.get("online_fax") if isinstance(policy, dict) else None
    return not (isinstance(fax, dict) and fax.get("enable") is False)


@provider("POST /phone/fax/documents")
def send_fax(ctx: Context) -> Response:
    body = c.body(ctx)
    receivers = body.get("receivers") or []
    if not receivers:
        raise c.invalid("receivers", "At least one receiver is required.")
    if len(receivers) > MAX_FAX_RECEIVERS:
        raise c.invalid("receivers", f"A maximum of {MAX_FAX_RECEIVERS} receivers is allowed.")
    upload = ctx.conn.execute(select(FF).where(FF.c.id == body.get("file_id"), FF.c.account_id == ctx.account_id)
                              ).first()
    if upload is None:
        raise c.invalid("file_id", f"Fax file does not exist: {body.get('file_id')}.")
    sender_number = body.get("sender_number") or ""
    found = account_numbers_by(ctx.conn, ctx.account_id, [sender_number]) if is_e164(sender_number) else []
    sender = found[0] if found and found[0].owner_type in FAX_OWNER_TYPES else None
    fax_id = new_id().encode().hex()[:32].upper()
    now = int(time.time())
    sender_status = None
    if sender is None:
        sender_status = "invalid_sender_number"
    elif not _fax_enabled(ctx, sender):
        sender_status = "sender_fax_disabled"
    if sender is not None and body.get("sender_name"):
        sender = Party(sender.number, body["sender_name"], sender.owner_id, sender.owner_type, sender.extension_number,
                       sender.site_id, sender.site_name)
    w = Writer(ctx.conn, ctx.account_id)
    doc = pages = None
    out = []
    for rcv in receivers:
        number = rcv.get("receiver_number") or ""
        if sender_status:
            out.append({"receiver_number": number, "status": sender_status})
            continue
        if not is_e164(number) or number == sender.number:
            out.append({"receiver_number": number, "status": "invalid_receiver_number"})
            continue
        internal = account_numbers_by(ctx.conn, ctx.account_id, [number])
        receiver = internal[0] if internal and internal[0].owner_type in FAX_OWNER_TYPES else Party(
            number, rcv.get("receiver_name") or number)
        if receiver.owner_id and not _fax_enabled(ctx, receiver):
            out.append({"receiver_number": number, "status": "receiver_fax_disabled"})
            continue
        if doc is None:
            title = ["FAX", f"From: {sender.name} {sender.number}", f"Date: {iso(now)}", f"Fax ID: {fax_id}"]
            doc, pages = _fax_document(unb64(upload.content), upload.content_type, title)
            file_id = new_id()
            w.add("fax_files", {"id": file_id, "filename": f"{fax_id}.pdf", "content_type": "application/pdf",
                                "pages": pages, "created_ts": now, "size": len(doc), "content": b64(doc)})
        ids = [new_id(), new_id()]
        fax_rows(w, fax_id=fax_id, ts=now, sender=sender, receiver=receiver, file_id=file_id, pages=pages,
                 status="sent", status_reason="success", read=False, ids=ids, sender_type="openapi")
        out.append({"receiver_number": number, "status": "success", "fax_log_id": ids[0]})
        event = {"fax_id": fax_id, "fax_log_id": ids[0], "sender_number": sender.number, "receiver_number": number,
                 "file_pages_count": pages, "date_time": iso(now)}
        ctx.emit("phone.fax_sent", {"account_id": ctx.account_id, "object": event})
        if receiver.owner_id:
            ctx.emit("phone.fax_received", {"account_id": ctx.account_id,
                                            "object": {**event, "fax_log_id": ids[1]}})
    w.flush()
    return Response(201, {"fax_id": fax_id, "receivers": out})


def _fax_list_view(data: str) -> dict[str, Any]:
    d = orjson.loads(data)
    if d.get("receiver_extension_type"):
        d["receiver_extension_type"] = SNAKE.get(d["receiver_extension_type"], d["receiver_extension_type"])
    d.pop("status_reason", None)
    return d


def _fax_page(ctx: Context, stmt) -> dict[str, Any]:  # noqa: ANN001
    rows, token, total, _size = ctx.page(stmt, FL.c.sort_key)
    out = []
    for r in rows:
        d = _fax_list_view(r.data)
        d["read_status"] = r.read_status
        out.append(d)
    return {"fax_logs": out, "total_records": total, "next_page_token": token}


@provider("GET /phone/fax/logs")
def account_fax_logs(ctx: Context) -> dict[str, Any]:
    return _fax_page(ctx, select(FL.c.sort_key, FL.c.data, FL.c.read_status).where(FL.c.account_id == ctx.account_id))


@provider("GET /phone/extension/{extensionId}/fax/logs")
def extension_fax_logs(ctx: Context) -> dict[str, Any]:
    key = ctx.path["extensionId"]
    ext = c.find_extension(ctx.conn, ctx.account_id, key, FAX_OWNER_TYPES)
    if ext is None:
        raise ApiError(404, 404, f"Extension does not exist: {key}.")
    return _fax_page(ctx, select(FL.c.sort_key, FL.c.data, FL.c.read_status)
                     .where(FL.c.account_id == ctx.account_id, FL.c.owner_id == ext.id))


def _fax_log(ctx: Context, status: int, code: int, message: str):  # noqa: ANN202
    lid = ctx.path["faxLogId"]
    row = ctx.conn.execute(select(FL).where(FL.c.id == lid, FL.c.account_id == ctx.account_id)).first()
    if row is None:
        raise ApiError(status, code, message.replace("{faxLogId}", lid))
    return row


@provider("GET /phone/fax/logs/{faxLogId}")
def fax_log_details(ctx: Context) -> list[dict[str, Any]]:
    """The fax's workflow: submitted (node 0), then the final status (node 1)."""
    row = _fax_log(ctx, 404, 40401, "Fax log not found")
    d = orjson.loads(row.data)
    d["read_status"] = row.read_status
    d["retry_times"] = 0
    if d["direction"] == "outbound":
        first = {**d, "node": 0, "status": "submitted", "status_reason": "success"}
        return [first, {**d, "node": 1}]
    return [{**d, "node": 0}]


@provider("DELETE /phone/fax/logs/{faxLogId}")
def delete_fax_log(ctx: Context) -> None:
    row = _fax_log(ctx, 404, 400001, "Fax log not found for faxLogId.")
    ctx.conn.execute(delete(FL).where(FL.c.id == row.id))
    # the document goes when no fax log refers to it any more
    if ctx.conn.execute(select(FL.c.id).where(FL.c.file_id == row.file_id).limit(1)).first() is None:
        ctx.conn.execute(delete(FF).where(FF.c.id == row.file_id, FF.c.account_id == ctx.account_id))
    ctx.emit("phone.fax_log_deleted", {"account_id": ctx.account_id,
                                       "object": {"fax_log_ids": [row.id], "extension_id": row.owner_id}})
    return None


@provider("PATCH /phone/fax/logs/{faxLogId}")
def update_fax_read_status(ctx: Context) -> None:
    """The contract documents no body; phonestack reads ``{"read_status": "read"|"unread"}``
    (default ``read``)."""
    row = _fax_log(ctx, 400, 400001, "Fax log not found for faxLogId.")
    status = (ctx.body or {}).get("read_status", "read") if isinstance(ctx.body, dict) else "read"
    if status not in ("read", "unread"):
        raise ApiError(400, 400201, "The read status is invalid.")
    ctx.conn.execute(update(FL).where(FL.c.id == row.id).values(read_status=status))
    return None


@provider("GET /phone/fax/logs/{faxLogId}/file/{fileId}")
def download_fax_file(ctx: Context) -> Response:
    lid, fid = ctx.path["faxLogId"], ctx.path["fileId"]
    row = ctx.conn.execute(select(FL.c.file_id).where(FL.c.id == lid, FL.c.account_id == ctx.account_id)).first()
    if row is None:
        raise ApiError(404, 40401, f"Fax log not found for faxLogId: {lid}")
    f = None
    if row.file_id == fid:
        f = ctx.conn.execute(select(FF.c.content, FF.c.filename, FF.c.content_type)
                             .where(FF.c.id == fid, FF.c.account_id == ctx.account_id)).first()
    if f is None:
        raise ApiError(404, 40402, f"Fax file not found for fileId: {fid}")
    return Response(200, unb64(f.content), {"content-type": f.content_type,
                                            "content-disposition": f'attachment; filename="{f.filename}"'})

