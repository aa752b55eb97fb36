"""Audio items: account-level audio library, text-to-speech and the audio file downloads: providers (HTTP glue)."""

from __future__ import annotations

from . import files  # noqa: F401  (registers the audio file loader)
