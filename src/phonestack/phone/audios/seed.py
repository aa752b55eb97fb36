"""Demo data: Audio items: account-level audio library, text-to-speech and the audio file downloads.

``library(conn, account_id, master)`` makes an account-level library (no owner) of three
text-to-speech prompts for IVRs (one on a sub account); the speech is synthesised once per process
(cached), so it costs a bulk insert. The demo seed does not call it yet: the state export
(``store/state.py``, ``GET /_phonestack/state``) cannot serialise the bytes of ``audio_items.content``
(orjson refuses ``bytes``), so a seeded library would break the export until that module encodes
binary columns (base64 on export, decoded on import).
"""

from __future__ import annotations

import functools
import random

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ...store import schema as t
from ...store.util import new_id, stamps
from ..users import audio as tts

LIBRARY = (  # name, text, language, accent
    ("Main Greeting.wav", "Thank you for calling Phonestack. For sales, press 1. For support, press 2.", "en-US",
     "Joanna-Female"),
    ("After Hours.wav", "Our office is closed. Please call again between 9 AM and 5 PM, Monday to Friday.",
     "en-US", "Joey-Male"),
    ("Please Hold.wav", "All of our agents are busy. Please stay on the line.", "en-GB", "Amy-Female"),
)


@functools.lru_cache(maxsize=8)
def _speech(text: str, language: str, accent: str) -> tuple[bytes, str]:
    return tts.text_to_speech(text, language, accent)


def seed_demo(conn: Connection, account_id: str, rng: random.Random, master: bool = True) -> None:  # noqa: ARG001
    return None


def library(conn: Connection, account_id: str, master: bool = True) -> None:
    rows = []
    for name, text, language, accent in LIBRARY if master else LIBRARY[:1]:
        content, engine = _speech(text, language, accent)
        rows.append({"id": new_id(), "account_id": account_id, "owner_id": None, "name": name,
                     "content_type": "audio/wav", "content": content,
                     "details": {"source": "text_to_speech", "text": text, "voice_language": language,
                                 "voice_accent": accent, "engine": engine, "size": len(content)}, **stamps()})
    conn.execute(insert(t.audio_items), rows)
