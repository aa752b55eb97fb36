"""The bytes of recordings, voicemails and transcripts, made on download.

Nothing audio is stored: a ``call_recordings`` / ``voicemails`` row keeps a ``seed`` and its
text, and the WAV is synthesized when someone downloads it (a recording: one tone per word of the
conversation, pitch from the word and the seed, at most 30 s; a voicemail: text to speech of its
transcription, espeak-ng when installed). The same row always gives the same bytes.

File kinds served at ``/v2/files/{kind}/{id}`` (http/files.py): ``phone_recording``,
``phone_recording_transcript``, ``phone_voicemail``.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..http.files import Blob, register
from ..store import schema as t
from .simulate import CONVERSATION, iso, transcript_timeline

REC = t.call_recordings
VM = t.voicemails

RECORDING = "phone_recording"
TRANSCRIPT = "phone_recording_transcript"
VOICEMAIL = "phone_voicemail"


def _names(data: dict[str, Any]) -> tuple[str, str]:
    return str(data.get("caller_name") or "Caller"), str(data.get("callee_name") or "Callee")


def recording_wav(row) -> bytes:  # noqa: ANN001
    from ..phone.users.audio import tones

    data = orjson.loads(row.data)
    caller, _ = _names(data)
    words = " ".join(text.format(name=caller.split()[0]) for _, text in CONVERSATION)
    return tones(f"{row.seed} {words}", female=row.seed % 2 == 1)


def voicemail_wav(row) -> bytes:  # noqa: ANN001
    from ..phone.users.audio import default_accent, text_to_speech

    data = orjson.loads(row.data)
    text = (data.get("transcription") or {}).get("content") or f"Voicemail {row.seed}"
    return text_to_speech(text, "en-US", default_accent("en-US"))[0]


def transcript(row, account_id: str) -> dict[str, Any]:  # noqa: ANN001
    data = orjson.loads(row.data)
    caller, callee = _names(data)
    return {
        "type": "zoom_transcript", "ver": 1, "recording_id": row.id, "meeting_id": "", "account_id": account_id,
        "host_id": row.owner_id, "recording_start": iso(row.start_ts), "recording_end": iso(row.start_ts + row.duration),
        "timeline": transcript_timeline({"duration": row.duration}, caller, callee),
    }


def recording_row(conn: Connection, account_id: str | None, rec_id: str):  # noqa: ANN201
    q = select(REC).where(REC.c.id == rec_id)
    if account_id is not None:
        q = q.where(REC.c.account_id == account_id)
    return conn.execute(q).first()


def voicemail_row(conn: Connection, account_id: str | None, vm_id: str):  # noqa: ANN201
    q = select(VM).where(VM.c.id == vm_id)
    if account_id is not None:
        q = q.where(VM.c.account_id == account_id)
    return conn.execute(q).first()


@register(RECORDING)
def _load_recording(conn: Connection, file_id: str) -> Blob | None:
    row = recording_row(conn, None, file_id)
    if row is None:
        return None
    return Blob(row.account_id, recording_wav(row), "audio/wav", f"call_recording_{row.id}.wav")


@register(TRANSCRIPT)
def _load_transcript(conn: Connection, file_id: str) -> Blob | None:
    row = recording_row(conn, None, file_id)
    if row is None or not row.transcript:
        return None
    return Blob(row.account_id, orjson.dumps(transcript(row, row.account_id)), "application/json",
                f"call_transcript_{row.id}.json")


@register(VOICEMAIL)
def _load_voicemail(conn: Connection, file_id: str) -> Blob | None:
    row = voicemail_row(conn, None, file_id)
    if row is None:
        return None
    return Blob(row.account_id, voicemail_wav(row), "audio/wav", f"voicemail_{row.id}.wav")
