"""Server-to-Server OAuth: token issuance (``POST /oauth/token``) and bearer-token checks.

Access tokens are JWTs (HS256) signed with a key kept in the database, so that every
worker process verifies the tokens of every other one without a shared cache. A verified
token is remembered in-process; the app behind it (scopes, revocation instant, account
status) is re-read at most once a second, so a revoked app or a disassociated sub account
loses access within a second across workers.

Revocation: ``apps.tokens_valid_after`` is an instant in milliseconds; a token issued before
it is refused (124). Rotating an app's secret or revoking its tokens through the admin API
moves it to now; deleting the app refuses all of its tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select

from ..store import schema as t
from .errors import ApiError

TOKEN_TTL = 3600
APP_CACHE_TTL = 1.0
_TOKEN_CACHE_MAX = 50_000


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def hash_secret(secret: str, salt: str | None = None) -> str:
    # Client secrets are 32 random characters (~190 bits): a salted SHA-256 is enough to keep
    # them from being read back, and keeps the token call fast (no password-stretching cost).
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256((salt + secret).encode()).hexdigest()
    return f"sha256${salt}${digest}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        _algo, salt, _digest = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(hash_secret(secret, salt), stored)


@dataclass(slots=True, frozen=True, weakref_slot=True)  # weakly held by the front door (http/answers.py)
class Principal:
    """Who is calling: the app's account, its scopes and the token's own claims."""

    account_id: str
    app_id: str
    client_id: str
    scopes: frozenset[str]
    is_master: bool  # a top-level account: may act on its sub accounts
    expires_at: int
    plan: str = "business"  # pro | business: the documented rate-limit figures
    rate_limits: Any = None  # the account's own rate-limit setting (accounts.options.rate_limits)
    faults: Any = None  # injected failures for client testing (accounts.options.faults)


@dataclass(slots=True)
class _AppInfo:
    account_id: str
    client_id: str
    scopes: frozenset[str]
    valid_after: int
    account_active: bool
    is_master: bool
    loaded_at: float
    plan: str = "business"
    rate_limits: Any = None
    faults: Any = None
    source: tuple = ()  # the database row it was made of


class TokenService:
    def __init__(self, engine, key: bytes, read=None) -> None:  # noqa: ANN001
        """``read(fn)`` runs ``fn(conn)`` on a read connection: the server's own (``Server.read``,
        which survives a lost connection), or by default one from ``engine``'s pool."""
        self.engine = engine
        self.key = key
        self._read = read or self._read_pooled
        # token -> [claims, its Principal, the _AppInfo that Principal was checked against]
        self._tokens: dict[str, list[Any]] = {}
        self._apps: dict[str, _AppInfo] = {}
        self._header = b64url(orjson.dumps({"alg": "HS256", "typ": "JWT"}))

    # --- issuing --------------------------------------------------------------------------

    def issue(self, app_id: str, account_id: str, client_id: str, now: int | None = None) -> tuple[str, int]:
        now_ms = int(now * 1000) if now is not None else time.time_ns() // 1_000_000
        now = now_ms // 1000
        claims = {
            "aid": account_id,
            "app": app_id,
            "cid": client_id,
            "iat": now,
            "ims": now_ms,  # the issue instant in milliseconds, against tokens_valid_after
            "exp": now + TOKEN_TTL,
            "jti": secrets.token_urlsafe(9),
            "iss": "phonestack",
        }
        payload = b64url(orjson.dumps(claims))
        signing_input = f"{self._header}.{payload}"
        sig = b64url(hmac.new(self.key, signing_input.encode(), hashlib.sha256).digest())
        return f"{signing_input}.{sig}", TOKEN_TTL

    # --- checking -------------------------------------------------------------------------

    def authenticate(self, authorization: str | None) -> Principal:
        if not authorization:
            raise ApiError(401, 124, "Requires an access token.")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ApiError(401, 124, "Invalid access token.")
        token = token.strip()
        now = time.time()
        entry = self._tokens.get(token)
        if entry is None:
            claims = self._decode(token)
            if len(self._tokens) >= _TOKEN_CACHE_MAX:
                self._tokens.clear()
            entry = self._tokens[token] = [claims, None, None]
        claims = entry[0]
        if claims["exp"] <= now:
            raise ApiError(401, 124, "Access token has expired.")
        app = self._app(claims["app"], now)
        if app is None or app is not entry[2]:
            # The app's record was (re)loaded since this token was last checked: check it again
            # and build the Principal once per reload (at most once a second), not per request.
            if app is None or not app.account_active or _issued_ms(claims) < app.valid_after:
                raise ApiError(401, 124, "Invalid access token.")
            entry[1] = Principal(app.account_id, claims["app"], app.client_id, app.scopes, app.is_master,
                                 claims["exp"], app.plan, app.rate_limits, app.faults)
            entry[2] = app
        return entry[1]

    def _decode(self, token: str) -> dict[str, Any]:
        try:
            header, payload, sig = token.split(".")
            expected = hmac.new(self.key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(b64url_decode(sig), expected):
                raise ValueError("signature")
            claims = orjson.loads(b64url_decode(payload))
            if not isinstance(claims, dict) or not {"aid", "app", "iat", "exp"} <= claims.keys():
                raise ValueError("claims")
            return claims
        except (ValueError, TypeError, orjson.JSONDecodeError):
            raise ApiError(401, 124, "Invalid access token.") from None

    def _app(self, app_id: str, now: float) -> _AppInfo | None:
        info = self._apps.get(app_id)
        if info is not None and now - info.loaded_at < APP_CACHE_TTL:
            return info
        stmt = (
            select(
                t.apps.c.account_id,
                t.apps.c.client_id,
                t.apps.c.scopes,
                t.apps.c.tokens_valid_after,
                t.accounts.c.status,
                t.accounts.c.parent_id,
                t.accounts.c.plan,
                t.accounts.c.options,
            )
            .join(t.accounts, t.accounts.c.id == t.apps.c.account_id)
            .where(t.apps.c.id == app_id)
        )
        row = self._read(lambda conn: conn.execute(stmt).first())
        if row is None:
            self._apps.pop(app_id, None)
            return None
        source = tuple(row)
        if info is not None and info.source == source:
            # Unchanged: the same object, so the Principals checked against it stay (and with
            # them the front door's filed requests, http/answers.py); no new scope set a second.
            info.loaded_at = now
            return info
        info = _AppInfo(
            account_id=row.account_id,
            client_id=row.client_id,
            scopes=frozenset(row.scopes.split()),
            valid_after=int(row.tokens_valid_after),
            account_active=row.status == "active",
            is_master=row.parent_id is None,
            loaded_at=now,
            plan=row.plan,
            rate_limits=(row.options or {}).get("rate_limits"),
            faults=(row.options or {}).get("faults"),
            source=source,
        )
        self._apps[app_id] = info
        return info

    def _read_pooled(self, fn):  # noqa: ANN001, ANN202
        with self.engine.connect() as conn:
            return fn(conn)

    def forget(self) -> None:
        """Drop cached apps and tokens (after a reset, import or revocation in this process)."""
        self._apps.clear()
        self._tokens.clear()


def _issued_ms(claims: dict[str, Any]) -> int:
    ims = claims.get("ims")
    return ims if isinstance(ims, int) else int(claims["iat"]) * 1000


def revoke_instant() -> int:
    """``tokens_valid_after`` for a revocation now: every token issued up to this millisecond
    (included) is refused, the next ones are accepted."""
    return time.time_ns() // 1_000_000 + 1


def require_scopes(principal: Principal, needed: frozenset[str], classic: tuple[str, ...], granular: tuple[str, ...]) -> None:
    """A token needs one of the operation's scopes, classic or granular, as Zoom checks them."""
    if not needed or principal.scopes & needed:
        return
    listed = ", ".join((*classic, *granular))
    raise ApiError(400, 4700, f"Invalid access token, does not contain scopes:[{listed}].")
