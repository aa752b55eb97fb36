"""``POST /oauth/token``: Server-to-Server OAuth, as at https://zoom.us/oauth/token.

``grant_type=account_credentials&account_id=...`` with HTTP Basic client credentials
returns ``{access_token, token_type, expires_in, scope, api_url}``. Errors are OAuth's
(RFC 6749 section 5.2) in the shape Zoom uses: ``{"reason": ..., "error": ...}``.
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import orjson
from sqlalchemy import bindparam, select

from ..store import schema as t
from ..store.fast import Prepared
from .auth import verify_secret
from .request import base_url, header_map

if TYPE_CHECKING:
    from .app import Server

_JSON = [(b"content-type", b"application/json;charset=UTF-8"), (b"cache-control", b"no-store")]


def _error(status: int, error: str, reason: str, extra: list | None = None) -> tuple[int, list, bytes]:
    return status, _JSON + (extra or []), orjson.dumps({"reason": reason, "error": error})


class OAuthEndpoint:
    def __init__(self, server: Server) -> None:
        self.server = server

    def handle(self, scope, raw: bytes) -> tuple[int, list, bytes]:  # noqa: ANN001
        if scope["method"] != "POST":
            return _error(405, "invalid_request", "Only POST is supported.")
        params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        headers = header_map(scope)
        content_type = headers.get("content-type", "")
        authorization = headers.get("authorization", "")
        if raw and "application/x-www-form-urlencoded" in content_type:
            for k, v in parse_qsl(raw.decode("utf-8", "replace")):
                params.setdefault(k, v)
        client_id, client_secret = _basic(authorization)
        if client_id is None:
            client_id, client_secret = params.get("client_id"), params.get("client_secret")
        grant = params.get("grant_type")
        if not grant:
            return _error(400, "invalid_request", "Missing grant_type.")
        if grant != "account_credentials":
            return _error(400, "unsupported_grant_type", "Unsupported grant type")
        if not client_id or not client_secret:
            return _error(
                401, "invalid_client", "Invalid client_id or client_secret",
                [(b"www-authenticate", b'Basic realm="zoom"')],
            )
        app = self.server.read(lambda conn: _APP_BY_CLIENT_ID.one(conn, client_id=client_id))
        if app is None or not verify_secret(client_secret, app.client_secret_hash):
            return _error(
                401, "invalid_client", "Invalid client_id or client_secret",
                [(b"www-authenticate", b'Basic realm="zoom"')],
            )
        account_id = params.get("account_id")
        if not account_id:
            return _error(400, "invalid_request", "Missing account_id.")
        account = self.server.read(lambda conn: _ACCOUNT_STATUS.one(conn, account_id=account_id))
        if account_id != app.account_id or account is None or account.status != "active":
            return _error(400, "invalid_request", "Invalid account_id.")
        token, ttl = self.server.tokens.issue(app.id, app.account_id, client_id)
        body = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": ttl,
            "scope": app.scopes,
            "api_url": base_url(scope, headers),
        }
        return 200, _JSON, orjson.dumps(body)


# The token call's two reads, built once (store/fast.py).
_APP_BY_CLIENT_ID = Prepared(select(t.apps.c.id, t.apps.c.account_id, t.apps.c.client_secret_hash, t.apps.c.scopes)
                             .where(t.apps.c.client_id == bindparam("client_id")))
_ACCOUNT_STATUS = Prepared(select(t.accounts.c.status).where(t.accounts.c.id == bindparam("account_id")))


def _basic(header: str) -> tuple[str | None, str | None]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None, None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    cid, sep, secret = decoded.partition(":")
    if not sep:
        return None, None
    return cid, secret
