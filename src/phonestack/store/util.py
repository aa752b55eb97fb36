"""Small helpers every area uses: ids and timestamps as Zoom formats them."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, datetime


def new_id() -> str:
    """A Zoom-style id: 22 characters of URL-safe base64 (16 random bytes).

    Never starts with '-' or '_': an id beginning with '-' reads as an option to command
    lines (``phonestack webhooks redeliver -x...`` failed one run in 32)."""
    while True:
        value = base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()
        if value[0] not in "-_":
            return value


def derived_id(*parts: str) -> str:
    """A Zoom-style id computed from ``parts``: the same parts give the same id. For rows that
    must exist once however many requests create them first (the id's unique constraint keeps
    one). Never starts with '-' or '_', as ``new_id``."""
    seed = "\x1f".join(parts).encode()
    for n in range(1000):
        digest = hashlib.sha256(seed + b"\x1f%d" % n if n else seed).digest()[:16]
        value = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if value[0] not in "-_":
            return value
    raise AssertionError("unreachable: one hash in 32 starts with '-' or '_'")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(dt: datetime | None) -> str | None:
    """Zoom's timestamp format: 'yyyy-MM-ddTHH:mm:ssZ'."""
    if dt is None:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamps() -> dict[str, datetime]:
    now = utcnow()
    return {"created_at": now, "updated_at": now}
