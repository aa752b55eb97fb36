"""Zoom's webhook signatures (https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events).

- Every request carries ``x-zm-request-timestamp`` (seconds since the epoch) and
  ``x-zm-signature: v0=<hex HMAC-SHA256(secret_token, "v0:{timestamp}:{raw body}")>``.
- The endpoint URL validation answers ``encryptedToken = hex HMAC-SHA256(secret_token, plainToken)``.

``verify`` is what a receiver does; phonestack's tests use it, and so can yours.
"""

from __future__ import annotations

import hashlib
import hmac


def _hmac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``x-zm-signature`` value of ``body`` sent at ``timestamp``."""
    return "v0=" + _hmac(secret, b"v0:" + str(timestamp).encode() + b":" + body)


def headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "x-zm-request-timestamp": str(timestamp),
        "x-zm-signature": signature(secret, timestamp, body),
    }


def encrypted_token(secret: str, plain_token: str) -> str:
    return _hmac(secret, plain_token.encode())


def verify(secret: str, timestamp: str | None, body: bytes, given: str | None) -> bool:
    """Whether ``given`` (the ``x-zm-signature`` header) signs ``body`` at ``timestamp``."""
    if not timestamp or not given:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), given)
