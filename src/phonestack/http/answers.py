"""Answers of pure reads, kept while the database has not changed.

A GET whose provider is registered with ``cache=True`` (its answer a function of the database
and the request alone: no clock, no randomness, nothing of the caller but the account) is
answered from memory when the database is unchanged since the answer was made. "Unchanged" is
asked of the database on every such request (``store.fast.database_state``: SQLite's
``data_version``, PostgreSQL's snapshot), so commits by this worker, other workers, the CLI or
a database client all count, and no invalidation is coded per write.

Entries live ``TTL`` seconds at most (a page's ``next_page_token`` expires 15 minutes after it
was made, so a kept one has at least 14 left) and take ``PHONESTACK_ANSWER_CACHE_MB`` (default
16) in all; the oldest stored goes first. ``PHONESTACK_ANSWER_CACHE_MB=0`` turns it off.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

TTL = 60.0


class AnswerCache:
    __slots__ = ("max_bytes", "_entries", "_bytes", "_lock")

    def __init__(self, max_bytes: int | None = None) -> None:
        if max_bytes is None:
            max_bytes = int(float(os.environ.get("PHONESTACK_ANSWER_CACHE_MB", "16")) * 1024 * 1024)
        self.max_bytes = max_bytes
        # key -> (database state, expiry, (status, headers, body))
        self._entries: dict[Any, tuple[Any, float, tuple[int, list, bytes]]] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def get(self, key: Any, state: Any) -> tuple[int, list, bytes] | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != state or entry[1] < time.monotonic():
            return None
        return entry[2]

    def put(self, key: Any, state: Any, answer: tuple[int, list, bytes]) -> None:
        size = len(answer[2])
        if state is None or size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2][2])
            self._entries[key] = (state, time.monotonic() + TTL, answer)
            self._bytes += size
            entries = self._entries
            while self._bytes > self.max_bytes:
                first = next(iter(entries))
                self._bytes -= len(entries.pop(first)[2][2])
