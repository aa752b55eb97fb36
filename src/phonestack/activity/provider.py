"""Call activity: call history and call logs, call elements, recordings, transcripts, voicemails,
call metrics, queue analytics and call charges: providers (HTTP glue).

Everything is read from what the call simulator (activity/simulate.py) wrote: see
docs/activity.md. Lists are newest first (keyset pagination on ``sort_key``); ``from``/``to`` are
UTC dates (default: the 30 days up to today) and become a range of ``sort_key``.
"""

from __future__ import annotations

import math
import time
import zlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import and_, delete, func, or_, select, update

from ..http.context import Context, Response
from ..http.errors import ApiError
from ..http.files import file_url
from ..phone import common as c
from ..providers import provider
from ..store import schema as t
from . import media
from .simulate import MAX_TS

H = t.call_history
EL = t.call_elements
L = t.call_logs
REC = t.call_recordings
VM = t.voicemails
EXT = t.extensions

DEFAULT_DAYS = 30
SYNC_LIFETIME = 10 * 365 * 86400  # sync tokens do not expire (page tokens do, after 15 minutes)


# --- shared helpers -------------------------------------------------------------------------------


def _validation(ctx: Context, message: str = "Validation Failed.") -> ApiError:
    doc = next((e for e in ctx.op.error_codes if e.status == 400 and e.code == 300), None)
    return ApiError(400, 300, message if doc is None or "{" in doc.message else doc.message)


def _dates(ctx: Context, default_days: int = DEFAULT_DAYS) -> tuple[date, date]:
    today = datetime.now(UTC).date()
    try:
        to = date.fromisoformat(ctx.query["to"]) if ctx.query.get("to") else today
        frm = date.fromisoformat(ctx.query["from"]) if ctx.query.get("from") else to - timedelta(days=default_days)
    except ValueError:
        raise _validation(ctx, "The date must be yyyy-mm-dd.") from None
    if frm > to:
        raise _validation(ctx, "The from date must not be after the to date.")
    return frm, to


def _ts(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())


def _range_keys(frm: date, to: date) -> tuple[str, str]:
    """start_ts in [from 00:00, to+1 00:00) as a sort_key range: [lo, hi)."""
    s, e = _ts(frm), _ts(to) + 86400
    return f"{MAX_TS - e + 1:010d}", f"{MAX_TS - s + 1:010d}"


def _in_range(table, frm: date, to: date, time_type: str = "startTime"):  # noqa: ANN001, ANN202
    if time_type == "endTime":
        return and_(table.c.end_ts >= _ts(frm), table.c.end_ts < _ts(to) + 86400)
    lo, hi = _range_keys(frm, to)
    return and_(table.c.sort_key >= lo, table.c.sort_key < hi)


def _user(ctx: Context):  # noqa: ANN202
    key = ctx.path["userId"]
    row = c.find_extension(ctx.conn, ctx.account_id, key, c.USER)
    if row is None:
        doc = ctx.op.error_matching(r"User does not exist")
        code = doc.code if doc is not None else 1001
        raise ApiError(404, code, f"User does not exist: {key}.")
    return row


def _page(ctx: Context, stmt, key_col, **extra: Any) -> tuple[list[Any], dict[str, Any]]:  # noqa: ANN001
    rows, token, total, size = ctx.page(stmt, key_col)
    meta = {"next_page_token": token, "page_size": size, "total_records": total,
            "page_count": math.ceil(total / size) if size else 0, **extra}
    return rows, meta


def _load(data: str) -> dict[str, Any]:
    return orjson.loads(data)


_NOT_IN_ELEMENT = ("id", "call_result", "duration", "international", "recording_status", "answer_time",
                   "department", "cost_center")


def element_view(hist: dict[str, Any], el: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in hist.items() if k not in _NOT_IN_ELEMENT}
    out.update(el)
    return out


def _elements(ctx: Context, history_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {h: [] for h in history_ids}
    if not history_ids:
        return out
    for r in ctx.conn.execute(select(EL.c.history_id, EL.c.data).where(EL.c.history_id.in_(history_ids),
                                                                       EL.c.account_id == ctx.account_id)
                              .order_by(EL.c.history_id, EL.c.seq)):
        out[r.history_id].append(_load(r.data))
    return out


def _histories(ctx: Context, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = ctx.conn.execute(select(H.c.id, H.c.data, H.c.client_code).where(H.c.id.in_(ids),
                                                                           H.c.account_id == ctx.account_id))
    out = {}
    for r in rows:
        d = _load(r.data)
        if r.client_code:
            d["client_code"] = r.client_code
        out[r.id] = d
    return out


def _client_code(ctx: Context, error: ApiError) -> str:
    code = (ctx.body or {}).get("client_code")
    if not isinstance(code, str) or not code.isascii() or not code.isdigit() or not 3 <= len(code) <= 16:
        raise error
    return code


# --- call history (the new call logs) --------------------------------------------------------------


@provider("GET /phone/call_history")
def list_call_history(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    q = select(H.c.sort_key, H.c.data, H.c.client_code).where(
        H.c.account_id == ctx.account_id, _in_range(H, frm, to, ctx.query.get("time_type") or "startTime"))
    dirs = ctx.query.get("directions") or []
    if dirs and set(dirs) != {"inbound", "outbound"}:
        q = q.where(H.c.direction == "inbound") if dirs == ["inbound"] else q.where(H.c.direction != "inbound")
    if ctx.query.get("connect_types"):
        q = q.where(H.c.connect_type.in_(ctx.query["connect_types"]))
    if ctx.query.get("call_results"):
        q = q.where(H.c.result.in_(ctx.query["call_results"]))
    if ctx.query.get("site_ids"):
        q = q.where(H.c.site_id.in_(ctx.query["site_ids"]))
    if ctx.query.get("keyword"):
        q = q.where(H.c.keywords.contains(str(ctx.query["keyword"]).lower(), autoescape=True))
    rows, meta = _page(ctx, q, H.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    return {"call_history": [_load(r.data) for r in rows], **meta}


def _history_row(ctx: Context, key: str, error: ApiError):  # noqa: ANN202
    row = ctx.conn.execute(select(H).where(H.c.account_id == ctx.account_id, H.c.id == key)).first()
    if row is None:
        raise error
    return row


@provider("GET /phone/call_history/{callHistoryUuid}")
def get_call_history(ctx: Context) -> dict[str, Any]:
    key = ctx.path["callHistoryUuid"]
    row = _history_row(ctx, key, ApiError(404, 404, f"Call history does not exist: {key}."))
    hist = _load(row.data)
    els = [element_view(hist, e) for e in _elements(ctx, [row.id])[row.id]]
    path = [{"id": e["call_element_id"], **{k: v for k, v in e.items() if k != "call_history_uuid"}} for e in els]
    out = {**hist, "call_path": path, "call_elements": els}
    if row.client_code:
        out["client_code"] = row.client_code
    return out


@provider("PATCH /phone/call_history/{callLogId}/client_code")
def client_code_call_history(ctx: Context) -> None:
    key = ctx.path["callLogId"]
    code = _client_code(ctx, ApiError(400, 301, f"Invalid client code: {(ctx.body or {}).get('client_code')}"))
    row = ctx.conn.execute(select(H.c.id).where(H.c.account_id == ctx.account_id, H.c.id == key)).first()
    if row is None:  # a user's call history id (a call log) names its call too
        log = ctx.conn.execute(select(L.c.history_id).where(L.c.account_id == ctx.account_id, L.c.id == key)).first()
        if log is None:
            raise ApiError(404, 300, f"Call history not found: {key}")
        key = log.history_id
    ctx.conn.execute(update(H).where(H.c.account_id == ctx.account_id, H.c.id == key).values(client_code=code))
    ctx.conn.execute(update(L).where(L.c.account_id == ctx.account_id, L.c.history_id == key).values(client_code=code))


def _element(ctx: Context, key: str, error: ApiError) -> dict[str, Any]:
    row = ctx.conn.execute(select(EL.c.history_id, EL.c.data).where(EL.c.account_id == ctx.account_id,
                                                                   EL.c.id == key)).first()
    if row is None:  # a call history id: its first element
        row = ctx.conn.execute(select(EL.c.history_id, EL.c.data).where(
            EL.c.account_id == ctx.account_id, EL.c.history_id == key).order_by(EL.c.seq).limit(1)).first()
    if row is None:
        raise error
    hist = _histories(ctx, [row.history_id])[row.history_id]
    return element_view(hist, _load(row.data))


@provider("GET /phone/call_element/{callElementId}")
def get_call_element(ctx: Context) -> dict[str, Any]:
    key = ctx.path["callElementId"]
    return _element(ctx, key, ApiError(404, 404, f"Call element does not exist: {key}."))


@provider("GET /phone/call_history_detail/{callHistoryId}")
def get_call_history_detail(ctx: Context) -> dict[str, Any]:
    key = ctx.path["callHistoryId"]
    el = _element(ctx, key, ApiError(404, 301, f"Call history does not exist for call log Id: {key}."))
    el["id"] = el.pop("call_element_id")
    el["call_path_id"] = el.pop("call_history_uuid")
    return el


def _user_history_items(ctx: Context, rows: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    hids = list(dict.fromkeys(r.history_id for r in rows))
    hists = _histories(ctx, hids)
    els = _elements(ctx, hids)
    logs, elements = [], []
    for r in rows:
        h = hists.get(r.history_id)
        if h is None:
            continue
        item = {k: v for k, v in h.items() if k not in ("id", "call_history_uuid", "call_result", "recording_status",
                                                          "duration", "international")}
        item.update({"id": r.id, "call_path_id": r.history_id, "result": h.get("call_result"),
                     "event": "outgoing" if r.direction == "outbound" else "incoming"})
        if r.client_code:
            item["client_code"] = r.client_code
        logs.append(item)
        for e in els.get(r.history_id, []):
            elements.append(element_view(h, e))
    return logs, elements


@provider("GET /phone/users/{userId}/call_history")
def list_user_call_history(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    frm, to = _dates(ctx)
    q = select(L.c.id, L.c.sort_key, L.c.history_id, L.c.direction, L.c.client_code).where(
        L.c.owner_id == user.id, L.c.account_id == ctx.account_id, _in_range(L, frm, to))
    if ctx.query.get("keyword"):
        ids = select(H.c.id).where(H.c.account_id == ctx.account_id,
                                   H.c.keywords.contains(str(ctx.query["keyword"]).lower(), autoescape=True))
        q = q.where(L.c.history_id.in_(ids))
    rows, meta = _page(ctx, q, L.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    logs, elements = _user_history_items(ctx, rows)
    return {"call_logs": logs, "call_elements": elements, **meta}


def encode_sync_token(ctx: Context, subject: str, state: Any) -> str:
    """A sync token: ``state`` signed for this operation, account and ``subject`` (a user, a
    session); it does not expire. Shared with the SMS sync operations (messaging/provider.py)."""
    return ctx.server.page_tokens.encode(f"sync:{ctx.op.operation_id}:{ctx.account_id}:{subject}", state,
                                         now=time.time() + SYNC_LIFETIME)


def decode_sync_token(ctx: Context, subject: str, error: ApiError) -> Any:
    """The state of the request's ``sync_token``; ``error`` when it is missing, tampered with or
    another operation's, account's or subject's."""
    raw = ctx.query.get("sync_token")
    if not raw:
        raise error
    return ctx.server.page_tokens.decode(raw, f"sync:{ctx.op.operation_id}:{ctx.account_id}:{subject}", error)


def _sync(ctx: Context, user, columns, token_error: ApiError) -> tuple[list[Any], str]:  # noqa: ANN001
    """FSync: the newest ``count`` records; ISync: the records added since the token's sync
    (oldest first); BSync: ``count`` records older than the oldest the token has seen. Records are
    ordered by when they were written (``pk``); a deleted record is simply gone."""
    kind = ctx.query.get("sync_type") or "FSync"
    count = int(ctx.query.get("count") or 10)
    base = select(*columns, L.c.pk).where(L.c.owner_id == user.id, L.c.account_id == ctx.account_id)
    if kind == "FSync":
        rows = ctx.conn.execute(base.order_by(L.c.pk.desc()).limit(count)).all()
        newest = ctx.conn.execute(select(func.max(L.c.pk)).where(L.c.owner_id == user.id)).scalar() or 0
        hi, lo = newest, (rows[-1].pk if rows else newest + 1)
    else:
        hi, lo = decode_sync_token(ctx, user.id, token_error)
        if kind == "ISync":
            rows = ctx.conn.execute(base.where(L.c.pk > hi).order_by(L.c.pk).limit(count)).all()
            hi = rows[-1].pk if rows else hi
        else:
            rows = ctx.conn.execute(base.where(L.c.pk < lo).order_by(L.c.pk.desc()).limit(count)).all()
            lo = rows[-1].pk if rows else lo
    return rows, encode_sync_token(ctx, user.id, [hi, lo])


@provider("GET /phone/users/{userId}/call_history/sync")
def sync_user_call_history(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    rows, token = _sync(ctx, user, (L.c.id, L.c.history_id, L.c.direction, L.c.client_code),
                        ApiError(400, 301, "Invalid request param: sync_token."))
    logs, elements = _user_history_items(ctx, rows)
    return {"call_logs": logs, "call_elements": elements, "sync_token": token}


@provider("DELETE /phone/users/{userId}/call_history/{callLogId}")
def delete_user_call_history(ctx: Context) -> None:
    user = _user(ctx)
    key = ctx.path["callLogId"]
    n = ctx.conn.execute(delete(L).where(L.c.account_id == ctx.account_id, L.c.owner_id == user.id,
                                         or_(L.c.id == key, L.c.history_id == key))).rowcount
    if not n:
        raise ApiError(404, 301, f"Call history not found: {key}.")
    ctx.emit("phone.call_history_deleted", {"object": {"user_id": user.id, "call_log_ids": [key],
                                                       "move_to_trash": False, "delete_all": False}})


# --- call logs (the legacy call logs) --------------------------------------------------------------


def _log_item(r) -> dict[str, Any]:  # noqa: ANN001
    d = _load(r.data)
    if r.client_code:
        d["client_code"] = r.client_code
    return d


@provider("GET /phone/call_logs")
def list_call_logs(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    q = select(L.c.sort_key, L.c.data, L.c.client_code).where(
        L.c.account_id == ctx.account_id, _in_range(L, frm, to, ctx.query.get("time_type") or "startTime"))
    if ctx.query.get("type") == "missed":
        q = q.where(L.c.missed.is_(True))
    if ctx.query.get("path"):
        q = q.where(L.c.path == ctx.query["path"])
    if ctx.query.get("site_id"):
        q = q.where(L.c.site_id == ctx.query["site_id"])
    if ctx.query.get("charged_call_logs"):
        q = q.where(L.c.charge_micros > 0)
    rows, meta = _page(ctx, q, L.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    return {"call_logs": [_log_item(r) for r in rows], **meta}


@provider("GET /phone/call_logs/{callLogId}")
def get_call_log(ctx: Context) -> dict[str, Any]:
    key = ctx.path["callLogId"]
    row = ctx.conn.execute(select(L).where(L.c.account_id == ctx.account_id, L.c.id == key)).first()
    if row is None:
        raise ApiError(404, 404, f"Call log does not exist: {key}.")
    out = _log_item(row)
    hist = _histories(ctx, [row.history_id]).get(row.history_id, {})
    details = []
    for e in _elements(ctx, [row.history_id])[row.history_id]:
        v = element_view(hist, e)
        start = v.get("start_time")
        detail = {"id": v["call_element_id"], "date_time": start, "duration": v.get("talk_time", 0),
                  "hold_time": v.get("hold_time", 0), "path": out.get("path"),
                  "result": "Call connected" if v.get("result") == "answered" else str(v.get("result", "")).replace("_", " ").title(),
                  "site": out.get("site") or {}}
        ext_type = v.get("callee_ext_type")
        legacy = {"user": "user", "call_queue": "callQueue", "auto_receptionist": "autoReceptionist",
                  "shared_line_group": "sharedLineGroup"}.get(ext_type or "")
        if legacy and v.get("callee_ext_id"):
            detail["forward_to"] = {"extension_number": v.get("callee_ext_number", ""), "id": v["callee_ext_id"],
                                    "name": v.get("callee_name", ""), "type": legacy}
        details.append(detail)
    out["log_details"] = details
    for k in ("owner", "site", "user_id", "charge", "rate", "accepted_by", "forwarded_by", "outgoing_by",
              "waiting_time", "hold_time", "call_end_time", "answer_start_time"):
        out.pop(k, None)
    return out


@provider("PUT /phone/call_logs/{callLogId}/client_code")
def client_code_call_log(ctx: Context) -> None:
    key = ctx.path["callLogId"]
    code = _client_code(ctx, ApiError(400, 300, "Validation Failed."))
    n = ctx.conn.execute(update(L).where(L.c.account_id == ctx.account_id, L.c.id == key)
                         .values(client_code=code)).rowcount
    if not n:
        raise ApiError(404, 404, "Validation Failed.")


@provider("GET /phone/users/{userId}/call_logs")
def list_user_call_logs(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    frm, to = _dates(ctx)
    q = select(L.c.sort_key, L.c.data, L.c.client_code).where(
        L.c.owner_id == user.id, L.c.account_id == ctx.account_id,
        _in_range(L, frm, to, ctx.query.get("time_type") or "startTime"))
    if ctx.query.get("type") == "missed":
        q = q.where(L.c.missed.is_(True))
    if ctx.query.get("phone_number"):
        q = q.where(L.c.numbers.contains(str(ctx.query["phone_number"]), autoescape=True))
    rows, meta = _page(ctx, q, L.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    return {"call_logs": [_log_item(r) for r in rows], **meta}


@provider("GET /phone/users/{userId}/call_logs/sync")
def sync_user_call_logs(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    rows, token = _sync(ctx, user, (L.c.data, L.c.client_code),
                        ApiError(404, 300, "The sync token is invalid or expired."))
    return {"call_logs": [_log_item(r) for r in rows], "sync_token": token}


@provider("DELETE /phone/users/{userId}/call_logs/{callLogId}")
def delete_user_call_log(ctx: Context) -> None:
    user = _user(ctx)
    key = ctx.path["callLogId"]
    mine = (L.c.account_id == ctx.account_id, L.c.owner_id == user.id, L.c.id == key)
    call_id = ctx.conn.execute(select(L.c.call_id).where(*mine)).scalar()
    n = ctx.conn.execute(delete(L).where(*mine)).rowcount
    if not n:
        raise ApiError(404, 404, f"Call log information was not found for the following callLogId: {key}.")
    ctx.emit("phone.call_log_deleted", {"object": {"user_id": user.id, "call_logs": [{"id": key,
                                                                                       "call_id": call_id or ""}]}})


# --- recordings -----------------------------------------------------------------------------------


def _recording_view(ctx: Context, r) -> dict[str, Any]:  # noqa: ANN001
    d = _load(r.data)
    d.pop("call_history_id", None)
    d["download_url"] = file_url(ctx, media.RECORDING, r.id)
    d["file_url"] = d["download_url"]
    if r.transcript:
        d["transcript_download_url"] = file_url(ctx, media.TRANSCRIPT, r.id)
    d["auto_delete_enable"] = bool(r.auto_delete_enable)
    if r.deleted_ts is not None:
        d["deleted_time"] = datetime.fromtimestamp(r.deleted_ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        d["days_left_auto_permantely_delete"] = max(0, 30 - int((time.time() - r.deleted_ts) // 86400))
        d["soft_deleted_type"] = "Manual"
    return d


@provider("GET /phone/recordings")
def list_recordings(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    q = select(REC).where(REC.c.account_id == ctx.account_id, REC.c.deleted_ts.is_(None), _in_range(REC, frm, to))
    if ctx.query.get("owner_type"):
        q = q.where(REC.c.owner_type == ctx.query["owner_type"])
    if ctx.query.get("recording_type"):
        q = q.where(REC.c.recording_type == ctx.query["recording_type"])
    if ctx.query.get("site_id"):
        q = q.where(REC.c.site_id == ctx.query["site_id"])
    rows, meta = _page(ctx, q, REC.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    meta.pop("page_count")
    return {"recordings": [_recording_view(ctx, r) for r in rows], **meta}


@provider("GET /phone/users/{userId}/recordings")
def list_user_recordings(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    frm, to = _dates(ctx)
    q = select(REC).where(REC.c.owner_id == user.id, REC.c.account_id == ctx.account_id,
                          REC.c.deleted_ts.is_(None), _in_range(REC, frm, to))
    rows, meta = _page(ctx, q, REC.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    return {"recordings": [_recording_view(ctx, r) for r in rows], **meta}


@provider("GET /phone/call_queues/{callQueueId}/recordings")
def list_queue_recordings(ctx: Context) -> dict[str, Any]:
    key = ctx.path["callQueueId"]
    q_row = c.find_extension(ctx.conn, ctx.account_id, key, c.CALL_QUEUE)
    if q_row is None:
        raise ApiError(404, 404, f"Call queue does not exist: {key}.")
    frm, to = _dates(ctx)
    q = select(REC).where(REC.c.owner_id == q_row.id, REC.c.account_id == ctx.account_id,
                          REC.c.deleted_ts.is_(None), _in_range(REC, frm, to))
    rows, meta = _page(ctx, q, REC.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    meta.pop("page_count")
    out = []
    for r in rows:
        d = _recording_view(ctx, r)
        out.append({k: d[k] for k in ("id", "callee_name", "callee_number", "callee_number_type", "caller_name",
                                      "caller_number", "caller_number_type", "direction", "download_url",
                                      "duration") if k in d} | {"date_time": d["date_time"][:10],
                                                                "callee_number_type": str(d.get("callee_number_type", 1))})
    return {"recordings": out, **meta}


@provider("GET /phone/call_logs/{id}/recordings")
def recording_of_call(ctx: Context) -> dict[str, Any]:
    key = ctx.path["id"]
    row = ctx.conn.execute(select(REC).where(REC.c.account_id == ctx.account_id, REC.c.call_log_id == key)
                           .order_by(REC.c.pk).limit(1)).first()
    if row is None:  # a call id: the call's first recording
        hist = ctx.conn.execute(select(H.c.id).where(H.c.account_id == ctx.account_id,
                                                     or_(H.c.call_id == key, H.c.id == key))).first()
        if hist is not None:
            row = ctx.conn.execute(select(REC).where(REC.c.account_id == ctx.account_id, REC.c.history_id == hist.id)
                                   .order_by(REC.c.pk).limit(1)).first()
    if row is None:
        raise ApiError(404, 1001, f'Recording does not exist: "{key}".')
    d = _recording_view(ctx, row)
    d.pop("call_log_id", None)
    d.pop("site", None)
    d.pop("auto_delete_policy", None)
    d.pop("auto_delete_enable", None)
    d.pop("transcript_download_url", None)
    return d


def _recording(ctx: Context, error: ApiError | None = None):  # noqa: ANN202
    key = ctx.path.get("recordingId") or ctx.path.get("fileId") or ""
    row = media.recording_row(ctx.conn, ctx.account_id, key)
    if row is None:
        raise error or ApiError(404, 404, f"Recording does not exist: {key}.")
    return row


@provider("GET /phone/recording/download/{fileId}")
def download_recording(ctx: Context) -> Response:
    row = _recording(ctx, ApiError(400, 404, "File does not exist."))
    return Response(200, body=media.recording_wav(row), headers={
        "content-type": "audio/wav", "content-disposition": f'attachment; filename="call_recording_{row.id}.wav"'})


@provider("GET /phone/recording_transcript/download/{recordingId}")
def download_transcript(ctx: Context) -> Response:
    row = _recording(ctx, ApiError(400, 404, "File does not exist."))
    if not row.transcript:
        raise ApiError(400, 12001, "Admin has disabled this transcription.")
    return Response(302, headers={"location": file_url(ctx, media.TRANSCRIPT, row.id)})


@provider("DELETE /phone/recordings/{recordingId}")
def delete_recording(ctx: Context) -> None:
    """The first delete moves the recording to the trash (lists no longer show it, its
    ``deleted_time`` appears); deleting a trashed recording deletes it permanently."""
    row = _recording(ctx)
    if row.deleted_ts is None:
        ctx.conn.execute(update(REC).where(REC.c.pk == row.pk).values(deleted_ts=int(time.time())))
        event = "phone.recording_deleted"
    else:
        ctx.conn.execute(delete(REC).where(REC.c.pk == row.pk))
        event = "phone.recording_permanently_deleted"
    ctx.emit(event, {"object": {"recordings": [{"id": row.id, "call_id": _load(row.data).get("call_id", "")}]}})


@provider("PATCH /phone/recordings/{recordingId}")
def update_recording_auto_delete(ctx: Context) -> None:
    row = _recording(ctx)
    value = (ctx.body or {}).get("auto_delete_enable")
    if value is not None:
        ctx.conn.execute(update(REC).where(REC.c.pk == row.pk).values(auto_delete_enable=bool(value)))


@provider("PUT /phone/recordings/{recordingId}/status")
def update_recording_status(ctx: Context) -> None:
    row = _recording(ctx)
    if (ctx.body or {}).get("action") == "recover":
        ctx.conn.execute(update(REC).where(REC.c.pk == row.pk).values(deleted_ts=None))


# --- voicemails -----------------------------------------------------------------------------------


def _voicemail_view(ctx: Context, r, detail: bool = False) -> dict[str, Any]:  # noqa: ANN001
    d = _load(r.data)
    d.pop("call_history_id", None)
    d["download_url"] = file_url(ctx, media.VOICEMAIL, r.id)
    d["status"] = r.status
    if not detail:
        d.pop("transcription", None)
    return d


def _voicemail_list(ctx: Context, owner_id: str | None) -> dict[str, Any]:
    frm, to = _dates(ctx)
    q = select(VM).where(VM.c.account_id == ctx.account_id, VM.c.deleted_ts.is_(None), _in_range(VM, frm, to))
    if owner_id is not None:
        q = q.where(VM.c.owner_id == owner_id)
    status = ctx.query.get("status") or "all"
    if status != "all":
        q = q.where(VM.c.status == status)
    rows, meta = _page(ctx, q, VM.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    items = []
    for r in rows:
        d = _voicemail_view(ctx, r)
        if owner_id is not None:
            d.pop("owner", None)
            d.pop("call_log_id", None)
        items.append(d)
    return {"voice_mails": items, **meta}


@provider("GET /phone/voice_mails")
def list_voicemails(ctx: Context) -> dict[str, Any]:
    return _voicemail_list(ctx, None)


@provider("GET /phone/users/{userId}/voice_mails")
def list_user_voicemails(ctx: Context) -> dict[str, Any]:
    return _voicemail_list(ctx, _user(ctx).id)


def _voicemail(ctx: Context, error: ApiError):  # noqa: ANN202
    key = ctx.path.get("voicemailId") or ctx.path.get("fileId") or ""
    row = media.voicemail_row(ctx.conn, ctx.account_id, key)
    if row is None or row.deleted_ts is not None:
        raise error
    return row


@provider("GET /phone/voice_mails/{voicemailId}")
def get_voicemail(ctx: Context) -> dict[str, Any]:
    row = _voicemail(ctx, ApiError(400, 300, f"Voice mail does not exist: {ctx.path['voicemailId']}."))
    d = _voicemail_view(ctx, row, detail=True)
    d.pop("owner", None)
    d.pop("call_log_id", None)
    return d


@provider("GET /phone/users/{userId}/call_logs/{id}/voice_mail")
def get_voicemail_of_call_log(ctx: Context) -> dict[str, Any]:
    user = _user(ctx)
    key = ctx.path["id"]
    row = ctx.conn.execute(select(VM).where(VM.c.account_id == ctx.account_id, VM.c.owner_id == user.id,
                                            VM.c.deleted_ts.is_(None), VM.c.call_log_id == key)).first()
    if row is None:
        raise ApiError(404, 404, f"Voice mail does not exist: {key}.")
    d = _voicemail_view(ctx, row, detail=True)
    d.pop("owner", None)
    d.pop("call_log_id", None)
    return d


@provider("GET /phone/voice_mails/download/{fileId}")
def download_voicemail(ctx: Context) -> Response:
    row = _voicemail(ctx, ApiError(400, 404, "File does not exist."))
    return Response(200, body=media.voicemail_wav(row), headers={
        "content-type": "audio/wav", "content-disposition": f'attachment; filename="voicemail_{row.id}.wav"'})


@provider("DELETE /phone/voice_mails/{voicemailId}")
def delete_voicemail(ctx: Context) -> None:
    row = _voicemail(ctx, ApiError(404, 404, f"Voice mail does not exist: {ctx.path['voicemailId']}."))
    ctx.conn.execute(delete(VM).where(VM.c.pk == row.pk))
    ctx.emit("phone.voicemail_deleted", {"object": {"voice_mails": [{"id": row.id}]}})


@provider("PATCH /phone/voice_mails/{voicemailId}")
def update_voicemail_status(ctx: Context) -> None:
    row = _voicemail(ctx, ApiError(400, 404, f"Voice mail does not exist: {ctx.path['voicemailId']}."))
    status = "unread" if ctx.query.get("read_status") == "Unread" else "read"
    ctx.conn.execute(update(VM).where(VM.c.pk == row.pk).values(status=status))


# --- metrics, analytics, reports ------------------------------------------------------------------


def _side(hist: dict[str, Any], prefix: str, call_id: str) -> dict[str, Any]:
    h = zlib.crc32(f"{call_id}:{prefix}".encode())
    out = {
        "extension_number": hist.get(f"{prefix}_ext_number", ""),
        "phone_number": hist.get(f"{prefix}_did_number", ""),
        "site_id": hist.get("site_id", "") if hist.get(f"{prefix}_ext_id") else "",
        "device_type": hist.get(f"{prefix}_device_type") or ("PSTN" if not hist.get(f"{prefix}_ext_id") else ""),
        "codec": "OPUS" if hist.get(f"{prefix}_ext_id") else "G.711",
        "device_private_ip": f"10.{h % 250}.{(h >> 8) % 250}.{(h >> 16) % 250 + 1}",
        "device_public_ip": f"38.{(h >> 4) % 250}.{(h >> 12) % 250}.{(h >> 20) % 250 + 1}",
        "isp": ["Comcast Cable", "AT&T Services", "Cogent Communications", "Verizon Business"][h % 4],
        "headset": ["Jabra Evolve2", "Poly Voyager", "Built-in", "Logitech Zone"][(h >> 3) % 4],
        "microphone": ["Jabra Evolve2", "Poly Voyager", "Built-in Microphone", "Logitech Zone"][(h >> 3) % 4],
    }
    return out


METRIC_EXT_TYPE = {"user": "user", "call_queue": "callQueue", "auto_receptionist": "autoReceptionist",
                   "shared_line_group": "sharedLineGroup"}


def _metric(row, detail: bool = False) -> dict[str, Any]:  # noqa: ANN001
    hist = _load(row.data)
    out = {"call_id": row.call_id, "caller": _side(hist, "caller", row.call_id),
           "callee": _side(hist, "callee", row.call_id), "date_time": hist["start_time"],
           "direction": row.direction, "duration": row.duration, "mos": f"{row.mos / 10:.1f}"}
    if detail:
        for prefix in ("caller", "callee"):
            if hist.get(f"{prefix}_ext_id"):
                out[prefix].update({"id": hist[f"{prefix}_ext_id"], "display_name": hist.get(f"{prefix}_name", "")})
                # The history's snake_case type in the metrics' camelCase enum; types the enum does
                # not list (common areas, rooms) carry none.
                ext_type = METRIC_EXT_TYPE.get(hist.get(f"{prefix}_ext_type") or "")
                if ext_type:
                    out[prefix]["extension_type"] = ext_type
    return out


def _metrics_list(ctx: Context, quality: bool) -> dict[str, Any]:
    frm, to = _dates(ctx, 1)
    q = select(H.c.sort_key, H.c.call_id, H.c.direction, H.c.duration, H.c.mos, H.c.data).where(
        H.c.account_id == ctx.account_id, _in_range(H, frm, to), H.c.result != "system_blocked")
    if ctx.query.get("site_id"):
        q = q.where(H.c.site_id == ctx.query["site_id"])
    if quality and ctx.query.get("quality_type") in ("good", "bad"):
        q = q.where(H.c.mos >= 35) if ctx.query["quality_type"] == "good" else q.where(H.c.mos < 35)
    rows, meta = _page(ctx, q, H.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    meta.pop("page_count")
    return {"call_logs": [_metric(r) for r in rows], **meta}


@provider("GET /phone/metrics/call_logs")
def list_call_quality(ctx: Context) -> dict[str, Any]:
    return _metrics_list(ctx, quality=True)


@provider("GET /phone/metrics/past_calls")
def list_past_calls(ctx: Context) -> dict[str, Any]:
    return _metrics_list(ctx, quality=False)


def _call(ctx: Context, key: str):  # noqa: ANN202
    row = ctx.conn.execute(select(H).where(H.c.account_id == ctx.account_id, or_(H.c.call_id == key, H.c.id == key))
                           .limit(1)).first()
    if row is None:
        raise ApiError(404, 404, f"Call does not exist: {key}.")
    return row


@provider("GET /phone/metrics/call_logs/{call_id}")
def get_call_metrics(ctx: Context) -> dict[str, Any]:
    return _metric(_call(ctx, ctx.path["call_id"]), detail=True)


@provider("GET /phone/metrics/call_logs/{callId}/qos")
def get_call_qos(ctx: Context) -> dict[str, Any]:
    row = _call(ctx, ctx.path["callId"])
    hist = _load(row.data)

    def samples(prefix: str, way: str) -> list[dict[str, Any]]:
        out = []
        for i in range(min(10, max(1, row.duration // 60 + 1))):
            h = zlib.crc32(f"{row.call_id}:{prefix}:{way}:{i}".encode())
            mos = max(1.0, min(4.5, row.mos / 10 + ((h % 7) - 3) / 10))
            loss = (4.5 - mos) * 1.5 + (h % 50) / 100
            out.append({"date_time": datetime.fromtimestamp(row.start_ts + 60 * i, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "qos": {"avg_loss": f"{loss:.2f}%", "max_loss": f"{loss * 1.8:.2f}%",
                                "bitrate": f"{14 + (h % 400) / 100:.2f}kbps", "jitter": f"{2 + (h % 900) / 100:.2f}ms",
                                "mos": f"{mos:.1f}", "network_delay": str(40 + h % 260)}})
        return out

    def side(prefix: str) -> dict[str, Any]:
        s = _side(hist, prefix, row.call_id)
        return {"device_private_ip": s["device_private_ip"], "device_public_ip": s["device_public_ip"],
                "receiving": samples(prefix, "receiving"), "sending": samples(prefix, "sending")}

    return {"call_id": row.call_id, "caller_qos": side("caller"), "callee_qos": side("callee")}


@provider("GET /phone/call_queue_analytics")
def call_queue_analytics(ctx: Context) -> dict[str, Any]:
    """Per call queue, from the calls that went through it (``call_history.queue_id``) in the
    range: inbound (all), completed (answered), abandoned, overflowed (incl. those that then left
    a voicemail), average talk ("handle") time of the answered calls, average and maximum wait in
    the queue. Queues place no outbound calls in phonestack's simulation."""
    frm, to = _dates(ctx)
    qs = select(EXT.c.pk, EXT.c.id, EXT.c.name, EXT.c.site_id).where(EXT.c.account_id == ctx.account_id,
                                                                       EXT.c.type == c.CALL_QUEUE)
    if ctx.query.get("site_id"):
        qs = qs.where(EXT.c.site_id == ctx.query["site_id"])
    if ctx.query.get("call_queue_ext_id"):
        qs = qs.where(EXT.c.id == ctx.query["call_queue_ext_id"])
    rows, meta = _page(ctx, qs, EXT.c.pk, **{"from": frm.isoformat(), "to": to.isoformat()})
    ids = [r.id for r in rows]
    stats: dict[str, dict[str, Any]] = {i: {} for i in ids}
    if ids:
        agg = select(H.c.queue_id, H.c.result, func.count(), func.sum(H.c.duration - H.c.wait_time),
                     func.sum(H.c.wait_time), func.max(H.c.wait_time)).where(
            H.c.account_id == ctx.account_id, H.c.queue_id.in_(ids), _in_range(H, frm, to)
        ).group_by(H.c.queue_id, H.c.result)
        for qid, result, n, talk, wait, max_wait in ctx.conn.execute(agg):
            s = stats[qid]
            s["inbound"] = s.get("inbound", 0) + n
            s[result] = s.get(result, 0) + n
            s["wait"] = s.get("wait", 0) + int(wait or 0)
            s["max_wait"] = max(s.get("max_wait", 0), int(max_wait or 0))
            if result == "answered":
                s["talk"] = int(talk or 0)
    sites = {r.id: r.name for r in ctx.conn.execute(select(t.sites.c.id, t.sites.c.name).where(
        t.sites.c.account_id == ctx.account_id))}
    out = []
    for r in rows:
        s = stats[r.id]
        inbound, done = s.get("inbound", 0), s.get("answered", 0)
        out.append({
            "call_queue_id": r.id, "call_queue_name": r.name, "call_queue_ext_id": r.id,
            "inbound_calls": inbound, "completed_calls": done, "abandoned_calls": s.get("abandoned", 0),
            "overflowed_calls": s.get("overflowed", 0) + s.get("voicemail", 0) + s.get("no_answer", 0),
            "avg_handle_time": round(s.get("talk", 0) / done) if done else 0,
            "avg_wrap_up_time": 0,
            "avg_in_queue_wait_time": round(s.get("wait", 0) / inbound) if inbound else 0,
            "max_in_queue_wait_time": s.get("max_wait", 0),
            "outbound_calls": 0, "outbound_connected_calls": 0, "outbound_unconnected_calls": 0,
            "site_id": r.site_id or "", "site_name": sites.get(r.site_id, ""),
        })
    meta.pop("page_count")
    meta.pop("total_records")
    return {"call_queues": out, **meta}


@provider("GET /phone/reports/call_charges")
def call_charges(ctx: Context) -> dict[str, Any]:
    frm, to = _dates(ctx)
    if frm < datetime.now(UTC).date() - timedelta(days=396):
        raise ApiError(400, 400, "Invalid start date. Report is provided only for recent 13 months.")
    billing = ctx.query.get("billing_account_id")
    if billing:
        found = ctx.conn.execute(select(t.billing_accounts.c.id).where(
            t.billing_accounts.c.account_id == ctx.account_id, t.billing_accounts.c.id == billing)).first()
        if found is None:
            raise ApiError(400, 400, "The billing_account_id is invalid.")
    q = select(L.c.id, L.c.sort_key, L.c.data, L.c.charge_micros).where(
        L.c.account_id == ctx.account_id, L.c.direction == "outbound", L.c.path == "pstn", _in_range(L, frm, to))
    if ctx.query.get("show_charges_only"):
        q = q.where(L.c.charge_micros > 0)
    rows, meta = _page(ctx, q, L.c.sort_key, **{"from": frm.isoformat(), "to": to.isoformat()})
    meta.pop("page_count")
    out = []
    for r in rows:
        d = _load(r.data)
        rate = d.get("rate") or "0.0000"
        ext = str(d.get("caller_number", ""))
        billing_number = str(d.get("caller_did_number", ""))
        out.append({
            "call_log_id": r.id, "caller_number": ext, "caller_billing_number": billing_number,
            "callee_number": str(d.get("callee_number", "")), "callee_billing_number": str(d.get("callee_number", "")),
            "call_type": "international" if d.get("call_type") == "international" else "local",
            "service_type": "call", "calling_party_name": d.get("caller_name", ""),
            "cost_center": d.get("cost_center", ""), "department": d.get("department", ""),
            "end_time": d.get("call_end_time", ""), "duration": d.get("duration", 0), "charge_mode": "per_min",
            "rate": rate, "currency": "USD", "total_charge": f"{r.charge_micros / 1_000_000:.4f}",
            "billing_number": f"{billing_number.lstrip('+')} Ext. {ext}", "forward_number_billing": "",
        })
    return {"call_charges": out, **meta}
