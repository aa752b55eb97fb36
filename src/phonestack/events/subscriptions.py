"""Event subscriptions of apps, and Zoom's endpoint URL validation.

A subscription belongs to one app (Zoom: an app's "Event Subscriptions") and holds the
endpoint URL, the secret token and the event types. Zoom sends events only to an endpoint
that passed validation: phonestack POSTs

    {"event": "endpoint.url_validation", "payload": {"plainToken": "..."}, "event_ts": ms}

(signed like every request) and requires a 200 answer
``{"plainToken": "...", "encryptedToken": hex(HMAC-SHA256(secret_token, plainToken))}``.

The handshake is network I/O: callers run it outside any database transaction
(``validate_endpoint``), then record the result (``record_validation``).
"""

from __future__ import annotations

import os
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from ..store import schema as t
from ..store.util import iso, new_id, stamps, utcnow
from . import catalog, signing

S = t.webhook_subscriptions
USER_AGENT = "Zoom Marketplace/1.0a"


class SubscriptionError(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def timeout() -> float:
    """Seconds a receiver has to answer (Zoom: 3)."""
    return float(os.environ.get("PHONESTACK_WEBHOOK_TIMEOUT", "3"))


# --- reading ------------------------------------------------------------------------------------


def _select():
    return select(S, t.apps.c.client_id).join(t.apps, t.apps.c.id == S.c.app_id)


def view(row) -> dict[str, Any]:  # noqa: ANN001
    return {
        "id": row.id,
        "account_id": row.account_id,
        "app_id": row.app_id,
        "client_id": row.client_id,
        "url": row.url,
        "secret_token": row.secret_token,
        "events": list(row.events or []),
        "enabled": bool(row.enabled),
        "validated": bool(row.validated),
        "validated_at": iso(row.validated_at),
        "validation_error": row.validation_error,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def get(conn: Connection, sub_id: str):  # noqa: ANN201
    return conn.execute(_select().where(S.c.id == sub_id)).first()


def list_subscriptions(conn: Connection, *, account_id: str | None = None, app_id: str | None = None,
                       client_id: str | None = None) -> list[dict[str, Any]]:
    q = _select()
    if account_id:
        q = q.where(S.c.account_id == account_id)
    if app_id:
        q = q.where(S.c.app_id == app_id)
    if client_id:
        q = q.where(t.apps.c.client_id == client_id)
    return [view(r) for r in conn.execute(q.order_by(S.c.pk)).all()]


# --- writing ------------------------------------------------------------------------------------


def _check_url(url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        raise SubscriptionError(400, "'url' is required.")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SubscriptionError(400, "'url' must be an http(s) URL.")
    return url.strip()


def _check_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise SubscriptionError(400, "'events' must be a non-empty list of event names (or [\"*\"]).")
    bad = catalog.unknown(events)
    if bad:
        raise SubscriptionError(400, f"Unknown event types: {', '.join(bad)}.")
    return list(dict.fromkeys(events))


def _check_secret(secret: Any) -> str:
    if not isinstance(secret, str) or not (1 <= len(secret) <= 255):
        raise SubscriptionError(400, "'secret_token' must be a string of 1 to 255 characters.")
    return secret


def find_app(conn: Connection, *, app_id: str | None = None, client_id: str | None = None,
             account_id: str | None = None):  # noqa: ANN201
    """The app a subscription belongs to: by id, by client id, or the oldest app of an account."""
    q = select(t.apps.c.id, t.apps.c.account_id, t.apps.c.client_id)
    if app_id:
        row = conn.execute(q.where(t.apps.c.id == app_id)).first()
    elif client_id:
        row = conn.execute(q.where(t.apps.c.client_id == client_id)).first()
    elif account_id:
        row = conn.execute(q.where(t.apps.c.account_id == account_id).order_by(t.apps.c.pk).limit(1)).first()
    else:
        raise SubscriptionError(400, "Name the app: 'app_id', 'client_id' or 'account_id'.")
    if row is None:
        raise SubscriptionError(404, "App does not exist.")
    return row


def create(conn: Connection, body: dict[str, Any]) -> str:
    """A new subscription (not validated yet, unless ``validated: true`` asserts it); its id."""
    app = find_app(conn, app_id=body.get("app_id"), client_id=body.get("client_id"),
                   account_id=body.get("account_id"))
    url = _check_url(body.get("url"))
    events = _check_events(body.get("events"))
    secret = body.get("secret_token")
    secret = _check_secret(secret) if secret is not None else secrets.token_urlsafe(16)[:22]
    enabled = body.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SubscriptionError(400, "'enabled' must be a boolean.")
    trusted = body.get("validated") is True
    sub_id = new_id()
    conn.execute(insert(S).values(
        id=sub_id, account_id=app.account_id, app_id=app.id, url=url, secret_token=secret, events=events,
        enabled=enabled, validated=trusted, validated_at=utcnow() if trusted else None, **stamps(),
    ))
    return sub_id


def update_subscription(conn: Connection, sub_id: str, body: dict[str, Any]) -> bool:
    """Apply ``url``, ``secret_token``, ``events``, ``enabled``. A new URL or secret needs a new
    validation (as on Zoom); answers whether it does."""
    row = get(conn, sub_id)
    if row is None:
        raise SubscriptionError(404, "Subscription does not exist.")
    values: dict[str, Any] = {}
    if "url" in body:
        values["url"] = _check_url(body["url"])
    if "secret_token" in body:
        values["secret_token"] = _check_secret(body["secret_token"])
    if "events" in body:
        values["events"] = _check_events(body["events"])
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise SubscriptionError(400, "'enabled' must be a boolean.")
        values["enabled"] = body["enabled"]
    revalidate = (values.get("url", row.url) != row.url) or (
        values.get("secret_token", row.secret_token) != row.secret_token)
    if revalidate:
        values.update(validated=False, validated_at=None, validation_error=None)
    if values:
        values["updated_at"] = utcnow()
        conn.execute(update(S).where(S.c.id == sub_id).values(**values))
    return revalidate


def delete_subscription(conn: Connection, sub_id: str) -> bool:
    return conn.execute(delete(S).where(S.c.id == sub_id)).rowcount > 0


# --- endpoint URL validation ----------------------------------------------------------------------


def validate_endpoint(url: str, secret: str, *, client: httpx.Client | None = None) -> str | None:
    """Zoom's challenge-response check of ``url``; None when it passed, else the reason."""
    plain = secrets.token_urlsafe(16)
    now = time.time()
    body = orjson.dumps({"payload": {"plainToken": plain}, "event_ts": int(now * 1000),
                         "event": catalog.URL_VALIDATION})
    headers = {"content-type": "application/json; charset=utf-8", "user-agent": USER_AGENT,
               **signing.headers(secret, int(now), body)}
    own = client is None
    client = client or httpx.Client(timeout=timeout(), follow_redirects=False)
    try:
        r = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return f"The endpoint did not answer: {type(exc).__name__}: {exc}"
    finally:
        if own:
            client.close()
    if r.status_code != 200:
        return f"The endpoint answered {r.status_code}; the validation needs 200."
    try:
        answer = orjson.loads(r.content)
    except orjson.JSONDecodeError:
        return "The endpoint's answer is not JSON."
    if not isinstance(answer, dict) or answer.get("plainToken") != plain:
        return "The answer's plainToken is not the one sent."
    if answer.get("encryptedToken") != signing.encrypted_token(secret, plain):
        return "The answer's encryptedToken is not HMAC-SHA256(secret token, plainToken)."
    return None


def record_validation(conn: Connection, sub_id: str, error: str | None, *, url: str, secret: str) -> bool:
    """Store the outcome, unless the URL or secret changed meanwhile; whether it was stored."""
    now = utcnow()
    result = conn.execute(
        update(S).where(S.c.id == sub_id, S.c.url == url, S.c.secret_token == secret).values(
            validated=error is None, validated_at=now if error is None else None, validation_error=error,
            updated_at=now,
        )
    )
    return result.rowcount > 0


def validate(engine, sub_id: str) -> dict[str, Any]:  # noqa: ANN001
    """Run the handshake for a stored subscription (outside any transaction) and record it;
    answers the subscription as it now is."""
    with engine.connect() as conn:
        row = get(conn, sub_id)
    if row is None:
        raise SubscriptionError(404, "Subscription does not exist.")
    error = validate_endpoint(row.url, row.secret_token)
    with engine.begin() as conn:
        record_validation(conn, sub_id, error, url=row.url, secret=row.secret_token)
        return view(get(conn, sub_id))
