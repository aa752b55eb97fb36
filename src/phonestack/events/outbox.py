"""The transactional outbox: events become delivery rows in the transaction of the change.

``enqueue`` runs on the caller's connection, inside its transaction, so an event exists if and
only if the change that emitted it committed: a failed request leaves no row, and a committed
one leaves its rows even if the process dies right after the commit. The delivery worker
(``dispatcher``) sends them later.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.util import iso, new_id, stamps, utcnow
from . import catalog

log = logging.getLogger("phonestack.events")

S = t.webhook_subscriptions
O = t.webhook_outbox  # noqa: E741
_warned: set[str] = set()


def now_ms() -> int:
    return int(time.time() * 1000)


def _recipients(conn: Connection, name: str, payload: dict[str, Any]) -> set[str]:
    """The accounts whose subscriptions receive the event (see catalog.audience)."""
    if catalog.audience(name) == "carrier":
        obj = payload.get("object") or {}
        code = obj.get("carrier_code") if isinstance(obj, dict) else None
        if code is None:
            return set()
        return {
            r.id for r in conn.execute(select(t.accounts.c.id, t.accounts.c.options)).all()
            if (r.options or {}).get("carrier_code") is not None and str(r.options["carrier_code"]) == str(code)
        }
    return {str(payload["account_id"])}


def enqueue(conn: Connection, account_id: str, events: list[tuple[str, dict[str, Any]]]) -> int:
    """One outbox row per (event, enabled and validated subscription that wants it); the number
    of rows written. ``account_id`` fills a payload that has none. Names that are not in the
    catalog are logged and skipped (they are a bug of the emitter, not of the request)."""
    subs_of: dict[str, list[Any]] = {}
    rows: list[dict[str, Any]] = []
    ts = now_ms()
    for name, payload in events:
        if not catalog.is_event(name):
            if name not in _warned:
                _warned.add(name)
                log.warning("event %r is not in phonestack.events.catalog: not delivered", name)
            continue
        payload = {"account_id": account_id, **payload}
        body: bytes | None = None
        for acct in sorted(_recipients(conn, name, payload)):
            if acct not in subs_of:
                subs_of[acct] = conn.execute(
                    select(S.c.id, S.c.events).where(S.c.account_id == acct, S.c.enabled.is_(True),
                                                     S.c.validated.is_(True)).order_by(S.c.pk)
                ).all()
            for sub in subs_of[acct]:
                wanted = sub.events or []
                if name not in wanted and "*" not in wanted:
                    continue
                if body is None:
                    body = orjson.dumps({"event": name, "event_ts": ts, "payload": payload})
                rows.append({
                    "id": new_id(), "subscription_id": sub.id, "account_id": str(payload["account_id"]),
                    "event": name, "event_ts": ts, "body": body.decode(), "status": "pending", "attempts": 0,
                    "next_attempt_at": ts, "history": [], **stamps(),
                })
    if rows:
        conn.execute(insert(O), rows)
    return len(rows)


# --- the delivery log -----------------------------------------------------------------------------


def _ms_iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms / 1000))


def delivery_view(row) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": row.id,
        "subscription_id": row.subscription_id,
        "account_id": row.account_id,
        "event": row.event,
        "event_ts": row.event_ts,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": _ms_iso(row.next_attempt_at) if row.status == "pending" else None,
        "last_status": row.last_status,
        "last_error": row.last_error,
        "history": [{**h, "at": _ms_iso(h.get("at"))} for h in (row.history or [])],
        "body": orjson.loads(row.body),
        "created_at": iso(row.created_at),
        "delivered_at": iso(row.delivered_at),
    }


def list_deliveries(conn: Connection, *, subscription_id: str | None = None, status: str | None = None,
                    event: str | None = None, account_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The newest deliveries first."""
    q = select(O)
    if subscription_id:
        q = q.where(O.c.subscription_id == subscription_id)
    if status:
        q = q.where(O.c.status == status)
    if event:
        q = q.where(O.c.event == event)
    if account_id:
        q = q.where(O.c.subscription_id.in_(select(S.c.id).where(S.c.account_id == account_id)))
    rows = conn.execute(q.order_by(O.c.pk.desc()).limit(max(1, min(limit, 1000)))).all()
    return [delivery_view(r) for r in rows]


def get_delivery(conn: Connection, delivery_id: str):  # noqa: ANN201
    return conn.execute(select(O).where(O.c.id == delivery_id)).first()


def redeliver(conn: Connection, delivery_id: str) -> bool:
    """Send a delivery again now, whatever its status (attempts start over; history is kept)."""
    result = conn.execute(
        update(O).where(O.c.id == delivery_id).values(
            status="pending", attempts=0, next_attempt_at=now_ms(), lease_owner=None, lease_until=None,
            delivered_at=None, updated_at=utcnow(),
        )
    )
    return result.rowcount > 0
