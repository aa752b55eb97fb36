"""Crash safety: writes under load while the server is killed with SIGKILL and restarted.

A ``phonestack serve`` subprocess runs on a file database (SQLite, or PostgreSQL with
``--database-url postgresql://...``: the database is dropped and created again, give it one of
its own). Load threads (httpx) write continuously: create sites, batch add users (with a
calling plan and a number), create call queues, assign and unassign numbers, add queue members,
PATCH queue and site fields. Every write answered with a 2xx is recorded with what it wrote.
The server is killed with SIGKILL at random moments and restarted; after the last restart:

* lost: acknowledged writes missing through the API (each thread owns its objects and
  numbers, so the expected final state of each is the last acknowledged write, or what was
  read back after a write whose answer the kill swallowed);
* half-applied: rows a consistency query finds that no complete request could have left (a
  number assigned to a missing extension or one of another account, duplicate extension
  numbers, a trigger-kept row count that differs from COUNT(*), calling plans held beyond the
  subscription or by a missing holder, memberships across accounts, a site without its main
  auto receptionist or default emergency address, a user of the batch without its calling plan,
  a webhook outbox row for a user that does not exist, a created user without its event).

    .venv/bin/python bench/crash.py [--kills 50] [--interval 0.5 3] [--threads 6]
                                    [--database-url postgresql://user@host/phonestack_crash]

The test ``tests/platform/test_crash_writes.py`` runs the same code with a few kills.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from phonestack.testing.server import free_port, wait_healthy

CREDS = {"PHONESTACK_DEMO_ACCOUNT_ID": "crashacct0000000000001", "PHONESTACK_DEMO_CLIENT_ID": "crash_client",
         "PHONESTACK_DEMO_CLIENT_SECRET": "crash-secret-0123456789"}
DOMAIN = "crash.phonestack.test"
ADDRESS = {"address_line1": "1600 Glenarm Pl", "city": "Denver", "country": "US", "state_code": "CO",
           "zip": "80202"}
PLAN, PLAN_TYPE = "Basic", 1  # Zoom Phone Basic: the demo account subscribes 200
WRITE_TIMEOUT = 60.0


class Ambiguous(Exception):
    """The connection broke before an answer: the write may or may not have committed."""


def phonestack_command() -> list[str]:
    exe = Path(sys.executable).with_name("phonestack")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from phonestack.cli import main; main()"]


# --- the server process ---------------------------------------------------------------------------


class ServerProcess:
    """``phonestack serve`` in its own process group, killed with SIGKILL and started again."""

    def __init__(self, database_url: str, workdir: Path, workers: int = 1) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.env = {**os.environ, **CREDS, "PHONESTACK_DATABASE_URL": database_url}
        self.env.pop("PHONESTACK_ADMIN_TOKEN", None)

    def seed(self, numbers: int, plans: int) -> None:
        """A fresh demo database with ``numbers`` more unassigned numbers, the demo account
        subscribing ``plans`` Zoom Phone Basic plans (every batch-added user takes one)."""
        subprocess.run([*phonestack_command(), "seed", "--reset", "--numbers", str(numbers), "--quiet"],
                       env=self.env, check=True, capture_output=True, timeout=300)
        from sqlalchemy import update

        from phonestack.store import schema as t
        from phonestack.store.db import make_engine

        engine = make_engine(self.database_url)
        with engine.begin() as conn:
            conn.execute(update(t.calling_plans).where(t.calling_plans.c.account_id == CREDS["PHONESTACK_DEMO_ACCOUNT_ID"],
                                                       t.calling_plans.c.type == PLAN_TYPE).values(subscribed=plans))
        engine.dispose()

    def start(self, timeout: float = 60.0) -> float:
        started = time.monotonic()
        log = open(self.workdir / f"server-{self.starts}.log", "wb")  # noqa: SIM115 - kept by the process
        self.proc = subprocess.Popen(
            [*phonestack_command(), "serve", "--port", str(self.port), "--seed", "none",
             "--workers", str(self.workers)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.starts += 1
        try:
            wait_healthy(self.base, self.proc, timeout)
        except RuntimeError as exc:
            log_text = (self.workdir / f"server-{self.starts - 1}.log").read_text()[-2000:]
            raise RuntimeError(f"{exc}: {log_text}") from None
        return time.monotonic() - started

    def kill(self) -> None:
        """SIGKILL the server (every process of its group: the workers too)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
        self.proc = None


class Receiver:
    """A webhook endpoint that answers 200 to everything (events go somewhere real)."""

    def __init__(self) -> None:
        self.count = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.count += 1
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:  # quiet
                pass

        class Quiet(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:  # a sender killed mid-request
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the load -------------------------------------------------------------------------------------


@dataclass
class Stats:
    attempted: Counter = field(default_factory=Counter)
    acknowledged: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)  # answered 4xx
    refusals: dict = field(default_factory=dict)  # kind -> the first 4xx answer
    server_errors: list = field(default_factory=list)  # answered 5xx
    ambiguous: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Worker(threading.Thread):
    """One client. It owns what it creates and a slice of the free numbers, so the expected final
    state of each of its objects is known: the last write acknowledged, or what was read back
    after a write whose answer was lost."""

    def __init__(self, n: int, server: ServerProcess, token: str, numbers: list[dict[str, str]],
                 main_site: dict[str, str], stop: threading.Event, stats: Stats, seed: int) -> None:
        super().__init__(daemon=True, name=f"crash-worker-{n}")
        self.n = n
        self.server = server
        self.stop = stop
        self.stats = stats
        self.rng = random.Random(seed * 1000 + n)
        self.client = httpx.Client(base_url=f"{server.base}/v2", timeout=WRITE_TIMEOUT,
                                   headers={"Authorization": f"Bearer {token}"})
        self.main_site = main_site["id"]
        self.main_site_name = main_site["name"]
        self.counter = 0
        # Expected state, each entry written only after a 2xx (or read back after an ambiguous write).
        self.sites: dict[str, str] = {}  # id -> name
        self.users: dict[str, str] = {}  # id -> email
        self.queues: dict[str, str] = {}  # id -> description
        self.members: dict[str, set[str]] = {}  # queue id -> user ids
        self.assignee: dict[str, str | None] = {n["id"]: None for n in numbers}  # number id -> user id
        self.number_of: dict[str, str] = {n["id"]: n["number"] for n in numbers}
        self.refused_users: list[str] = []  # emails of batch adds answered 4xx (must not exist)
        self.refused_sites: list[str] = []  # names of site creations answered 4xx
        self.unresolved_creates = 0
        self.error: BaseException | None = None

    # -- plumbing

    def _wait_up(self, timeout: float = 180.0) -> None:
        wait_healthy(self.server.base, timeout=timeout)

    def _read(self, path: str, **params: Any) -> httpx.Response:
        """A read that waits out restarts."""
        while True:
            try:
                r = self.client.get(path, params=params or None)
            except httpx.TransportError:
                self._wait_up()
                continue
            if r.status_code >= 500:
                time.sleep(0.05)
                continue
            return r

    def _all(self, path: str, key: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        token = ""
        while True:
            r = self._read(path, page_size=100, next_page_token=token)
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
            body = r.json()
            out += body.get(key) or []
            token = body.get("next_page_token") or ""
            if not token:
                return out

    def _write(self, kind: str, method: str, path: str, body: Any = None) -> httpx.Response:
        with self.stats.lock:
            self.stats.attempted[kind] += 1
        try:
            r = self.client.request(method, path, json=body)
        except httpx.ConnectError:
            # Never reached a server: nothing was written.
            with self.stats.lock:
                self.stats.attempted[kind] -= 1
            self._wait_up()
            raise InterruptedError from None
        except httpx.TransportError:
            with self.stats.lock:
                self.stats.ambiguous[kind] += 1
            self._wait_up()
            raise Ambiguous from None
        with self.stats.lock:
            if r.status_code < 300:
                self.stats.acknowledged[kind] += 1
            elif r.status_code < 500:
                self.stats.refused[kind] += 1
                self.stats.refusals.setdefault(kind, f"{r.status_code} {r.text[:200]}")
            else:
                self.stats.server_errors.append((kind, method, path, r.status_code, r.text[:300]))
        return r

    # -- the mix

    def run(self) -> None:
        ops = [(self.create_site, 1), (self.add_user, 3), (self.create_queue, 1), (self.assign, 3),
               (self.unassign, 2), (self.add_member, 2), (self.patch_queue, 2), (self.patch_site, 1)]
        funcs = [f for f, _ in ops]
        weights = [w for _, w in ops]
        try:
            while not self.stop.is_set():
                op = self.rng.choices(funcs, weights)[0]
                try:
                    op()
                except InterruptedError:
                    continue
        except BaseException as exc:  # noqa: BLE001 - reported by the harness
            self.error = exc

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    def create_site(self) -> None:
        name = f"Crash W{self.n} site {self._next()}"
        try:
            r = self._write("create site", "POST", "/phone/sites", {
                "name": name, "auto_receptionist_name": f"{name} AR", "default_emergency_address": ADDRESS})
        except Ambiguous:
            self.unresolved_creates += 1
            return
        if r.status_code == 201:
            self.sites[r.json()["id"]] = name
        elif r.status_code < 500:
            self.refused_sites.append(name)

    def add_user(self) -> None:
        i = self._next()
        email = f"w{self.n}u{i}@{DOMAIN}"
        free = [nid for nid, who in self.assignee.items() if who is None]
        number = self.rng.choice(free) if free and self.rng.random() < 0.7 else None
        user: dict[str, Any] = {"email": email, "first_name": f"W{self.n}", "last_name": f"U{i}",
                                "extension_number": str(100000 + self.n * 50000 + i), "calling_plans": [PLAN]}
        if number:
            user["phone_numbers"] = [self.number_of[number]]
        user["site_name"] = (self.sites[self.rng.choice(sorted(self.sites))] if self.sites and self.rng.random() < 0.5
                             else self.main_site_name)
        try:
            r = self._write("batch add user", "POST", "/phone/users/batch", {"users": [user]})
        except Ambiguous:
            got = self._read(f"/phone/users/{email}")
            if got.status_code == 200:
                self._adopt_user(got.json())
            return
        if r.status_code == 201:
            uid = r.json()[0]["id"]
            self.users[uid] = email
            if number:
                self.assignee[number] = uid
        elif r.status_code < 500:
            self.refused_users.append(email)

    def _adopt_user(self, got: dict[str, Any]) -> None:
        self.users[got["id"]] = got["email"]
        for pn in got.get("phone_numbers") or []:
            if pn["id"] in self.assignee:
                self.assignee[pn["id"]] = got["id"]

    def create_queue(self) -> None:
        i = self._next()
        site = self.rng.choice(sorted(self.sites)) if self.sites else self.main_site
        desc = f"created {i}"
        try:
            r = self._write("create call queue", "POST", "/phone/call_queues", {
                "name": f"Crash W{self.n} queue {i}", "site_id": site, "description": desc,
                "extension_number": 550000 + self.n * 50000 + i})
        except Ambiguous:
            self.unresolved_creates += 1
            return
        if r.status_code == 201:
            self.queues[r.json()["id"]] = desc
            self.members[r.json()["id"]] = set()

    def assign(self) -> None:
        free = [nid for nid, who in self.assignee.items() if who is None]
        if not free or not self.users:
            return
        nid = self.rng.choice(free)
        uid = self.rng.choice(sorted(self.users))
        try:
            r = self._write("assign number", "POST", f"/phone/users/{uid}/phone_numbers",
                            {"phone_numbers": [{"id": nid}]})
        except Ambiguous:
            self._resolve_number(nid)
            return
        if r.status_code < 300:
            self.assignee[nid] = uid

    def unassign(self) -> None:
        held = [nid for nid, who in self.assignee.items() if who is not None]
        if not held:
            return
        nid = self.rng.choice(held)
        uid = self.assignee[nid]
        try:
            r = self._write("unassign number", "DELETE", f"/phone/users/{uid}/phone_numbers/{nid}")
        except Ambiguous:
            self._resolve_number(nid)
            return
        if r.status_code < 300:
            self.assignee[nid] = None

    def _resolve_number(self, nid: str) -> None:
        got = self._read(f"/phone/numbers/{nid}").json()
        self.assignee[nid] = (got.get("assignee") or {}).get("id")

    def add_member(self) -> None:
        if not self.queues or not self.users:
            return
        qid = self.rng.choice(sorted(self.queues))
        candidates = sorted(set(self.users) - self.members[qid])
        if not candidates:
            return
        uid = self.rng.choice(candidates)
        try:
            r = self._write("add queue member", "POST", f"/phone/call_queues/{qid}/members",
                            {"members": {"users": [{"id": uid}]}})
        except Ambiguous:
            self.members[qid] = {m["id"] for m in self._all(f"/phone/call_queues/{qid}/members", "call_queue_members")}
            return
        if r.status_code < 300:
            self.members[qid].add(uid)

    def patch_queue(self) -> None:
        if not self.queues:
            return
        qid = self.rng.choice(sorted(self.queues))
        desc = f"revision {self._next()}"
        try:
            r = self._write("patch call queue", "PATCH", f"/phone/call_queues/{qid}", {"description": desc})
        except Ambiguous:
            self.queues[qid] = self._read(f"/phone/call_queues/{qid}").json().get("description", "")
            return
        if r.status_code < 300:
            self.queues[qid] = desc

    def patch_site(self) -> None:
        if not self.sites:
            return
        sid = self.rng.choice(sorted(self.sites))
        name = f"Crash W{self.n} site {self._next()}"
        try:
            r = self._write("patch site", "PATCH", f"/phone/sites/{sid}", {"name": name})
        except Ambiguous:
            self.sites[sid] = self._read(f"/phone/sites/{sid}").json()["name"]
            return
        if r.status_code < 300:
            self.sites[sid] = name

    # -- verification through the API

    def verify(self) -> list[str]:
        lost: list[str] = []
        for sid, name in self.sites.items():
            r = self._read(f"/phone/sites/{sid}")
            if r.status_code != 200 or r.json()["name"] != name:
                lost.append(f"site {sid}: expected name {name!r}, got {r.status_code} {r.text[:120]}")
        for uid, email in self.users.items():
            r = self._read(f"/phone/users/{uid}")
            if r.status_code != 200 or r.json()["email"] != email:
                lost.append(f"user {uid} ({email}): got {r.status_code} {r.text[:120]}")
                continue
            body = r.json()
            if PLAN_TYPE not in {p["type"] for p in body.get("calling_plans") or []}:
                lost.append(f"user {uid}: calling plan missing: {body.get('calling_plans')}")
            held = {pn["id"] for pn in body.get("phone_numbers") or []} & set(self.assignee)
            want = {nid for nid, who in self.assignee.items() if who == uid}
            if held != want:
                lost.append(f"user {uid}: numbers {sorted(held)}, expected {sorted(want)}")
        for nid, uid in self.assignee.items():
            got = (self._read(f"/phone/numbers/{nid}").json().get("assignee") or {}).get("id")
            if got != uid:
                lost.append(f"number {nid}: assignee {got}, expected {uid}")
        for qid, desc in self.queues.items():
            r = self._read(f"/phone/call_queues/{qid}")
            if r.status_code != 200 or r.json().get("description") != desc:
                lost.append(f"call queue {qid}: expected description {desc!r}, got {r.status_code} {r.text[:120]}")
                continue
            got = {m["id"] for m in self._all(f"/phone/call_queues/{qid}/members", "call_queue_members")}
            if got != self.members[qid]:
                lost.append(f"call queue {qid}: members {sorted(got)}, expected {sorted(self.members[qid])}")
        names = {x["name"] for x in self._all("/phone/sites", "sites")}
        for name in self.refused_sites:
            if name in names:
                lost.append(f"site {name}: the creation was refused but the site exists")
        for email in self.refused_users:
            if self._read(f"/phone/users/{email}").status_code == 200:
                lost.append(f"user {email}: the batch add was refused but the user exists")
        return lost


# --- the consistency query ------------------------------------------------------------------------


def consistency(database_url: str) -> list[str]:
    """Rows no complete request leaves behind: what a half-applied write would show."""
    from sqlalchemy import and_, func, select

    from phonestack.store import schema as t
    from phonestack.store.db import make_engine

    engine = make_engine(database_url)
    found: list[str] = []
    e, pn, m, ecp = t.extensions, t.phone_numbers, t.phone_members, t.extension_calling_plans
    owner = e.alias("owner")
    other = e.alias("other")
    try:
        with engine.connect() as conn:
            for r in conn.execute(select(pn.c.id, pn.c.account_id, pn.c.assignee_id, owner.c.account_id.label("oa"))
                                  .outerjoin(owner, owner.c.id == pn.c.assignee_id)
                                  .where(pn.c.assignee_id.is_not(None))):
                if r.oa is None:
                    found.append(f"number {r.id} assigned to a missing extension {r.assignee_id}")
                elif r.oa != r.account_id:
                    found.append(f"number {r.id} assigned to an extension of another account")
            for r in conn.execute(select(e.c.account_id, e.c.extension_number, func.count())
                                  .where(e.c.extension_number.is_not(None))
                                  .group_by(e.c.account_id, e.c.extension_number).having(func.count() > 1)):
                found.append(f"extension number {r.extension_number} used {r[2]} times in {r.account_id}")
            for table in t.COUNTED_TABLES:
                tab = t.metadata.tables[table]
                real = dict(conn.execute(select(tab.c.account_id, func.count()).group_by(tab.c.account_id)).all())
                kept = dict(conn.execute(select(t.row_counts.c.account_id, t.row_counts.c.n)
                                         .where(t.row_counts.c.table_name == table)).all())
                for acct in set(real) | set(kept):
                    if int(real.get(acct, 0)) != int(kept.get(acct, 0)):
                        found.append(f"row_counts {table} {acct}: {kept.get(acct, 0)} kept, {real.get(acct, 0)} rows")
            held = dict(((r.account_id, r.type), r[2]) for r in conn.execute(
                select(ecp.c.account_id, ecp.c.type, func.count()).group_by(ecp.c.account_id, ecp.c.type)))
            subscribed = {(r.account_id, r.type): r.subscribed for r in conn.execute(select(t.calling_plans))}
            for key, n in held.items():
                if n > subscribed.get(key, 0):
                    found.append(f"calling plan {key}: {n} holders, {subscribed.get(key, 0)} subscribed")
            for r in conn.execute(select(ecp.c.extension_id, ecp.c.account_id, owner.c.account_id.label("oa"))
                                  .outerjoin(owner, owner.c.id == ecp.c.extension_id)):
                if r.oa != r.account_id:
                    found.append(f"calling plan held by {r.extension_id}: missing or of another account")
            for r in conn.execute(select(m.c.container_id, m.c.member_id, m.c.account_id,
                                         owner.c.account_id.label("ca"), other.c.account_id.label("ma"))
                                  .outerjoin(owner, owner.c.id == m.c.container_id)
                                  .outerjoin(other, other.c.id == m.c.member_id)):
                if not (r.account_id == r.ca == r.ma):
                    found.append(f"membership {r.container_id} <- {r.member_id} across accounts or dangling")
            # every site has its main auto receptionist and default emergency address (one request)
            ars = Counter(r.site_id for r in conn.execute(select(e.c.site_id).where(e.c.type == "autoReceptionist")))
            eas = Counter(r.site_id for r in conn.execute(
                select(t.emergency_addresses.c.site_id).where(t.emergency_addresses.c.owner_id.is_(None),
                                                              t.emergency_addresses.c.is_default.is_(True))))
            for r in conn.execute(select(t.sites.c.id, t.sites.c.name).where(t.sites.c.name.like("Crash %"))):
                if ars[r.id] < 1 or eas[r.id] != 1:
                    found.append(f"site {r.name}: {ars[r.id]} auto receptionists, {eas[r.id]} default addresses")
            # a user of a batch add always got its calling plan; its user.created event is in the outbox
            crash_users = {r.id: r for r in conn.execute(select(e.c.id, e.c.email, e.c.account_id).where(
                e.c.type == "user", e.c.email.like(f"%@{DOMAIN}")))}
            with_plan = {r.extension_id for r in conn.execute(
                select(ecp.c.extension_id).where(ecp.c.extension_id.in_(list(crash_users))))} if crash_users else set()
            for uid in set(crash_users) - with_plan:
                found.append(f"user {crash_users[uid].email} without its calling plan")
            events = Counter()
            for r in conn.execute(select(t.webhook_outbox.c.body).where(t.webhook_outbox.c.event == "user.created")):
                obj = (json.loads(r.body).get("payload") or {}).get("object") or {}
                if str(obj.get("email", "")).endswith("@" + DOMAIN):
                    events[obj.get("id")] += 1
            for uid, n in events.items():
                if uid not in crash_users:
                    found.append(f"user.created in the outbox for {uid}, which does not exist (rolled back)")
                elif n != 1:
                    found.append(f"user.created {n} times for {uid}")
            for uid in set(crash_users) - set(events):
                found.append(f"user {crash_users[uid].email} created without its user.created event")
            # a number follows nothing half-way: an assigned number of a crash user belongs to its account
            for r in conn.execute(select(pn.c.id).join(e, and_(e.c.id == pn.c.assignee_id,
                                                                e.c.account_id != pn.c.account_id))):
                found.append(f"number {r.id} assigned across accounts")
    finally:
        engine.dispose()
    return found


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Report:
    kills: int
    acknowledged: int
    attempted: int
    refused: int
    ambiguous: int
    server_errors: list
    lost: list[str]
    half_applied: list[str]
    restart_seconds: list[float]
    seconds: float
    by_kind: dict[str, int]
    worker_errors: list[str]
    refusals: dict[str, str]

    def lines(self) -> list[str]:
        restart = sorted(self.restart_seconds)
        med = restart[len(restart) // 2] if restart else 0.0
        return [
            f"writes attempted: {self.attempted}, acknowledged (2xx): {self.acknowledged}, refused (4xx): "
            f"{self.refused}, answer lost to a kill: {self.ambiguous}, 5xx: {len(self.server_errors)}",
            "acknowledged by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items())),
            *(f"  first refusal of {k}: {v}" for k, v in sorted(self.refusals.items())),
            f"kills survived: {self.kills} (restart to healthy: median {med:.2f}s, max {max(restart, default=0):.2f}s)",
            f"lost: {len(self.lost)}",
            f"half-applied: {len(self.half_applied)}",
            f"duration: {self.seconds:.1f}s",
        ]


def prepare_database(url: str | None, workdir: Path, admin_url: str | None = None) -> str:
    """A file SQLite database in ``workdir``, or the PostgreSQL database of ``url`` dropped and
    created again (it must be a database of its own), through ``admin_url`` (default: the
    server's ``postgres`` database)."""
    if not url:
        return f"sqlite:///{workdir / 'crash.db'}"
    from phonestack.store.db import ensure_database

    return ensure_database(url, recreate=True, admin_url=admin_url)


def run(*, kills: int = 4, interval: tuple[float, float] = (1.0, 3.0), threads: int = 4, numbers: int = 120,
        database_url: str | None = None, admin_url: str | None = None, workers: int = 1, seed: int = 1,
        log=print) -> Report:  # noqa: ANN001
    if not 1 <= threads <= 8:
        raise ValueError("1 to 8 load threads (each has its own range of extension numbers)")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="phonestack-crash-"))
    rng = random.Random(seed)
    receiver = Receiver()
    url = prepare_database(database_url, workdir, admin_url)
    server = ServerProcess(url, workdir, workers=workers)
    stop = threading.Event()
    pool: list[Worker] = []
    restarts: list[float] = []
    try:
        server.seed(numbers, plans=100_000)
        server.start()
        token = httpx.post(f"{server.base}/oauth/token", auth=(CREDS["PHONESTACK_DEMO_CLIENT_ID"],
                                                               CREDS["PHONESTACK_DEMO_CLIENT_SECRET"]),
                           params={"grant_type": "account_credentials",
                                   "account_id": CREDS["PHONESTACK_DEMO_ACCOUNT_ID"]}).json()["access_token"]
        r = httpx.post(f"{server.base}/_phonestack/webhooks", json={
            "account_id": CREDS["PHONESTACK_DEMO_ACCOUNT_ID"], "url": receiver.url, "events": ["*"],
            "validated": True})
        assert r.status_code == 201, r.text
        api = httpx.Client(base_url=f"{server.base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30)
        free: list[dict[str, str]] = []
        next_token = ""
        while True:
            body = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100,
                                                     "next_page_token": next_token}).json()
            free += [{"id": n["id"], "number": n["number"]} for n in body["phone_numbers"]
                     if n.get("status") != "pending"]
            next_token = body.get("next_page_token") or ""
            if not next_token:
                break
        main_site = api.get("/phone/sites").json()["sites"][0]
        api.close()
        stats = Stats()
        share = len(free) // threads
        pool = [Worker(i, server, token, free[i * share:(i + 1) * share], main_site, stop, stats, seed)
                for i in range(threads)]
        for w in pool:
            w.start()
        for k in range(kills):
            time.sleep(rng.uniform(*interval))
            server.kill()
            time.sleep(rng.uniform(0.0, 0.3))
            restarts.append(server.start())
            log(f"kill {k + 1}/{kills}: back in {restarts[-1]:.2f}s, acknowledged so far "
                f"{sum(stats.acknowledged.values())}")
        time.sleep(rng.uniform(*interval))
        stop.set()
        for w in pool:
            w.join(120)
        lost = [x for w in pool for x in w.verify()]
        for w in pool:
            w.client.close()
        server.stop()
        half = consistency(url)
        return Report(
            kills=kills, acknowledged=sum(stats.acknowledged.values()), attempted=sum(stats.attempted.values()),
            refused=sum(stats.refused.values()), ambiguous=sum(stats.ambiguous.values()),
            server_errors=stats.server_errors, lost=lost, half_applied=half, restart_seconds=restarts,
            seconds=time.monotonic() - started, by_kind=dict(stats.acknowledged),
            worker_errors=[f"{w.name}: {w.error!r}" for w in pool if w.error is not None],
            refusals=dict(stats.refusals))
    finally:
        stop.set()
        server.kill()
        receiver.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="SIGKILL the server under write load; nothing acknowledged "
                                                 "may be lost, nothing refused half-applied.")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--interval", type=float, nargs=2, default=(0.5, 3.0), metavar=("MIN", "MAX"),
                        help="seconds between restart and the next kill (uniform)")
    parser.add_argument("--threads", type=int, default=6, help="load threads")
    parser.add_argument("--numbers", type=int, default=300, help="unassigned numbers added for the load")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (PostgreSQL for > 1)")
    parser.add_argument("--database-url", default=os.environ.get("PHONESTACK_CRASH_DATABASE_URL"),
                        help="PostgreSQL database to drop and recreate (default: SQLite in a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    report = run(kills=args.kills, interval=tuple(args.interval), threads=args.threads, numbers=args.numbers,
                 database_url=args.database_url, workers=args.workers, seed=args.seed)
    for line in report.lines():
        print(line)
    for x in report.lost[:20] + report.half_applied[:20] + [str(e) for e in report.server_errors[:10]] \
            + report.worker_errors:
        print("  ", x)
    return 0 if not (report.lost or report.half_applied or report.server_errors or report.worker_errors) else 1


if __name__ == "__main__":
    sys.exit(main())
