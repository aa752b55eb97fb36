"""Audio for the users' audio library: text-to-speech that produces a real, playable WAV, and
the checks of uploaded attachments.

Text-to-speech uses ``espeak-ng --stdout`` when it is installed; otherwise it synthesises a
short WAV with Python's ``wave`` module (a tone sequence derived from the text: one short tone
per word, so the length follows the text). Which engine made an item is recorded in its
details (``engine``: ``espeak-ng`` or ``tones``).
"""

from __future__ import annotations

import io
import math
import shutil
import struct
import subprocess
import wave
import zlib

MAX_TEXT = 3000
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 1024 * 1024
AUDIO_TYPES = ("audio/mpeg", "audio/wav")

# The voices Zoom's text-to-speech offers (language -> accents); "Joanna-Female"/"Joey-Male" are
# the documented examples. Accents are matched case-insensitively.
VOICES: dict[str, tuple[str, ...]] = {
    "en-US": ("Joanna-Female", "Joey-Male", "Salli-Female", "Matthew-Male", "Kimberly-Female", "Kendra-Female",
              "Justin-Male", "Ivy-Female", "Kevin-Male", "Ruth-Female", "Stephen-Male"),
    "en-GB": ("Amy-Female", "Emma-Female", "Brian-Male", "Arthur-Male"),
    "en-AU": ("Olivia-Female",),
    "en-IN": ("Kajal-Female",),
    "es-US": ("Lupe-Female", "Pedro-Male"),
    "es-ES": ("Lucia-Female", "Sergio-Male"),
    "fr-CA": ("Gabrielle-Female", "Liam-Male"),
    "fr-FR": ("Lea-Female", "Remi-Male"),
    "de-DE": ("Vicki-Female", "Daniel-Male"),
    "it-IT": ("Bianca-Female", "Adriano-Male"),
    "nl-NL": ("Laura-Female",),
    "pt-BR": ("Camila-Female", "Thiago-Male"),
    "pt-PT": ("Ines-Female",),
    "ja-JP": ("Kazuha-Female", "Takumi-Male"),
    "ko-KR": ("Seoyeon-Female",),
    "zh-CN": ("Zhiyu-Female",),
    "da-DK": ("Sofie-Female",),
}
DEFAULT_LANGUAGE = "en-US"


def default_accent(language: str) -> str:
    return VOICES[language][0]


def find_language(value: str) -> str | None:
    for lang in VOICES:
        if lang.lower() == value.lower():
            return lang
    return None


def find_accent(language: str, value: str) -> str | None:
    for accent in VOICES[language]:
        if accent.lower() == value.lower():
            return accent
    return None


def text_to_speech(text: str, language: str, accent: str) -> tuple[bytes, str]:
    """(WAV bytes, engine name)."""
    exe = shutil.which("espeak-ng")
    if exe:
        voice = language.split("-")[0].lower()
        if language == "en-GB":
            voice = "en-gb"
        elif language == "en-US":
            voice = "en-us"
        if accent.lower().endswith("-female"):
            voice += "+f3"
        try:
            out = subprocess.run([exe, "--stdout", "-v", voice, text], capture_output=True, timeout=20, check=True)
            if is_wav(out.stdout):
                return out.stdout, "espeak-ng"
        except (OSError, subprocess.SubprocessError):
            pass
    return tones(text, female=accent.lower().endswith("-female")), "tones"


def tones(text: str, *, female: bool = False, rate: int = 8000) -> bytes:
    """A playable 8 kHz mono 16-bit WAV: one 120 ms tone per word (pitch from the word), 40 ms
    of silence between words; at most 30 s."""
    words = text.split() or [text or "."]
    base = 220.0 if female else 140.0
    frames = bytearray()
    tone_n, gap_n = int(rate * 0.12), int(rate * 0.04)
    for word in words[: int(30 / 0.16)]:
        freq = base + (zlib.crc32(word.encode()) % 12) * 20
        for i in range(tone_n):
            env = min(1.0, i / 80, (tone_n - i) / 80)  # no clicks
            frames += struct.pack("<h", int(9000 * env * math.sin(2 * math.pi * freq * i / rate)))
        frames += b"\x00\x00" * gap_n
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return buf.getvalue()


def is_wav(data: bytes) -> bool:
    return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def is_mpeg(data: bytes) -> bool:
    """An MP3: an ID3v2 tag or an MPEG audio frame sync."""
    if data[:3] == b"ID3":
        return True
    return len(data) >= 2 and data[0] == 0xFF and (data[1] & 0xE0) == 0xE0


def matches_type(audio_type: str, data: bytes) -> bool:
    return is_wav(data) if audio_type == "audio/wav" else is_mpeg(data)
