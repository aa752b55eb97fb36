"""Small helpers every area uses: ids and timestamps as Zoom formats them."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime


def new_id() -> str:
    """A Zoom-style id: 22 characters of URL-safe base64 (16 random bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


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
