"""``next_page_token`` pagination, keyset-based.

A token is an HMAC-signed, opaque string naming the operation, the account, a fingerprint
of the query's filters, the last key returned and an expiry 15 minutes ahead. The next
page is ``WHERE pk > :last ORDER BY pk LIMIT :size``: page 5,000 costs what page 1 costs,
and rows inserted meanwhile are neither duplicated nor skipped (new rows get larger keys).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import orjson

from .auth import b64url, b64url_decode
from .errors import ApiError

TOKEN_LIFETIME = 15 * 60


class PageTokens:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def _sig(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()[:16]

    def encode(self, scope: str, last_key: Any, now: float | None = None) -> str:
        now = time.time() if now is None else now
        payload = orjson.dumps({"s": scope, "k": last_key, "e": int(now) + TOKEN_LIFETIME})
        return f"{b64url(payload)}.{b64url(self._sig(payload))}"

    def decode(self, token: str, scope: str, error: ApiError, now: float | None = None) -> Any:
        now = time.time() if now is None else now
        try:
            p, s = token.split(".")
            payload = b64url_decode(p)
            if not hmac.compare_digest(b64url_decode(s), self._sig(payload)):
                raise ValueError("tampered")
            data = orjson.loads(payload)
        except (ValueError, TypeError, orjson.JSONDecodeError):
            raise error from None
        if data.get("s") != scope or data.get("e", 0) < now:
            raise error
        return data["k"]


def scope_of(operation_id: str, account_id: str, filters: dict[str, Any]) -> str:
    """What a token is valid for: the same operation, account and filters."""
    clean = {k: v for k, v in filters.items() if k not in ("page_size", "next_page_token")}
    try:
        canonical = orjson.dumps(clean, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer filter beyond 64 bits (valid where the contract sets no maximum)
        canonical = json.dumps(clean, sort_keys=True, default=str).encode()
    digest = hashlib.sha256(canonical).hexdigest()[:16]
    return f"{operation_id}:{account_id}:{digest}"
