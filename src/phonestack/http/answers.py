"""Answers of pure reads, kept while the database has not changed.

A GET whose provider is registered with ``cache=True`` (its answer a function of the database
and the request alone: no clock, no randomness, nothing of the caller but the account) is
answered from memory when the database is unchanged since the answer was made. "Unchanged" is
asked of the database on every such request (``store.fast.database_state``: SQLite's
``data_version``, PostgreSQL's snapshot), so commits by this worker, other workers, the CLI or
a database client all count, and no invalidation is coded per write.

Entries live ``TTL`` seconds at most (a page's ``next_page_token`` expires 15 minutes after it
was made, so a kept one has at least 14 left) and take ``PHONESTACK_KEPT_ANSWERS_MB`` (default
16) in all; the oldest stored goes first.

``PHONESTACK_KEPT_ANSWERS``: ``auto`` (the default) keeps answers on SQLite only, where the check
is a pragma inside the process (~2 us). On PostgreSQL the check is a round trip and any writing
transaction in the cluster, in whatever database, ends every kept answer: a win for read-mostly
deployments (``on``), a round trip more per read where writes are steady. ``off`` everywhere.
An in-memory SQLite database (one connection for reads and writes) never keeps answers.

The front door (``Server._front_door``): a kept answer is also filed under the request as it
came (path, query string, bearer token, host, scheme), so the same request again skips routing,
header parsing, scopes, account resolution, query validation and the key's construction. The
token is still checked on every request and must give the very ``Principal`` object of the
first time (the same scopes, account, plan, limits and faults; a reloaded app record makes a
new one and the request goes the long way), faults and rate limits run as always, and the
database state is checked as for any kept answer. At most ``DOORS`` requests are filed per worker.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from typing import Any

from ..store.fast import right_sized

TTL = 60.0
MODES = ("auto", "on", "off")
DOORS = 4096


def configured(dialect: str, shared_connection: bool) -> AnswerCache:
    """The cache that the environment asks for (disabled: ``max_bytes`` 0)."""
    mode = os.environ.get("PHONESTACK_KEPT_ANSWERS", "auto").strip().lower() or "auto"
    if mode not in MODES:
        raise ValueError(f"PHONESTACK_KEPT_ANSWERS must be one of {', '.join(MODES)}, not {mode!r}")
    size = os.environ.get("PHONESTACK_KEPT_ANSWERS_MB", "16")
    try:
        max_bytes = int(float(size) * 1024 * 1024)
    except ValueError:
        raise ValueError(f"PHONESTACK_KEPT_ANSWERS_MB must be a number of megabytes, not {size!r}") from None
    on = mode == "on" or (mode == "auto" and dialect == "sqlite")
    return AnswerCache(max_bytes if on and not shared_connection else 0)


class AnswerCache:
    __slots__ = ("max_bytes", "_entries", "_bytes", "_lock", "_doors")

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        # key -> (database state, expiry, (status, headers, body))
        self._entries: dict[Any, tuple[Any, float, tuple[int, list, bytes]]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        # request as it came -> (operation, Principal, key): the front door
        self._doors: dict[tuple, tuple[Any, Any, Any]] = {}

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
            answer = (answer[0], answer[1], right_sized(answer[2]))  # kept: its length, not orjson's buffer
            self._entries[key] = (state, time.monotonic() + TTL, answer)
            self._bytes += size
            entries = self._entries
            while self._bytes > self.max_bytes:
                first = next(iter(entries))
                self._bytes -= len(entries.pop(first)[2][2])

    def door(self, request: tuple) -> tuple[Any, Any, Any] | None:
        """(operation, Principal, key) filed for this request as it came, if any (the Principal
        None once no token holds it any more)."""
        entry = self._doors.get(request)
        return None if entry is None else (entry[0], entry[1](), entry[2])

    def file_door(self, request: tuple, operation: Any, principal: Any, key: Any) -> None:
        doors = self._doors
        if request not in doors and len(doors) >= DOORS:
            doors.clear()  # simple and rare: the next requests file themselves again
        # The Principal held weakly: a filed request must not keep an outdated one (and its set
        # of scopes) alive; one that is gone cannot be the caller's any more.
        doors[request] = (operation, weakref.ref(principal), key)
