"""Demo data: Audio items: account-level audio library, text-to-speech and the audio file downloads.

The master gets an account-level library (no owner) of three text-to-speech prompts for its
IVRs; the sub account one. The speech is synthesised once per process (cached): a reset costs a
bulk insert.
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
    rows = []
    for name, text, language, accent in LIBRARY if master else LIBRARY[:1]:
        content, engine = _speech(text, language, accent)
        rows.append({"id": new_id(), "account_id": account_id, "owner_id": None, "name": name,
                     "content_type": "audio/wav", "content": content,
                     "details": {"source": "text_to_speech", "text": text, "voice_language": language,
                                 "voice_accent": accent, "engine": engine, "size": len(content)}, **stamps()})
    conn.execute(insert(t.audio_items), rows)
