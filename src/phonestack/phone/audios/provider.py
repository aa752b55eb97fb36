"""Audio items: account-level audio library, text-to-speech and the audio file downloads: providers (HTTP glue).

An audio item is an ``audio_items`` row with its bytes (``content``): a user's item (``owner_id``
= the user, made by ``POST /phone/users/{userId}/audios`` or ``.../audios/batch``) or an
account-level one (``owner_id`` NULL, the demo library of IVR prompts). ``play_url`` is the
download URL of ``http/files.py`` (``files.py`` registers the loader), which serves the stored
bytes: a WAV for text-to-speech, an upload byte for byte.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from ...http import files as http_files
from ...http.context import Context
from ...http.errors import ApiError
from ...providers import provider
from ...store import schema as t
from ...store.util import utcnow
from .. import common as c
from ..users import audio as tts
from . import files  # noqa: F401  (registers the audio file loader)

AUDIO = t.audio_items
MAX_NAME = 255


def audio_row(ctx: Context, *, status: int, code: int):  # noqa: ANN201
    """The account's audio item of the path, or the answer for an unknown (or another tenant's) id."""
    key = ctx.path["audioId"]
    row = ctx.conn.execute(select(AUDIO).where(AUDIO.c.account_id == ctx.account_id, AUDIO.c.id == key)).first()
    if row is None:
        raise ApiError(status, code, f"Audio does not exist: {key}.")
    return row


def audio_view(ctx: Context, row) -> dict[str, Any]:  # noqa: ANN001
    out: dict[str, Any] = {"audio_id": row.id, "name": row.name,
                           "play_url": http_files.file_url(ctx, files.KIND, row.id)}
    d = row.details or {}
    if d.get("source") == "text_to_speech":
        for key in ("text", "voice_language", "voice_accent"):
            if d.get(key):
                out[key] = d[key]
    return out


@provider("GET /phone/audios/{audioId}")
def get_audio_item(ctx: Context) -> dict[str, Any]:
    # The contract documents no not-found error for this operation: 404 (code 404).
    return audio_view(ctx, audio_row(ctx, status=404, code=404))


def _bad(field: str, message: str) -> ApiError:
    return ApiError(400, 300, message, [{"field": field, "message": message}])


@provider("PATCH /phone/audios/{audioId}")
def update_audio_item(ctx: Context) -> None:
    """Rename (``name``, required by the contract). phonestack also takes ``text``,
    ``voice_language`` and ``voice_accent`` (as the text-to-speech POST does): new words are
    synthesised again, and the item becomes a text-to-speech item."""
    row = audio_row(ctx, status=400, code=300)
    body = c.body(ctx)
    name = str(body.get("name") or "").strip()
    if not name:
        raise _bad("name", "The audio name cannot be empty.")
    if len(name) > MAX_NAME:
        raise _bad("name", f"The audio name has {MAX_NAME} characters or fewer.")
    values: dict[str, Any] = {"name": name}
    details = dict(row.details or {})
    speech = {k: body[k] for k in ("text", "voice_language", "voice_accent") if body.get(k) is not None}
    if speech:
        was_tts = details.get("source") == "text_to_speech"
        text = str(speech.get("text", details.get("text") if was_tts else "") or "")
        if not text.strip():
            raise _bad("text", "The text is empty.")
        if len(text) > tts.MAX_TEXT:
            raise _bad("text", "Maximum text length has been exceeded.")
        language = tts.find_language(str(speech.get("voice_language") or (
            details.get("voice_language") if was_tts else None) or tts.DEFAULT_LANGUAGE))
        if language is None:
            raise _bad("voice_language", "The language is not supported.")
        accent = speech.get("voice_accent") or (details.get("voice_accent") if was_tts else None)
        if "voice_language" in speech and "voice_accent" not in speech:
            accent = None  # a new language takes its own default voice unless one is named
        if accent:
            found = tts.find_accent(language, str(accent))
            if found is None:
                raise _bad("voice_accent", "The voice accent is not supported.")
            accent = found
        else:
            accent = tts.default_accent(language)
        content, engine = tts.text_to_speech(text, language, accent)
        details = {"source": "text_to_speech", "text": text, "voice_language": language, "voice_accent": accent,
                   "engine": engine, "size": len(content)}
        values.update(content=content, content_type="audio/wav", details=details)
    ctx.conn.execute(update(AUDIO).where(AUDIO.c.pk == row.pk).values(updated_at=utcnow(), **values))
    rewrite_references(ctx.conn, ctx.account_id, row.id, name)
    return None


@provider("DELETE /phone/audios/{audioId}")
def delete_audio_item(ctx: Context) -> None:
    row = audio_row(ctx, status=400, code=300)
    ctx.conn.execute(delete(AUDIO).where(AUDIO.c.pk == row.pk))
    rewrite_references(ctx.conn, ctx.account_id, row.id, None)
    return None


def rewrite_references(conn: Connection, account_id: str, audio_id: str, name: str | None) -> int:
    """Settings documents that keep a copy of an audio item as ``{"id": audio_id, "name": ...}``
    (the auto receptionists' IVR prompts) follow a rename (``name``) and lose the reference when
    the item is deleted (``name`` None): the prompt then reads as none. Documents that keep only
    the id resolve it when read. Returns how many documents changed."""
    docs = t.phone_documents
    changed = 0
    for d in conn.execute(select(docs.c.pk, docs.c.data).where(docs.c.account_id == account_id)).all():
        new, hit = _rewrite(d.data, audio_id, name)
        if hit:
            conn.execute(update(docs).where(docs.c.pk == d.pk).values(data=new, updated_at=utcnow()))
            changed += 1
    return changed


def _is_ref(value: Any, audio_id: str) -> bool:
    return isinstance(value, dict) and value.get("id") == audio_id and "name" in value and len(value) <= 3


def _rewrite(value: Any, audio_id: str, name: str | None) -> tuple[Any, bool]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        hit = False
        for k, v in value.items():
            if _is_ref(v, audio_id):
                hit = True
                if name is not None:
                    out[k] = {**v, "name": name}
                continue
            nv, h = _rewrite(v, audio_id, name)
            hit = hit or h
            out[k] = nv
        return out, hit
    if isinstance(value, list):
        items, hit = [], False
        for v in value:
            nv, h = _rewrite(v, audio_id, name)
            hit = hit or h
            items.append(nv)
        return items, hit
    return value, False
