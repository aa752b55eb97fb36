"""The admin console: a one-page web app at ``/console``, served by the API process itself.

The page is static (HTML, CSS and plain JavaScript modules in ``static/``, shipped as package
data; no CDN, no build step). Everything it shows or changes goes through the server's own HTTP
API: ``/oauth/token``, ``/v2/...`` with the token it obtained, and the documented admin endpoints
``/_phonestack/activity``, ``/_phonestack/webhooks/deliveries`` and ``/_phonestack/console/login``.

Login modes (docs/console.md):

- the account's app credentials: the page calls ``POST /oauth/token`` itself;
- the admin password (``phonestack serve --console-password`` / ``PHONESTACK_CONSOLE_PASSWORD``):
  ``POST /_phonestack/console/login`` with ``{"password", "account_id"?}`` answers a token of the
  account's console app (created on first use, with every scope the account may hold). Without a
  configured password the endpoint refuses every request.
"""

from __future__ import annotations

import hmac
import mimetypes
import os
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import select

from ..store import schema as t

if TYPE_CHECKING:
    from ..http.app import Server

STATIC = Path(__file__).parent / "static"
CONSOLE_APP_NAME = "phonestack console"
_JSON = [(b"content-type", b"application/json;charset=UTF-8"), (b"cache-control", b"no-store")]
# The page only talks to its own origin; audio plays from the same origin's /v2/files.
_CSP = (b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"media-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}
MAX_FAILURES = 20  # wrong passwords per minute and process before the login answers 429


def _out(status: int, body: Any) -> tuple[int, list, bytes]:
    return status, _JSON, orjson.dumps(body)


@cache
def _asset(name: str) -> tuple[bytes, str] | None:
    file = (STATIC / name).resolve()
    if STATIC.resolve() not in file.parents or not file.is_file():
        return None
    ctype = _TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return file.read_bytes(), ctype


class Console:
    def __init__(self, server: Server, password: str | None = None) -> None:
        self.server = server
        self.password = password if password is not None else (os.environ.get("PHONESTACK_CONSOLE_PASSWORD") or None)
        self._failures: list[float] = []

    # --- the page -------------------------------------------------------------------------

    def handle(self, scope, path: str) -> tuple[int, list, bytes]:  # noqa: ANN001
        if scope["method"] not in ("GET", "HEAD"):
            return 405, [(b"content-type", b"text/plain")], b"method not allowed"
        if path == "/console":
            return 308, [(b"location", b"/console/")], b""
        name = path.removeprefix("/console/") or "index.html"
        if name.startswith(".") or "\\" in name or "/." in name:
            return 404, [(b"content-type", b"text/plain")], b"not found"
        found = _asset(name)
        if found is None:
            return 404, [(b"content-type", b"text/plain")], b"not found"
        body, ctype = found
        headers = [(b"content-type", ctype.encode()), (b"cache-control", b"no-cache"),
                   (b"x-content-type-options", b"nosniff")]
        if name == "index.html":
            headers += [(b"content-security-policy", _CSP), (b"referrer-policy", b"no-referrer")]
        return 200, headers, b"" if scope["method"] == "HEAD" else body

    # --- password login -------------------------------------------------------------------

    def login(self, body: Any) -> tuple[int, list, bytes]:
        """``POST /_phonestack/console/login`` ``{"password", "account_id"?}`` -> a bearer token of
        the account (default: the demo master account, else the oldest master account)."""
        if self.password is None:
            return _out(403, {"code": 403, "message": "Console password login is not enabled "
                                                      "(phonestack serve --console-password)."})
        now = time.monotonic()
        self._failures = [f for f in self._failures if now - f < 60]
        if len(self._failures) >= MAX_FAILURES:
            return _out(429, {"code": 429, "message": "Too many failed console logins. Try again later."})
        given = body.get("password") if isinstance(body, dict) else None
        if not isinstance(given, str) or not hmac.compare_digest(given.encode(), self.password.encode()):
            self._failures.append(now)
            return _out(401, {"code": 401, "message": "Invalid console password."})
        account_id = body.get("account_id")
        if account_id is not None and not isinstance(account_id, str):
            return _out(400, {"code": 300, "message": "'account_id' must be a string."})
        from ..platform.accounts import create_app

        A = t.accounts
        with self.server.engine.begin() as conn:
            if not account_id:
                demo = conn.execute(select(t.server_meta.c.value)
                                    .where(t.server_meta.c.name == "demo_credentials")).scalar_one_or_none()
                account_id = orjson.loads(demo).get("account_id") if demo else None
                known = account_id and conn.execute(select(A.c.id).where(A.c.id == account_id)).first()
                if not known:
                    account_id = conn.execute(select(A.c.id).where(A.c.parent_id.is_(None), A.c.status == "active")
                                              .order_by(A.c.pk).limit(1)).scalar_one_or_none()
            account = conn.execute(select(A.c.id, A.c.name, A.c.parent_id, A.c.status)
                                   .where(A.c.id == account_id)).first() if account_id else None
            if account is None or account.status != "active":
                return _out(404, {"code": 2001, "message": "Account does not exist."})
            app = conn.execute(select(t.apps.c.id, t.apps.c.client_id).where(
                t.apps.c.account_id == account.id, t.apps.c.name == CONSOLE_APP_NAME).order_by(t.apps.c.pk).limit(1)
            ).first()
            if app is None:
                made = create_app(conn, account.id, CONSOLE_APP_NAME)
                app_id, client_id = made["app_id"], made["client_id"]
            else:
                app_id, client_id = app.id, app.client_id
            accounts = [
                {"id": r.id, "name": r.name, "parent_id": r.parent_id}
                for r in conn.execute(select(A.c.id, A.c.name, A.c.parent_id).where(A.c.status == "active")
                                      .order_by(A.c.pk).limit(200))
            ]
        token, ttl = self.server.tokens.issue(app_id, account.id, client_id)
        return _out(200, {
            "access_token": token, "token_type": "bearer", "expires_in": ttl,
            "account_id": account.id, "account_name": account.name, "accounts": accounts,
        })
