"""``/_phonestack/...``: endpoints for test suites and operators. They are not part of
Zoom's API.

- ``GET  /_phonestack/health``            liveness and version (always open)
- ``POST /_phonestack/reset``             body ``{"to": "demo"|"empty"}``; answers the demo credentials
- ``GET  /_phonestack/demo``              the demo credentials
- ``GET  /_phonestack/state``             the whole state as JSON
- ``POST /_phonestack/state``             replace the whole state with such a document
- ``POST /_phonestack/accounts``          body ``{"name", "parent_id"?, "plan"?, "options"?, "scopes"?}``:
  a new account with one app; answers its id, client id and client secret
- ``DELETE /_phonestack/accounts/{id}/users/{userId}``  deletes a phone user (Zoom's Users API does
  this; the Phone API cannot): its numbers are freed, its memberships, calling plans, device
  assignments, settings and personal emergency addresses go. ``{userId}``: id or email
- ``DELETE /_phonestack/accounts/{id}``   disassociates a sub account (status ``disassociated``):
  its tokens stop working and its master can no longer name it
- ``PATCH /_phonestack/accounts/{id}``    body ``{"options": {...}}``: merges into the account's options
  (``rate_limits``, ``faults``, ``sip_connected_audio``...); a null value removes an option
- ``POST /_phonestack/apps``              body ``{"account_id", "name"?, "scopes"?}``: a new app of an
  existing account (all the scopes it may hold unless ``scopes`` is given)
- ``POST /_phonestack/apps/{appId}/rotate_secret``  a new client secret (answered once, stored
  hashed); every token issued before is refused from now on
- ``POST /_phonestack/apps/{appId}/revoke_tokens``  refuses every token issued so far (the secret stays)
- ``DELETE /_phonestack/apps/{appId}``     deletes the app: its tokens are refused, its secret no longer
  gets one, its webhook subscriptions go. ``{appId}``: the app id or its client id
- ``POST /_phonestack/simulate``         body ``{"account_id"?, "calls", "days", "seed", "sms"?, "faxes"?}``:
  simulated calls (activity/simulate.py); answers the row counts
- ``/_phonestack/webhooks...``            event subscriptions and the delivery log (events/admin.py)
- ``GET  /_phonestack/activity``          with ``Authorization: Bearer <the account's token>``: that
  account's recent API requests as this process saw them (``limit``, default 100) and its
  rate-limit usage per label (console/activity.py)
- ``POST /_phonestack/console/login``     body ``{"password", "account_id"?}``: a token for the console
  when the server runs with ``--console-password`` (console/__init__.py)

When ``PHONESTACK_ADMIN_TOKEN`` is set, every endpoint but health, activity (a bearer token) and
console/login (the console password) needs the header ``X-Phonestack-Admin-Token: <token>``.
"""

from __future__ import annotations

import hmac
import os
from typing import TYPE_CHECKING

import orjson

from .. import __version__
from ..seed import demo_credentials, reset
from ..store.state import export_state, import_state
from .request import header_map

if TYPE_CHECKING:
    from .app import Server

_JSON = [(b"content-type", b"application/json;charset=UTF-8")]


def _out(status: int, body) -> tuple[int, list, bytes]:  # noqa: ANN001
    return status, _JSON, orjson.dumps(body)


class Admin:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.token = os.environ.get("PHONESTACK_ADMIN_TOKEN") or None

    def handle(self, scope, path: str, raw: bytes) -> tuple[int, list, bytes]:  # noqa: ANN001
        method = scope["method"]
        name = path.removeprefix("/_phonestack/").rstrip("/")
        if name == "health":
            return _out(200, {"status": "ok", "version": __version__, "database": self.server.engine.dialect.name})
        if name == "activity" and method == "GET":
            return self._activity(scope)
        if name == "console/login" and method == "POST":
            try:
                return self.server.console.login(orjson.loads(raw) if raw.strip() else {})
            except orjson.JSONDecodeError:
                return _out(400, {"code": 300, "message": "Request Body should be a valid JSON object."})
        if self.token is not None:
            given = header_map(scope).get("x-phonestack-admin-token", "")
            if not hmac.compare_digest(given, self.token):
                return _out(401, {"code": 401, "message": "Admin token required (X-Phonestack-Admin-Token)."})
        try:
            body = orjson.loads(raw) if raw.strip() else {}
        except orjson.JSONDecodeError:
            return _out(400, {"code": 300, "message": "Request Body should be a valid JSON object."})
        if name == "reset" and method == "POST":
            to = body.get("to", "demo") if isinstance(body, dict) else "demo"
            if to not in ("demo", "empty"):
                return _out(400, {"code": 300, "message": "'to' must be 'demo' or 'empty'."})
            creds = reset(self.server.engine, to)
            self.server.tokens.forget()
            return _out(200, {"reset": to, "credentials": creds})
        if name == "demo" and method == "GET":
            with self.server.engine.begin() as conn:
                return _out(200, demo_credentials(conn))
        if name == "state" and method == "GET":
            return _out(200, export_state(self.server.engine))
        if name == "state" and method == "POST":
            try:
                counts = import_state(self.server.engine, body)
            except (ValueError, TypeError, KeyError) as exc:
                return _out(400, {"code": 300, "message": f"Invalid state document: {exc}"})
            self.server.tokens.forget()
            return _out(200, {"imported": counts})
        if name == "accounts" and method == "POST":
            return self._create_account(body)
        if name.startswith("accounts/") and "/users/" in name and method == "DELETE":
            account_id, _, user_id = name.removeprefix("accounts/").partition("/users/")
            return self._delete_user(account_id, user_id)
        if name.startswith("accounts/") and method == "DELETE":
            return self._disassociate(name.removeprefix("accounts/"))
        if name.startswith("accounts/") and method == "PATCH":
            return self._update_options(name.removeprefix("accounts/"), body)
        if name == "apps" and method == "POST":
            return self._create_app(body)
        if name.startswith("apps/"):
            return self._app_action(method, name.removeprefix("apps/"))
        if name == "simulate" and method == "POST":
            from ..activity.cli import admin_simulate

            return _out(*admin_simulate(self.server.engine, body))
        if name == "webhooks" or name.startswith("webhooks/"):
            return self._webhooks(scope, method, name, body)
        return _out(404, {"code": 404, "message": "Not Found"})

    def _activity(self, scope) -> tuple[int, list, bytes]:  # noqa: ANN001
        """The caller's own account only: its recent requests (newest first) and rate-limit usage."""
        import time
        from urllib.parse import parse_qsl

        from ..console.activity import rate_limit_usage, summary, view

        principal = self.server.tokens.authenticate(header_map(scope).get("authorization"))
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        try:
            limit = int(query.get("limit", "100"))
        except ValueError:
            return _out(400, {"code": 300, "message": "'limit' must be an integer."})
        log = self.server.activity
        entries = log.recent(principal.account_id)
        now = time.time()
        return _out(200, {
            "account_id": principal.account_id,
            "process": {"pid": os.getpid(), "ring_size": log.size},
            "summary": summary(entries, now),
            "requests": [view(e) for e in entries[:max(1, min(limit, log.size))]],
            "rate_limits": rate_limit_usage(self.server.rate_limiter, principal, now),
        })

    def _webhooks(self, scope, method: str, name: str, body) -> tuple[int, list, bytes]:  # noqa: ANN001
        from urllib.parse import parse_qsl

        from ..events.admin import handle

        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        status, out = handle(self.server, method, name, body, query)
        return (status, [], b"") if out is None else _out(status, out)

    def _create_account(self, body) -> tuple[int, list, bytes]:  # noqa: ANN001
        from ..platform.accounts import create_account, create_app

        if not isinstance(body, dict) or not isinstance(body.get("name", "Test Account"), str):
            return _out(400, {"code": 300, "message": "Validation Failed."})
        scopes = body.get("scopes")
        if scopes is not None and not (isinstance(scopes, list) and all(isinstance(s, str) for s in scopes)):
            return _out(400, {"code": 300, "message": "'scopes' must be a list of strings."})
        with self.server.engine.begin() as conn:
            parent = body.get("parent_id")
            if parent is not None:
                from sqlalchemy import select

                from ..store import schema as t

                if conn.execute(select(t.accounts.c.id).where(t.accounts.c.id == parent)).first() is None:
                    return _out(404, {"code": 2001, "message": "Account does not exist."})
            account = create_account(
                conn, body.get("name", "Test Account"), parent_id=parent,
                plan=body.get("plan", "business"), options=body.get("options") or {},
            )
            app = create_app(conn, account, body.get("app_name", "Test app"), scopes=scopes)
        return _out(201, app)

    def _disassociate(self, account_id: str) -> tuple[int, list, bytes]:
        from sqlalchemy import select

        from ..platform.accounts import disassociate
        from ..store import schema as t

        with self.server.engine.begin() as conn:
            row = conn.execute(select(t.accounts.c.parent_id).where(t.accounts.c.id == account_id)).first()
            if row is None:
                return _out(404, {"code": 2001, "message": "Account does not exist."})
            if row.parent_id is None:
                return _out(400, {"code": 300, "message": "Only a sub account can be disassociated."})
            disassociate(conn, account_id)
        self.server.tokens.forget()
        return 204, [], b""

    def _delete_user(self, account_id: str, user_id: str) -> tuple[int, list, bytes]:
        from sqlalchemy import delete

        from ..events import users as user_events
        from ..events.outbox import enqueue
        from ..phone.common import USER, find_extension, purge_owner
        from ..store import schema as t

        with self.server.engine.begin() as conn:
            row = find_extension(conn, account_id, user_id, USER)
            if row is None:
                return _out(404, {"code": 1001, "message": f"User does not exist: {user_id}."})
            event = user_events.deleted(conn, account_id, row)
            purge_owner(conn, row.id)
            # The FKs do the rest: numbers SET NULL; members, plans, devices, addresses CASCADE.
            conn.execute(delete(t.extensions).where(t.extensions.c.id == row.id))
            enqueue(conn, account_id, [event])  # user.deleted, in the deletion's transaction
        self.server.dispatcher.wake()
        return 204, [], b""

    def _update_options(self, account_id: str, body) -> tuple[int, list, bytes]:  # noqa: ANN001
        from sqlalchemy import select, update

        from ..store import schema as t
        from ..store.util import utcnow
        from .faults import validate as validate_faults
        from .ratelimit import parse_setting

        changes = body.get("options") if isinstance(body, dict) else None
        if not isinstance(changes, dict):
            return _out(400, {"code": 300, "message": "'options' must be an object."})
        try:
            if changes.get("faults") is not None:
                changes["faults"] = validate_faults(changes["faults"])
            if changes.get("rate_limits") is not None:
                parse_setting(changes["rate_limits"])
        except ValueError as exc:
            return _out(400, {"code": 300, "message": str(exc)})
        with self.server.engine.begin() as conn:
            row = conn.execute(select(t.accounts.c.options).where(t.accounts.c.id == account_id)).first()
            if row is None:
                return _out(404, {"code": 2001, "message": "Account does not exist."})
            options = {**(row.options or {}), **changes}
            options = {k: v for k, v in options.items() if v is not None}
            conn.execute(update(t.accounts).where(t.accounts.c.id == account_id)
                         .values(options=options, updated_at=utcnow()))
        self.server.tokens.forget()
        return _out(200, {"id": account_id, "options": options})

    def _create_app(self, body) -> tuple[int, list, bytes]:  # noqa: ANN001
        from ..platform.accounts import create_app

        if not isinstance(body, dict) or not isinstance(body.get("account_id"), str):
            return _out(400, {"code": 300, "message": "'account_id' is required."})
        scopes = body.get("scopes")
        if scopes is not None and not (isinstance(scopes, list) and all(isinstance(s, str) for s in scopes)):
            return _out(400, {"code": 300, "message": "'scopes' must be a list of strings."})
        with self.server.engine.begin() as conn:
            try:
                app = create_app(conn, body["account_id"], str(body.get("name", "Test app")), scopes=scopes)
            except ValueError:
                return _out(404, {"code": 2001, "message": "Account does not exist."})
        return _out(201, app)

    def _app_action(self, method: str, rest: str) -> tuple[int, list, bytes]:
        """Secret rotation, token revocation and deletion of an app (by id or client id)."""
        import secrets

        from sqlalchemy import delete, or_, select, update

        from ..store import schema as t
        from ..store.util import utcnow
        from .auth import hash_secret, revoke_instant

        app_ref, _, action = rest.partition("/")
        if (method, action) not in (("POST", "rotate_secret"), ("POST", "revoke_tokens"), ("DELETE", "")):
            return _out(404, {"code": 404, "message": "Not Found"})
        with self.server.engine.begin() as conn:
            row = conn.execute(select(t.apps.c.id, t.apps.c.account_id, t.apps.c.client_id).where(
                or_(t.apps.c.id == app_ref, t.apps.c.client_id == app_ref))).first()
            if row is None:
                return _out(404, {"code": 404, "message": "App does not exist."})
            if method == "DELETE":
                conn.execute(delete(t.apps).where(t.apps.c.id == row.id))
                out = None
            elif action == "rotate_secret":
                secret = secrets.token_urlsafe(24)
                conn.execute(update(t.apps).where(t.apps.c.id == row.id).values(
                    client_secret_hash=hash_secret(secret), tokens_valid_after=revoke_instant(), updated_at=utcnow()))
                out = {"app_id": row.id, "client_id": row.client_id, "client_secret": secret,
                       "account_id": row.account_id}
            else:
                conn.execute(update(t.apps).where(t.apps.c.id == row.id).values(
                    tokens_valid_after=revoke_instant(), updated_at=utcnow()))
                out = {"app_id": row.id, "client_id": row.client_id, "account_id": row.account_id}
        self.server.tokens.forget()
        return (204, [], b"") if out is None else _out(200, out)
