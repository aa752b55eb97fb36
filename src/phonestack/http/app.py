"""The ASGI application.

The request path of an API call, in order: route lookup (trie) -> bearer token (cached
HMAC check) -> scopes -> account resolution -> query and body validation (compiled
schemas) -> the provider, inside one database transaction -> orjson. An operation
without a provider stops before the database with a 501.

Plain ASGI rather than a framework: the hot path is a handful of dict lookups and one
query, and nothing else runs per request.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from typing import Any

import orjson
from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from .. import spec
from ..events.dispatcher import Dispatcher
from ..events.outbox import enqueue
from ..insights.audit import record as audit
from ..providers import CACHED_ANSWERS, load_providers
from ..store import schema as t
from ..store.db import make_engine, migrate
from ..store.fast import Prepared, database_state, right_sized, state_probe
from . import answers, files, validation
from .auth import TokenService, require_scopes
from .context import Context, Response
from .errors import ApiError
from .faults import maybe_fail
from .pagination import PageTokens
from .ratelimit import RateLimiter
from .request import base_url, header_map, query_pairs, screen
from .router import Router
from .validation import OperationValidator

log = logging.getLogger("phonestack")

API_PREFIX = "/v2"
MAX_BODY = int(os.environ.get("PHONESTACK_MAX_BODY", 2 * 1024 * 1024))
JSON_HEADERS = [(b"content-type", b"application/json;charset=UTF-8")]
# The caller's own account, without /accounts/{accountId} in front (Zoom serves both forms).
# Error statuses a provider may raise that fold into 400 when the operation does not document them.
_FOLDED_TO_400 = frozenset((403, 404, 409, 412))
ACCOUNT_ALIAS_PREFIX = "/accounts/{accountId}/number_management/"


def _json(status: int, body: Any, extra: list[tuple[bytes, bytes]] | None = None) -> tuple[int, list, bytes]:
    return status, JSON_HEADERS + (extra or []), orjson.dumps(body)


class Server:
    """Everything a worker process holds: engine, contract index, token keys, caches."""

    def __init__(self, engine: Engine | None = None, *, auto_migrate: bool = True) -> None:
        self.engine = engine or make_engine()
        self.read_engine = self.engine.execution_options(readonly=True)
        if self.engine.dialect.name == "postgresql":
            # GETs on PostgreSQL run in autocommit: under READ COMMITTED every statement takes a
            # snapshot of its own anyway, and this saves the BEGIN and ROLLBACK round trips (three
            # round trips a read become one: 190 -> 96 us for get-one-number in process).
            self.read_engine = self.read_engine.execution_options(isolation_level="AUTOCOMMIT")
        # GETs run on one connection kept open for this worker's event loop (``read``).
        self._reader: Connection | None = None
        self._reader_state = None  # store.fast.state_probe of the reader, made on first use
        if auto_migrate:
            migrate(self.engine)
        token_key = self._meta("token_signing_key", lambda: secrets.token_hex(32))
        page_key = self._meta("page_token_key", lambda: secrets.token_hex(32))
        self.tokens = TokenService(self.engine, bytes.fromhex(token_key), read=self.read)
        self.page_tokens = PageTokens(bytes.fromhex(page_key))
        self.rate_limiter = RateLimiter()
        self.operations = spec.operations()
        self.providers = load_providers()
        # An in-memory SQLite database is one connection shared by reads and writes: the reads
        # cannot be made read-only, and its own commits do not change its data_version.
        self._shared_connection = isinstance(self.engine.pool, StaticPool)
        self.kept_answers = answers.configured(self.engine.dialect.name, self._shared_connection)
        # GETs whose answer is a function of the database and the request alone (providers
        # registered with cache=True): filed at the front door, and kept while the database is
        # unchanged when kept answers are on (http/answers.py).
        self._pure_reads = frozenset(CACHED_ANSWERS)
        self.router = Router()
        for op in self.operations.values():
            self.router.add(op.method, op.path, op)
            if op.path.startswith(ACCOUNT_ALIAS_PREFIX):
                alias = op.path[len("/accounts/{accountId}") :]
                self.router.add(op.method, alias, op, fixed={"accountId": "me"})
        self._validators: dict[str, OperationValidator] = {}
        self._load_validators()
        self._spec_bytes: bytes | None = None
        self._implemented_bytes: bytes | None = None
        from ..console import Console
        from ..console.activity import RequestLog
        from .admin import Admin
        from .docs import Docs
        from .oauth import OAuthEndpoint

        self.oauth = OAuthEndpoint(self)
        self.admin = Admin(self)
        self.docs = Docs(self)
        self.console = Console(self)
        self.activity = RequestLog()  # recent API requests per account, this process only
        # Webhook delivery: a thread of this process, started with the server (lifespan startup,
        # or the first request when the ASGI server runs without lifespan events).
        self.dispatcher = Dispatcher(self.engine)
        self._dispatching = False

    # --- shared secrets, kept in the database so every worker agrees ----------------------

    def _meta(self, name: str, make) -> str:  # noqa: ANN001
        with self.engine.begin() as conn:
            row = conn.execute(select(t.server_meta.c.value).where(t.server_meta.c.name == name)).first()
            if row is not None:
                return row.value
            try:
                with conn.begin_nested():
                    conn.execute(insert(t.server_meta).values(name=name, value=make()))
            except IntegrityError:
                pass  # another worker won the race: use its value
            return conn.execute(select(t.server_meta.c.value).where(t.server_meta.c.name == name)).scalar_one()

    def _load_validators(self) -> None:
        """Every operation's validators from the disk cache of compiled code (tens of ms), or, when
        the cache is missing, compiled on first use while a background thread writes it."""
        path = validation.cache_file(spec.document_bytes())
        if validation.load_cache(path):
            for op in self.operations.values():
                self.validator(op)
        else:
            threading.Thread(target=validation.precompile, args=(list(self.operations.values()), path),
                             name="phonestack-precompile", daemon=True).start()

    def validator(self, op: spec.Operation) -> OperationValidator:
        v = self._validators.get(op.operation_id)
        if v is None:
            v = self._validators[op.operation_id] = OperationValidator(op)
        return v

    def spec_bytes(self, *, implemented: bool = False) -> bytes:
        """The contract; ``implemented``: only the operations this server has a provider for
        (``/openapi.json?implemented=true``, what contract fuzzers should be pointed at)."""
        if implemented:
            if self._implemented_bytes is None:
                doc = spec.load_document()
                paths = {}
                for path, item in doc["paths"].items():
                    kept = {m: o for m, o in item.items()
                            if not isinstance(o, dict) or "operationId" not in o or o["operationId"] in self.providers}
                    if any(isinstance(o, dict) and "operationId" in o for o in kept.values()):
                        paths[path] = kept
                self._implemented_bytes = orjson.dumps({**doc, "paths": paths})
            return self._implemented_bytes
        if self._spec_bytes is None:
            self._spec_bytes = orjson.dumps(spec.load_document())
        return self._spec_bytes

    # --- ASGI -----------------------------------------------------------------------------

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        kind = scope["type"]
        if not self._dispatching:
            self.start_dispatcher()
        if kind == "http":
            status, headers, body = await self._http(scope, receive)
            if status != 204 and status != 304:
                # A length, as Zoom's API sends, rather than chunked framing of a body we already hold.
                headers = [*headers, (b"content-length", b"%d" % len(body))]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
        elif kind == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.dispatcher.stop()
                    self._drop_reader()
                    self.engine.dispose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return

    async def _http(self, scope, receive) -> tuple[int, list, bytes]:  # noqa: ANN001
        path: str = scope["path"]
        try:
            screen(scope, MAX_BODY)
            raw = await _read_body(receive)
            if path.startswith(files.PREFIX):
                return files.serve(self, scope, path)
            if path.startswith(API_PREFIX + "/"):
                return self.api(scope, path[len(API_PREFIX) :], raw)
            if path == "/oauth/token":
                return self.oauth.handle(scope, raw)
            if path.startswith("/_phonestack/"):
                return self.admin.handle(scope, path, raw)
            if path == "/openapi.json":
                implemented = b"implemented=true" in scope.get("query_string", b"")
                return 200, JSON_HEADERS, self.spec_bytes(implemented=implemented)
            if path == "/docs" or path.startswith("/docs/"):
                return self.docs.handle(path)
            if path == "/console" or path.startswith("/console/"):
                return self.console.handle(scope, path)
            if path == "/":
                return 307, [(b"location", b"/docs")], b""
            return _json(404, {"code": 404, "message": "Not Found"})
        except ApiError as e:
            return _json(e.status, e.body(), [(k.encode(), v.encode()) for k, v in e.headers.items()])
        except Exception:  # a bug: log it, answer like Zoom does, keep serving
            log.exception("unhandled error on %s %s", scope.get("method"), path)
            return _json(500, {"code": 500, "message": "Internal Server Error"})

    # --- the API --------------------------------------------------------------------------

    def api(self, scope, path: str, raw: bytes) -> tuple[int, list, bytes]:  # noqa: ANN001
        started = time.perf_counter()
        method = scope["method"]
        # The request as it came (``_door``): looked up at the front door, filed by the long way.
        door = _door(scope) if method == "GET" else None
        if door is not None and not raw:
            answer = self._front_door(door, scope, path, started)
            if answer is not None:
                return answer
        route, params, exists = self.router.lookup(method, path)
        if route is None:
            if exists:
                return _json(405, {"code": 405, "message": f"Method {method} is not allowed on this resource."})
            return _json(404, {"code": 404, "message": "Not Found"})
        op: spec.Operation = route.target
        headers = header_map(scope)
        principal = self.tokens.authenticate(headers.get("authorization"))
        status = 500
        try:
            answer = self._authorized(op, principal, params, scope, raw, headers, door)
            status = answer[0]
            return answer
        except ApiError as e:
            status = e.status
            raise
        finally:
            self._log_request(principal, method, path, scope, op, status, started)

    def _front_door(self, door: tuple, scope, path: str, started: float) -> tuple[int, list, bytes] | None:  # noqa: ANN001
        """A request seen before as it comes (path, query, token, host: see http/answers.py),
        answered without routing, header parsing, scopes, account resolution and validation: its
        kept answer if the database is unchanged, else made anew by its provider from what the
        long way made of it then. None: the long way. The token is checked again and must give
        the same Principal as then (same scopes, account, limits, faults); the database state is
        checked before the rate limiter, so a request that cannot use the door (a dead read
        connection) goes the long way without being counted twice."""
        entry = self.kept_answers.door(door)
        if entry is None:
            return None
        op, principal, key, parsed = entry
        if self.tokens.authenticate(door[2].decode("latin-1")) is not principal:
            return None
        state = answer = None
        if key is not None:
            conn = self._reader
            if conn is None or conn.closed or conn.invalidated:
                return None
            try:
                # Outside a transaction, as every read leaves this connection (``read``): the probe
                # opens none (no snapshot to end), on SQLite and on PostgreSQL's autocommit reads.
                state, answer = self.kept_answers.check(op.operation_id, key, lambda: self._state(conn))
            except Exception:  # noqa: BLE001 - the driver's own error: the long way reconnects
                self._drop_reader()
                return None
        if answer is not None:
            make = lambda: answer  # noqa: E731
        else:
            handler, account_id, params, query, base = parsed
            # Copies: what a provider does to its context must not reach the next request.
            make = lambda: self._run(handler, (op, principal, account_id, dict(params), dict(query), None),  # noqa: E731
                                     base, filed=(key, state))
        status = 500
        try:
            answer = self._limited(op, principal, make)
            status = answer[0]
            return answer
        except ApiError as e:
            status = e.status
            raise
        finally:
            self._log_request(principal, "GET", path, scope, op, status, started)

    def _log_request(self, principal, method: str, path: str, scope, op: spec.Operation,  # noqa: ANN001
                     status: int, started: float) -> None:
        """The account's request ring (console/activity.py): one deque append."""
        self.activity.record(principal.account_id, (
            time.time(), method, path, scope.get("query_string", b"").decode("latin-1")[:300],
            op.operation_id, op.label, status, (time.perf_counter() - started) * 1000))

    def _authorized(self, op, principal, params, scope, raw, headers,  # noqa: ANN001
                    door: tuple | None) -> tuple[int, list, bytes]:
        require_scopes(principal, op.scopes, op.classic_scopes, op.granular_scopes)
        return self._limited(op, principal, lambda: self._api(op, principal, params, scope, raw, headers, door))

    def _limited(self, op: spec.Operation, principal, make) -> tuple[int, list, bytes]:  # noqa: ANN001
        """``make()``'s answer after fault injection and the rate limiter (the long way and the
        front door alike), with the rate-limit headers, on errors too. Where an operation
        documents its failures as 400 only (as Zoom's documents often do for unknown ids), a
        provider's 404/409/412 answers as 400 with the same code and message: the contract owns
        the wire format."""
        maybe_fail(principal.faults, op.operation_id)
        limits = self.rate_limiter.check(principal.account_id, principal.plan, principal.rate_limits, op.label)
        try:
            status, out_headers, body = make()
        except ApiError as e:
            if limits:
                e.headers.update({k.decode(): v.decode() for k, v in limits})
            if e.status in _FOLDED_TO_400 and e.status not in op.responses and 400 in op.responses:
                e.status = 400
            raise
        return (status, out_headers + limits, body) if limits else (status, out_headers, body)

    def _api(self, op, principal, params, scope, raw, headers,  # noqa: ANN001
             door: tuple | None) -> tuple[int, list, bytes]:
        account_id = principal.account_id
        if "accountId" in params:
            account_id = self.resolve_account(principal, params["accountId"])
        v = self.validator(op)
        qs = scope.get("query_string", b"")
        # Blank values are kept and validated (an empty enum value is an error), except an empty
        # next_page_token, which clients send back as they received it on the last page.
        query = v.parse_query(query_pairs(qs)) if qs else {}
        if v.query is not None and not qs:
            query = v.parse_query({})
        body = v.parse_body(raw, op) if op.body_schema is not None or raw.strip() else None
        handler = self.providers.get(op.operation_id)
        if handler is None:
            return _json(501, {"code": 501, "message": f"{op.operation_id} is not implemented yet"})
        ctx_args = (op, principal, account_id, params, query, body)
        if op.operation_id not in self._pure_reads:
            door = None
        return self._run(handler, ctx_args, base_url(scope, headers), door)

    def _run(self, handler, ctx_args, base_url: str, door: tuple | None = None,  # noqa: ANN001
             filed: tuple | None = None) -> tuple[int, list, bytes]:
        op = ctx_args[0]
        for attempt in range(3):
            committing = False
            dbapi_conn = None
            try:
                if op.method == "GET":
                    if op.operation_id in self._pure_reads:
                        return self.read(lambda conn: self._cached_read(conn, handler, ctx_args, base_url, door, filed))
                    ctx, result = self.read(
                        lambda conn: _apply(handler, Context(self, *ctx_args, conn=conn, base_url=base_url)))
                else:
                    with self.engine.begin() as conn:
                        dbapi_conn = conn.connection.dbapi_connection
                        ctx = Context(self, *ctx_args, conn=conn, base_url=base_url)
                        result = handler(ctx)
                        audit(conn, ctx, result)  # the operation log row: commits with the write or not at all
                        if ctx.events:  # the transactional outbox: written before the commit
                            enqueue(conn, ctx.account_id, ctx.events)
                        committing = True  # a connection lost from here on may have committed
                break
            except Exception as exc:
                # SQLite busy or PostgreSQL serialization failure: nothing was committed, again.
                # A lost connection (the database restarted, an administrator or a timeout closed
                # it): again on a new one, unless it was lost in the COMMIT, whose outcome is
                # unknown (store/db.py ping_when_idle).
                lost = self._connection_lost(exc, dbapi_conn)
                if attempt == 2 or not (_retryable(exc) or (lost and not committing)):
                    raise
                time.sleep(0.01 * (attempt + 1))
        if ctx.events:
            self.deliver(ctx.events)
        return _answer(op, result)

    def _cached_read(self, conn: Connection, handler, ctx_args, base_url: str,  # noqa: ANN001
                     door: tuple | None, filed: tuple | None = None) -> tuple[int, list, bytes]:
        """A pure GET (``cache=True``): its kept answer if the database is unchanged since it was
        made (http/answers.py), else made now and kept. The state is read first, so an answer is
        never kept under a state older than the data it shows. ``door``: the request as it came,
        filed for the front door (``_front_door``). ``filed``: (key, state) as the front door
        found them, for an answer it found nothing kept for."""
        op, principal, account_id, params, query, _ = ctx_args
        cache = self.kept_answers
        if filed is None:
            key = state = kept = None
            if cache.enabled:
                try:
                    key = (op.operation_id, account_id, base_url, tuple(params.values()),
                           right_sized(orjson.dumps(query)))
                except TypeError:  # an integer beyond 64 bits in the query: answered, not kept
                    key = None
                if key is not None:
                    state, kept = cache.check(op.operation_id, key, lambda: self._state(conn))
            # A sub account named by id was resolved before the state was read: checked again
            # after it, so no answer is kept under a state in which the account was gone.
            resolved = state is None
        else:
            (key, state), kept = filed, None
            resolved = False  # the front door resolves no account
        if not resolved and account_id != principal.account_id and not _is_active_sub_account(
                conn, principal, account_id):
            raise _no_such_account()
        if door is not None:
            cache.file_door(door, op, principal, key, (handler, account_id, params, query, base_url))
        if kept is not None:
            return kept
        started = time.perf_counter()
        answer = _answer(op, handler(Context(self, *ctx_args, conn=conn, base_url=base_url)))
        if state is not None:
            cache.put(key, state, answer)
            cache.made(op.operation_id, time.perf_counter() - started)
        return answer

    def _state(self, conn: Connection) -> Any:
        """``database_state(conn)``; for the kept read connection through its probe, made once."""
        if conn is not self._reader:
            return database_state(conn)
        probe = self._reader_state
        if probe is None:
            probe = self._reader_state = state_probe(conn)
        return probe() if probe is not None else None

    def read(self, fn):  # noqa: ANN001, ANN201
        """``fn(conn)`` on this worker's kept read connection (GETs, the token call): handlers are
        synchronous, so one request at a time uses it, and no pool checkout (nor, on PostgreSQL,
        pre-ping round trip) is paid per read. Autocommit on PostgreSQL; on SQLite each read ends
        its snapshot when it returns, so the next one sees every commit made meanwhile."""
        for attempt in (1, 2):
            conn = self._reader
            if conn is None or conn.closed or conn.invalidated:
                conn = self._reader = self._read_only(self.read_engine.connect())
                self._reader_state = None
            dbapi_conn = conn.connection.dbapi_connection
            try:
                return fn(conn)
            except Exception as exc:
                # A read is safe to run again: once more on a new connection if this one was lost
                # (a kept connection is never pinged: store/db.py ping_when_idle).
                lost = self._connection_lost(exc, dbapi_conn)
                if lost or isinstance(exc, DBAPIError):
                    self._drop_reader()
                if not lost or attempt == 2:
                    raise
            finally:
                if self._reader is not None:
                    end_snapshot(conn)
        raise AssertionError("unreachable")

    def _connection_lost(self, exc: BaseException, dbapi_conn) -> bool:  # noqa: ANN001
        """Whether ``exc`` says that the database connection died: SQLAlchemy's verdict on its own
        errors, the dialect's on a driver error (prepared reads run on the DBAPI cursor,
        store/fast.py)."""
        if isinstance(exc, DBAPIError):
            return bool(exc.connection_invalidated)
        dialect = self.engine.dialect
        return isinstance(exc, dialect.loaded_dbapi.Error) and dialect.is_disconnect(exc, dbapi_conn, None)

    def _read_only(self, conn: Connection) -> Connection:
        """On SQLite the database refuses writes on the read connection (``PRAGMA query_only``): a
        GET that wrote would see its write rolled back at the end of the read. The connection
        never goes back to the pool (``_drop_reader`` invalidates it). PostgreSQL is left as it
        is: a session setting would outlive the connection behind a transaction-mode PgBouncer,
        and the suite's SQLite run finds such a GET for both."""
        if conn.dialect.name == "sqlite" and not self._shared_connection:
            cur = conn.connection.dbapi_connection.cursor()
            cur.execute("PRAGMA query_only = ON")
            cur.close()
        return conn

    def _drop_reader(self) -> None:
        conn, self._reader = self._reader, None
        self._reader_state = None
        if conn is not None:
            try:
                conn.invalidate()
                conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone anyway
                pass

    def resolve_account(self, principal, account_id: str) -> str:  # noqa: ANN001
        """``me`` is the caller's account; a master may name its sub accounts; any other id is
        an unknown account (2001), whether it exists elsewhere or not."""
        if account_id == "me" or account_id == principal.account_id:
            return principal.account_id
        if principal.is_master and self.read(lambda conn: _is_active_sub_account(conn, principal, account_id)):
            return account_id
        raise _no_such_account()

    def start_dispatcher(self) -> None:
        self._dispatching = True
        self.dispatcher.start()

    def deliver(self, events: list[tuple[str, dict[str, Any]]]) -> None:
        """Called with a request's events once its transaction has committed: they are in the
        outbox already (see events/outbox.py); wake this process's delivery worker."""
        self.dispatcher.wake()


_ACTIVE_SUB_ACCOUNT = Prepared(select(t.accounts.c.id).where(
    t.accounts.c.id == bindparam("account_id"), t.accounts.c.parent_id == bindparam("parent_id"),
    t.accounts.c.status == "active"))


def _is_active_sub_account(conn: Connection, principal, account_id: str) -> bool:  # noqa: ANN001
    return _ACTIVE_SUB_ACCOUNT.one(conn, account_id=account_id, parent_id=principal.account_id) is not None


def _no_such_account() -> ApiError:
    """A new error each time: callers on the way out add headers to it and may change its status."""
    return ApiError(404, 2001, "Account does not exist.")


def end_snapshot(conn: Connection) -> None:
    """End a read connection's snapshot, so its next read sees every commit made meanwhile; the
    DBAPI rollback covers prepared reads (store/fast.py) that SQLAlchemy did not see begin."""
    conn.rollback()
    conn.connection.dbapi_connection.rollback()


def _door(scope) -> tuple | None:  # noqa: ANN001
    """A GET as it came, for the front door: path, query string, bearer token, host and scheme
    (what routing, auth, validation and the kept answer's key are made of). Header names as ASGI
    servers give them, lower case; the last of repeated headers, as ``header_map`` takes it."""
    auth = host = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            auth = value
        elif name == b"host":
            host = value
    if auth is None:
        return None
    # Without a Host header the base URL of the answer's links is the listening socket's.
    return scope["path"], scope.get("query_string", b""), auth, host or scope.get("server"), scope.get("scheme")


def _apply(handler, ctx: Context) -> tuple[Context, Any]:  # noqa: ANN001
    return ctx, handler(ctx)


def _answer(op: spec.Operation, result: Any) -> tuple[int, list, bytes]:
    """A provider's result as (status, headers, body)."""
    if isinstance(result, Response):
        headers = [(k.encode(), v.encode()) for k, v in (result.headers or {}).items()]
        if isinstance(result.body, bytes):  # a download: the bytes as they are
            return result.status, headers, result.body
        if result.body is None:
            return result.status, headers, b""
        return _json(result.status, result.body, headers)
    if result is None:
        return op.success_status, [], b""
    return _json(op.success_status if op.success_status != 204 else 200, result)


def _retryable(exc: BaseException) -> bool:
    """SQLite busy or locked, PostgreSQL deadlock or serialization failure: nothing committed."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc.orig).lower() if exc.orig is not None else ""
    return "locked" in text or "busy" in text or "deadlock" in text or "serializ" in text


async def _read_body(receive) -> bytes:  # noqa: ANN001
    message = await receive()
    body = message.get("body", b"")
    if not message.get("more_body"):
        if len(body) > MAX_BODY:
            raise ApiError(413, 413, f"Request body is too large (limit {MAX_BODY} bytes).")
        return body
    chunks = [body]
    size = len(body)
    while message.get("more_body"):
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, 413, f"Request body is too large (limit {MAX_BODY} bytes).")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app() -> Server:
    """Factory for ``uvicorn --factory phonestack.http.app:create_app`` and worker processes."""
    return Server()
