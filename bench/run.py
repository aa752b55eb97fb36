"""Benchmark: phonestack on SQLite and PostgreSQL against the bare-ASGI ceiling and Prism.

    python bench/run.py [--numbers 1000000] [--duration 10] [--connections 32]
                        [--targets sqlite,pg1,pg2,ceiling,prism] [--scenarios get,list,deep,write,token,mixed]
                        [--pg-url postgresql://postgres@127.0.0.1:5432/phonestack_bench] [--fresh] [--json FILE]
                        [--kept-answers auto|on|off]

One run measures every scenario against every target with wrk (Debian package ``wrk``) and
prints a table: requests/s, p50, p99, non-2xx answers, and the ratios to Prism and to the
ceiling. Targets:

- ``sqlite``: ``phonestack serve`` on SQLite, one worker;
- ``pg1`` / ``pg2``: ``phonestack serve`` on PostgreSQL with one / two workers;
- ``ceiling``: a bare ASGI app on the same server stack (uvicorn, uvloop, httptools) that answers
  each request with the very status and bytes phonestack answered (bench/ceiling.py);
- ``prism``: Stoplight Prism (``@stoplight/prism-cli``, installed with npm into bench/.cache)
  mocking the same operations from our OpenAPI file: the stateless peer.

Scenarios: get one number; list a page of 100 numbers; list page 5,000 (page_size 100) of the
inventory; assign and unassign a number (POST/DELETE /phone/users/{userId}/phone_numbers,
alternating over 1,024 numbers); the OAuth token call; a mixed workload of 90% reads (get one
number, over 100 numbers) and 10% writes (assign/unassign). ``get@50%`` runs get-one paced at
half of the rate just measured, for the p99 at half the maximum throughput.

The read scenarios ask for the same answers again and again, with no write in between: with
kept answers on (``--kept-answers``; by default on for SQLite and adaptive for PostgreSQL, as
the server's own default; http/answers.py) they measure a repeated read of an unchanged database.
``--kept-answers off`` measures every read made anew; the mixed scenario's writes end the kept
answers as they come.

Databases are seeded once with the demo data plus ``--numbers`` numbers and reused
(bench/.cache/sqlite-N.db is copied per run; the PostgreSQL database is reused when it
already holds them; ``--fresh`` re-seeds). Memory (VmRSS of the server processes after the
run) and the database size are printed under the table.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from phonestack.testing.server import free_port

HERE = Path(__file__).parent
CACHE = HERE / ".cache"
PY = sys.executable
ALL_TARGETS = ("sqlite", "pg1", "pg2", "ceiling", "prism")
ALL_SCENARIOS = ("get", "get@50%", "list", "deep", "write", "token", "mixed")
TITLES = {
    "get": "get one number", "get@50%": "get one @ 50% rate", "list": "list 100 numbers",
    "deep": "list page 5,000", "write": "assign/unassign", "token": "OAuth token", "mixed": "mixed 90/10",
}
NM = "/accounts/me/number_management/numbers"
PACE_MS = 10  # get@50%: each connection's pause between requests


# --- processes ----------------------------------------------------------------------------

def wait_up(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a process the benchmark starts: this one's, plus ``extra``, without
    PYTHONDONTWRITEBYTECODE (set in this sandbox), so phonestack's bytecode, compiled once per run,
    is read rather than compiled from source at every start (~0.3 s)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def tree_pids(pid: int) -> list[int]:
    """A process and its children (uvicorn's workers), as far as they are still running."""
    pids, found = [pid], []
    while pids:
        p = pids.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                pids.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for p in tree_pids(pid):
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text()).group(1))
        except (OSError, AttributeError):
            continue
    return total / 1024


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children."""
    ticks = 0
    for p in tree_pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


# --- wrk ----------------------------------------------------------------------------------

def parse_wrk(out: str) -> dict[str, float]:
    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out, re.M)
        lat[pct] = ms(*m.groups()) if m else float("nan")
    mx = re.search(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out, re.M)
    lat["max"] = ms(*mx.groups()) if mx else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    done = re.search(r"(\d+) requests in", out)
    n_err = int(errors.group(1)) if errors else 0
    if socket_errors:
        n_err += sum(int(g) for g in socket_errors.groups())
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "max": lat["max"], "errors": n_err,
            "requests": int(done.group(1)) if done else 0}


def lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(requests: list[tuple[str, str, str]], headers: dict[str, str], writes: list[tuple] | None,
               write_every: int, delay_ms: int = 0) -> str:
    """A wrk script cycling over ``requests`` (method, path, body); every ``write_every``-th
    request is instead a write from ``writes`` (assign (POST) and unassign (DELETE) a number, in
    turn per number)."""
    reqs = ",\n".join(f"  {{{lua_string(m)}, {lua_string(p)}, {lua_string(b) if b else 'nil'}}}"
                      for m, p, b in requests)
    hdrs = ", ".join(f"[{lua_string(k)}]={lua_string(v)}" for k, v in headers.items())
    wr = ",\n".join(f"  {{{lua_string(post)}, {lua_string(body)}, {lua_string(delete)}}}"
                    for post, body, delete in (writes or []))
    return f"""
local reqs = {{
{reqs}
}}
local writes = {{
{wr}
}}
local headers = {{{hdrs}}}
local n, k = 0, 0
local assigned = {{}}
local write_every = {write_every}
local verified = false
request = function()
  if not verified then
    -- wrk calls request() once on the first thread's state to check the script and discards
    -- the request: answer that call without advancing the write cycle (it had left the first
    -- number marked assigned, so its unassign answered 404 once per run).
    verified = true
    return wrk.format("GET", reqs[1][2], headers)
  end
  n = n + 1
  if write_every > 0 and n % write_every == 0 then
    k = k % #writes + 1
    local w = writes[k]
    if assigned[k] then
      assigned[k] = false
      return wrk.format("DELETE", w[3], headers)
    end
    assigned[k] = true
    return wrk.format("POST", w[1], headers, w[2])
  end
  local r = reqs[(n % #reqs) + 1]
  return wrk.format(r[1], r[2], headers, r[3])
end
{"delay = function() return " + str(delay_ms) + " end" if delay_ms else ""}
-- Tally the statuses of answers that are not 2xx, and print them at the end ("status 409=3").
local threads = {{}}
setup = function(thread) table.insert(threads, thread) end
bad = ""
response = function(status, headers, body)
  if status >= 300 then bad = bad .. status .. "=" .. string.sub(body or "", 1, 120) .. "\\n" end
end
done = function(summary, latency, requests)
  for _, t in ipairs(threads) do
    local b = t:get("bad")
    if b and #b > 0 then io.write("BAD " .. b) end
  end
end
"""


def wrk(base: str, script: str, duration: int, connections: int, tmp: Path) -> dict[str, float]:
    path = tmp / f"s{time.monotonic_ns()}.lua"
    path.write_text(script)
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s", "-s", str(path), base]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    if done.stderr.strip():  # a script error: wrk would go on with plain GETs of the base URL
        raise RuntimeError(f"wrk: {done.stderr.strip()}")
    out = done.stdout
    result = parse_wrk(out)
    bad = [line.removeprefix("BAD ") for line in out.split("BAD ", 1)[1].splitlines()] if "BAD " in out else []
    bad = [line for line in bad if "=" in line and line.split("=", 1)[0].isdigit()]
    if bad:
        print(f"    non-2xx answers (first {min(len(bad), 5)}): {bad[:5]}", file=sys.stderr)
    return result


# --- fixtures: what each scenario asks, per database ----------------------------------------

@dataclass
class Fixture:
    base: str
    prefix: str  # "/v2" for phonestack and the ceiling, "" for Prism (paths as in the OpenAPI file)
    token: str
    account_id: str
    client_id: str
    client_secret: str
    user_id: str
    one_ids: list[str]
    write_ids: list[str]
    deep_token: str
    proc: subprocess.Popen | None = None
    rss_mb: float = 0.0
    extra: dict = field(default_factory=dict)

    def scenario(self, name: str) -> tuple[list[tuple[str, str, str]], dict[str, str], list[tuple], int]:
        auth = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        p = self.prefix
        writes = [(f"{p}/phone/users/{self.user_id}/phone_numbers", json.dumps({"phone_numbers": [{"id": i}]}),
                   f"{p}/phone/users/{self.user_id}/phone_numbers/{i}") for i in self.write_ids]
        gets = [("GET", f"{p}{NM}/{i}", "") for i in self.one_ids]
        if name in ("get", "get@50%"):
            return gets[:1], auth, [], 0
        if name == "list":
            return [("GET", f"{p}{NM}?page_size=100", "")], auth, [], 0
        if name == "deep":
            return [("GET", f"{p}{NM}?page_size=100&next_page_token={self.deep_token}", "")], auth, [], 0
        if name == "write":
            return [("GET", "/", "")], auth, writes, 1
        if name == "token":
            import base64

            basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            path = f"/oauth/token?grant_type=account_credentials&account_id={self.account_id}"
            return [("POST", path, "")], {"Authorization": f"Basic {basic}"}, [], 0
        if name == "mixed":
            return gets, auth, writes, 10
        raise ValueError(name)


def demo_token(base: str) -> tuple[dict, str]:
    """The demo credentials of the server at ``base`` and an access token of its master account."""
    creds = httpx.get(f"{base}/_phonestack/demo").json()
    r = httpx.post(f"{base}/oauth/token", params={"grant_type": "account_credentials", "account_id": creds["account_id"]},
                   auth=(creds["client_id"], creds["client_secret"]))
    return creds, r.json()["access_token"]


def prepare(base: str, deep_pages: int) -> Fixture:
    creds, token = demo_token(base)
    with httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
        page = c.get(NM, params={"page_size": 100}).json()
        one_ids = [n["id"] for n in page["numbers"]]
        # A user and 1,024 unassigned numbers of the user's site (32 per connection: a number's assign
        # has long completed when its unassign is sent, even at the p99 of a loaded machine) (bulk numbers live in the first site).
        free: list[dict] = []
        params: dict = {"type": "unassigned", "page_size": 100}
        while len(free) < 1200:
            page = c.get("/phone/numbers", params=params).json()
            free += [n for n in page["phone_numbers"] if n.get("site") and n.get("status") != "pending"]
            if not page.get("next_page_token"):
                break
            params["next_page_token"] = page["next_page_token"]
        by_site = collections.Counter(n["site"]["id"] for n in free)
        site_id = by_site.most_common(1)[0][0]
        write_ids = [n["id"] for n in free if (n.get("site") or {}).get("id") == site_id][:1024]
        users = c.get("/phone/users", params={"site_id": site_id, "page_size": 1}).json()["users"]
        user_id = users[0]["id"]
        # Release any write number left assigned by an interrupted run.
        for i in write_ids:
            c.delete(f"/phone/users/{user_id}/phone_numbers/{i}")
        token_at, started = None, time.monotonic()
        for n in range(1, deep_pages):
            params = {"page_size": 100}
            if token_at:
                params["next_page_token"] = token_at
            token_at = c.get(NM, params=params).json()["next_page_token"]
            if n % 500 == 0:
                sys.stderr.write(f"\r  walking to page {deep_pages:,}: {n:,} ({time.monotonic() - started:.0f} s)")
        sys.stderr.write("\n")
    return Fixture(base, "/v2", token, creds["account_id"], creds["client_id"], creds["client_secret"],
                   user_id, one_ids, write_ids, token_at or "")


def record_ceiling(fx: Fixture, tmp: Path) -> Path:
    """Replay every request of every scenario once against phonestack and keep (status, bytes)."""
    folder = tmp / "ceiling"
    folder.mkdir()
    manifest: dict[str, list] = {}
    with httpx.Client(base_url=fx.base, timeout=60) as c:
        for name in ALL_SCENARIOS:
            reqs, headers, writes, _ = fx.scenario(name)
            calls = [(m, p, b) for m, p, b in reqs if p != "/"]
            for post, body, delete in writes:
                calls += [("POST", post, body), ("DELETE", delete, "")]
            for method, path, body in calls:
                r = c.request(method, path, headers=headers, content=body or None)
                key = f"{method} {path}"
                if key in manifest:
                    continue
                name_ = f"{len(manifest)}.bin" if r.content else ""
                if name_:
                    (folder / name_).write_bytes(r.content)
                manifest[key] = [r.status_code, name_]
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest))
    return path


# --- databases ----------------------------------------------------------------------------

def sqlite_database(numbers: int, tmp: Path, fresh: bool) -> str:
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"sqlite-{numbers}.db"
    if fresh or not cached.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{cached}{suffix}").unlink(missing_ok=True)
        print(f"seeding SQLite with {numbers:,} numbers ...", file=sys.stderr)
        seed(f"sqlite:///{cached}", numbers)
    target = tmp / "bench.db"
    shutil.copy(cached, target)
    return f"sqlite:///{target}"


def postgres_database(url: str, numbers: int, fresh: bool) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from phonestack.store.db import ensure_database

    target = make_url(ensure_database(url))
    held = 0
    if not fresh:
        eng = create_engine(target)
        with eng.connect() as conn:
            try:
                held = conn.execute(text("SELECT count(*) FROM phone_numbers WHERE number LIKE '+1415%'")).scalar_one()
            except Exception:  # noqa: BLE001 - no schema yet
                held = 0
        eng.dispose()
    if held < numbers:
        print(f"seeding PostgreSQL with {numbers:,} numbers ...", file=sys.stderr)
        seed(url, numbers)
    return url


def seed(url: str, numbers: int) -> None:
    env = {**os.environ, "PHONESTACK_DATABASE_URL": url}
    started = time.monotonic()
    subprocess.run([PY, "-m", "phonestack.cli", "seed", "--reset", "--numbers", str(numbers)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  seeded in {time.monotonic() - started:.0f} s", file=sys.stderr)


STARTUP: dict[str, float] = {}


def serve(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    """``phonestack serve`` on an existing database; records the seconds from the process start
    to its first answer (interpreter, imports, contract, validators, migrations check)."""
    port = free_port()
    # Start-up as an installed server sees it from its second start on: bytecode compiled and
    # cached (main() compiles it once; child_env).
    env = child_env(PHONESTACK_DATABASE_URL=url, PHONESTACK_RATE_LIMITS="off")
    env.pop("PHONESTACK_REDIS_URL", None)
    started = time.monotonic()
    proc = subprocess.Popen([PY, "-m", "phonestack.cli", "serve", "--port", str(port), "--seed", "none",
                             "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_up(f"{base}/_phonestack/health")
    STARTUP[f"{url.split(':')[0]} x{workers}"] = time.monotonic() - started
    return proc, base


def prism(spec: Path) -> tuple[subprocess.Popen, str] | None:
    binary = CACHE / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        if not shutil.which("npm"):
            return None
        print("installing @stoplight/prism-cli with npm into bench/.cache ...", file=sys.stderr)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(CACHE),
                        "@stoplight/prism-cli@5"], check=True)
    port = free_port()
    proc = subprocess.Popen([str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_up(f"{base}/phone/numbers", timeout=180)
    return proc, base


# --- the run ------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--numbers", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--targets", default=",".join(ALL_TARGETS))
    ap.add_argument("--scenarios", default=",".join(ALL_SCENARIOS))
    ap.add_argument("--deep-page", type=int, default=5000)
    ap.add_argument("--pg-url", default=os.environ.get("PHONESTACK_BENCH_PG_URL",
                                                       "postgresql://postgres@127.0.0.1:5432/phonestack_bench"))
    ap.add_argument("--kept-answers", choices=("auto", "on", "adaptive", "off"),
                    default=os.environ.get("PHONESTACK_KEPT_ANSWERS", "auto"),
                    help="the servers' PHONESTACK_KEPT_ANSWERS (auto: on for SQLite, adaptive for PostgreSQL)")
    ap.add_argument("--fresh", action="store_true", help="re-seed the databases")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()
    os.environ["PHONESTACK_KEPT_ANSWERS"] = args.kept_answers  # read by every server started (child_env)
    targets = [t for t in args.targets.split(",") if t]
    scenarios = [s for s in args.scenarios.split(",") if s]
    if not shutil.which("wrk"):
        print("bench: needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    deep_pages = min(args.deep_page, max(args.numbers // 100, 1))

    subprocess.run([PY, "-m", "compileall", "-q", str(HERE.parent / "src" / "phonestack")], check=False,
                   env=child_env(),
                   stdout=subprocess.DEVNULL)
    tmp = Path(tempfile.mkdtemp(prefix="phonestack-bench-"))
    results: dict[str, dict[str, dict]] = {}
    notes: list[str] = []
    reference: Fixture | None = None  # the SQLite fixture: the ceiling and Prism replay its requests

    def measure(target: str, fx: Fixture) -> None:
        for name in scenarios:
            if name == "token" and target == "prism":
                continue  # the token endpoint is not part of the API description Prism mocks
            reqs, headers, writes, every = fx.scenario(name)
            delay, connections = 0, args.connections
            if name == "get@50%":
                full = results.get(target, {}).get("get")
                if not full:
                    continue
                # Half the maximum rate: each connection waits PACE_MS after each answer, and there
                # are as many connections as that rate needs (wrk's delay() counts whole ms, so a
                # long pause over many connections paces finer than a short one over few). An
                # answer at half load takes about two service times (1 / max rate) plus loopback.
                answer_ms = 2000 / full["rps"] + 0.3
                delay = PACE_MS
                connections = max(1, round(full["rps"] / 2 * (PACE_MS + answer_ms) / 1000))
            cpu = tree_cpu_s(fx.proc.pid) if fx.proc else 0.0
            out = wrk(fx.base, lua_script(reqs, headers, writes, every, delay), args.duration, connections, tmp)
            # The server's own CPU per answered request (its processes; PostgreSQL's are not
            # counted): steadier than req/s on a shared machine, and what each request costs.
            out["cpu_us"] = ((tree_cpu_s(fx.proc.pid) - cpu) / out["requests"] * 1e6
                             if fx.proc and out["requests"] else float("nan"))
            results.setdefault(target, {})[name] = out
            print(f"  {target:<8} {TITLES[name]:<20} {out['rps']:>9.0f} req/s  p50 {out['p50']:.2f} ms  "
                  f"p99 {out['p99']:.2f} ms  max {out['max']:.0f} ms  non-2xx {out['errors']}  "
                  f"CPU {out['cpu_us']:.0f} us/req", file=sys.stderr)

    try:
        if "sqlite" in targets or "ceiling" in targets or "prism" in targets:
            url = sqlite_database(args.numbers, tmp, args.fresh)
            proc, base = serve(url, 1)
            try:
                reference = prepare(base, deep_pages)
                reference.proc = proc
                # Recorded first, while every write number is free: the ceiling answers what a
                # successful assign and unassign answer.
                manifest = record_ceiling(reference, tmp) if "ceiling" in targets else None
                if "sqlite" in targets:
                    measure("sqlite", reference)
                reference.rss_mb = tree_rss_mb(proc.pid)
                notes.append(f"SQLite: server RSS {reference.rss_mb:.0f} MB after the run; "
                             f"database {Path(url[10:]).stat().st_size / 1e6:,.0f} MB")
            finally:
                stop(proc)
            if manifest is not None:
                port = free_port()
                cproc = subprocess.Popen(
                    [PY, "-m", "uvicorn", "--factory", "ceiling:create", "--port", str(port), "--log-level", "warning",
                     "--no-access-log", "--app-dir", str(HERE)],
                    env={**os.environ, "CEILING_MANIFEST": str(manifest)}, stdout=subprocess.DEVNULL)
                try:
                    wait_up(f"http://127.0.0.1:{port}/")
                    cfx = Fixture(**{**reference.__dict__, "base": f"http://127.0.0.1:{port}", "proc": cproc})
                    measure("ceiling", cfx)
                finally:
                    stop(cproc)
            if "prism" in targets:
                spec = Path(__file__).parents[1] / "src" / "phonestack" / "spec" / "openapi.json"
                started = prism(spec)
                if started is None:
                    notes.append("Prism: skipped (no npm)")
                else:
                    pproc, pbase = started
                    try:
                        pfx = Fixture(**{**reference.__dict__, "base": pbase, "prefix": "", "proc": pproc})
                        measure("prism", pfx)
                    finally:
                        stop(pproc)
        for target, workers in (("pg1", 1), ("pg2", 2)):
            if target not in targets:
                continue
            url = postgres_database(args.pg_url, args.numbers, args.fresh)
            args.fresh = False  # seeded once for both
            proc, base = serve(url, workers)
            try:
                fx = prepare(base, deep_pages)
                fx.proc = proc
                measure(target, fx)
                notes.append(f"PostgreSQL, {workers} worker(s): server RSS {tree_rss_mb(proc.pid):.0f} MB "
                             "(all processes) after the run")
            finally:
                stop(proc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{args.numbers:,} numbers stored; wrk -t1 -c{args.connections} -d{args.duration}s; "
          f"{os.cpu_count()} cores shared by wrk, the server and the database; "
          f"kept answers: {args.kept_answers}\n")
    head = (f"{'scenario':<20} {'target':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'vs Prism':>9} "
            f"{'vs ceiling':>11} {'CPU us/req':>11}")
    print(head)
    print("-" * len(head))
    for name in scenarios:
        prism_rps = results.get("prism", {}).get(name, {}).get("rps")
        ceil_rps = results.get("ceiling", {}).get(name, {}).get("rps")
        for target in targets:
            r = results.get(target, {}).get(name)
            if not r:
                continue
            vs_prism = f"{r['rps'] / prism_rps:.1f}x" if prism_rps and target != "prism" else ""
            vs_ceil = f"{r['rps'] / ceil_rps:.0%}" if ceil_rps and target != "ceiling" else ""
            if name == "get@50%":  # paced runs: the rate asked for, as a share of the target's own maximum
                full = results.get(target, {}).get("get", {}).get("rps")
                vs_prism, vs_ceil = "", f"({r['rps'] / full:.0%} max)" if full else ""
            cpu = f"{r['cpu_us']:.0f}" if r.get("cpu_us") == r.get("cpu_us") else ""  # NaN: not measured
            print(f"{TITLES[name]:<20} {target:<8} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
                  f"{r['errors']:>8} {vs_prism:>9} {vs_ceil:>11} {cpu:>11}")
    print("CPU us/req: the server's processes (user + system) per answered request; PostgreSQL's own not included")
    if "get@50%" in scenarios:
        print("get one @ 50% rate: paced at half of each target's own get-one maximum; (N% max) is the rate reached")
    print()
    for line in notes:
        print(line)
    for name, seconds in STARTUP.items():
        print(f"start-up, process start to first answer ({name} worker(s)): {seconds:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "notes": notes, "args": vars(args)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
