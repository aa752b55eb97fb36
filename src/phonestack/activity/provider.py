"""Call activity: the call simulator, call history and call logs, call elements, recordings, transcripts, voicemails, call metrics, queue analytics and call charges: providers (HTTP glue)."""

from __future__ import annotations
