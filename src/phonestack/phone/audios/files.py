"""The bytes of audio items (``audio_items.content``) behind their play/download URLs:
``{scheme://host}/v2/files/audio/{audioId}`` (see http/files.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ...http.files import Blob, register
from ...store import schema as t

KIND = "audio"
EXTENSIONS = {"audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/mp3": "mp3"}


@register(KIND)
def load_audio(conn: Connection, audio_id: str) -> Blob | None:
    a = t.audio_items
    row = conn.execute(select(a.c.account_id, a.c.name, a.c.content, a.c.content_type).where(a.c.id == audio_id)).first()
    if row is None or row.content is None:
        return None
    ext = EXTENSIONS.get(row.content_type, "bin")
    name = row.name if row.name.lower().endswith(f".{ext}") else f"{row.name}.{ext}"
    return Blob(row.account_id, bytes(row.content), row.content_type, name)
