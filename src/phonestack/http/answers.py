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

``PHONESTACK_KEPT_ANSWERS``:

- ``on``: every such GET checks the state and keeps its answer.
- ``adaptive``: the same, for as long as it pays, per operation. Over each window of ``WINDOW``
  checks the worker weighs the time the kept answers saved (hits times what making the answer
  takes, measured) against the time the checks took; an operation whose checks cost more than
  they saved stops checking (and keeping) for ``PAUSE_MIN`` seconds, doubled up to ``PAUSE_MAX``
  while it keeps losing, then tries again. What is answered is exact in every mode: a paused
  operation makes each answer anew.
- ``auto`` (the default): ``on`` for SQLite, where the check is a pragma inside the process
  (~2 us) and always pays; ``adaptive`` for PostgreSQL, where it is a round trip and any
  writing transaction in the cluster, in whatever database, ends every kept answer, so a steady
  flow of writes makes the checks a loss.
- ``off``: never.

An in-memory SQLite database (one connection for reads and writes) never keeps answers.

The front door (``Server._front_door``): such a GET is also filed under the request as it came
(path, query string, bearer token, host, scheme) with what the long way made of it (operation,
account, path parameters, validated query, the kept answer's key), so the same request again
skips routing, header parsing, scopes, account resolution, query validation and the key's
construction: it is answered from its kept answer when the database is unchanged, and made
anew by its provider straight away when it changed (or in any mode that keeps nothing: the
door is filed in every mode). The token is still checked on every request and must give the
very ``Principal`` object of the first time (the same scopes, account, plan, limits and
faults; a reloaded app record makes a new one and the request goes the long way), faults and
rate limits run as always, a sub account named by id is checked to be active again, and the
database state is checked as for any kept answer. At most ``DOORS`` requests are filed per
worker.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from ..store.fast import right_sized

TTL = 60.0
MODES = ("auto", "on", "adaptive", "off")
DOORS = 4096
WINDOW = 200  # checks per verdict (adaptive mode)
PAUSE_MIN, PAUSE_MAX = 2.0, 16.0  # seconds an operation whose checks lost stops checking


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
    if mode == "auto":
        mode = "on" if dialect == "sqlite" else "adaptive"
    return AnswerCache(max_bytes if mode != "off" and not shared_connection else 0, adaptive=mode == "adaptive")


class _Trial:
    """How one operation's kept answers pay over the current window (adaptive mode)."""

    __slots__ = ("checks", "hits", "check_time", "made", "make_time", "make_avg", "paused_until", "pause")

    def __init__(self) -> None:
        self.checks = self.hits = self.made = 0
        self.check_time = self.make_time = 0.0
        self.make_avg = 0.0  # seconds to make an answer, as last measured
        self.paused_until = 0.0
        self.pause = PAUSE_MIN

    def verdict(self, now: float) -> None:
        """At the end of a window: go on checking if the hits saved more than the checks cost."""
        if self.made:
            self.make_avg = self.make_time / self.made
        # Hits with no answer made yet to measure (none since start): they saved something.
        saved = self.hits * self.make_avg if self.make_avg else (float("inf") if self.hits else 0.0)
        if saved < self.check_time:
            self.paused_until = now + self.pause
            self.pause = min(self.pause * 2, PAUSE_MAX)
        else:
            self.pause = PAUSE_MIN
        self.checks = self.hits = self.made = 0
        self.check_time = self.make_time = 0.0


class AnswerCache:
    __slots__ = ("max_bytes", "adaptive", "_entries", "_bytes", "_lock", "_doors", "_trials")

    def __init__(self, max_bytes: int, adaptive: bool = False) -> None:
        self.max_bytes = max_bytes
        self.adaptive = adaptive
        self._trials: dict[str, _Trial] = {}  # operation id -> its current window (adaptive)
        # key -> (database state, expiry, (status, headers, body))
        self._entries: dict[Any, tuple[Any, float, tuple[int, list, bytes]]] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        # request as it came -> (operation, Principal, key): the front door
        self._doors: dict[tuple, tuple[Any, Any, Any]] = {}

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def check(self, operation_id: str, key: Any, probe: Callable[[], Any]) -> tuple[Any, tuple[int, list, bytes] | None]:
        """(the database state as ``probe()`` reads it, the answer kept for ``key`` under it or
        None); (None, None) while ``operation_id`` is paused (adaptive): no check, nothing kept."""
        if not self.adaptive:
            state = probe()
            return state, self.get(key, state)
        trial = self._trials.get(operation_id)
        if trial is None:
            trial = self._trials[operation_id] = _Trial()
        started = time.perf_counter()
        if trial.paused_until > started:
            return None, None
        state = probe()
        answer = self.get(key, state)
        now = time.perf_counter()
        trial.check_time += now - started
        trial.checks += 1
        if answer is not None:
            trial.hits += 1
        if trial.checks >= WINDOW:
            trial.verdict(now)
        return state, answer

    def made(self, operation_id: str, seconds: float) -> None:
        """An answer of ``operation_id`` took ``seconds`` to make: what a hit saves (adaptive)."""
        trial = self._trials.get(operation_id)
        if trial is not None:
            trial.made += 1
            trial.make_time += seconds

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

    def door(self, request: tuple) -> tuple[Any, Any, Any, tuple] | None:
        """(operation, Principal, key, parsed) filed for this request as it came, if any (the
        Principal None once no token holds it any more)."""
        entry = self._doors.get(request)
        return None if entry is None else (entry[0], entry[1](), entry[2], entry[3])

    def file_door(self, request: tuple, operation: Any, principal: Any, key: Any, parsed: tuple) -> None:
        """File a request as it came with what the long way made of it: its operation, caller,
        kept answer's key (None when nothing is kept) and ``parsed``, what its answer is made
        from (provider, account, path parameters, validated query, base URL)."""
        doors = self._doors
        if request not in doors and len(doors) >= DOORS:
            doors.clear()  # simple and rare: the next requests file themselves again
        # The Principal held weakly: a filed request must not keep an outdated one (and its set
        # of scopes) alive; one that is gone cannot be the caller's any more.
        doors[request] = (operation, weakref.ref(principal), key, parsed)
