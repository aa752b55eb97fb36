"""What a provider receives: the operation, the caller, the resolved account, validated
parameters and body, and a database connection inside the request's transaction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..spec import Operation
from .auth import Principal
from .errors import ApiError
from .pagination import scope_of

if TYPE_CHECKING:
    from .app import Server


@dataclass(slots=True)
class Response:
    """An explicit response, for providers whose status differs from the documented success."""

    status: int
    body: Any = None
    headers: dict[str, str] | None = None


@dataclass(slots=True)
class Context:
    server: Server
    op: Operation
    principal: Principal
    account_id: str  # the account the request acts on ("me" and sub-account ids resolved)
    path: dict[str, str]
    query: dict[str, Any]
    body: Any
    conn: Connection
    base_url: str
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def error(self, code: int, status: int = 400, message: str | None = None) -> ApiError:
        """The operation's documented error ``code`` (its status and message come from the
        contract unless given)."""
        doc = self.op.error(code)
        if doc is not None:
            return ApiError(doc.status if status == 400 else status, code, message or doc.message)
        return ApiError(status, code, message or "Bad Request")

    def emit(self, event: str, payload: dict[str, Any]) -> None:
        """Queue a webhook event (a name of ``events/catalog.py``). It is written to the webhook
        outbox in the request's transaction, so it is delivered only if that transaction commits."""
        self.events.append((event, payload))

    # --- pagination -----------------------------------------------------------------------

    def page_size(self, default: int = 30, maximum: int = 300) -> int:
        for p in self.op.query_params:
            if p.name == "page_size":
                default = int(p.schema.get("default", default))
                maximum = int(p.schema.get("maximum", maximum))
        size = self.query.get("page_size") or default
        return max(1, min(int(size), maximum))

    def page(self, stmt, key_col, *, size: int | None = None, total: int | None = None,  # noqa: ANN001
             count=None):  # noqa: ANN001
        """One keyset page of ``stmt`` (a filtered select that includes ``key_col``).

        Returns (rows, next_page_token, total_records, page_size). The total is counted on the
        first page (unless the provider knows it: ``total``, e.g. from ``store.counts``) and
        carried in the token, so later pages cost one indexed range scan. ``count()``: a select
        of that total cheaper than counting ``stmt`` itself (the same filters without the joins
        that only add columns: on a large table the joins are most of a count's time), asked
        on the first page only, as ``fast_page``'s ``count()``.
        """
        size = size or self.page_size()
        scope = scope_of(self.op.operation_id, self.account_id, self.query)
        token = self.query.get("next_page_token")
        last = None
        if token:
            state = self.server.page_tokens.decode(token, scope, self.page_token_error())
            last, total = state
        if total is None:
            counted = count() if count is not None else select(func.count()).select_from(
                stmt.order_by(None).subquery())
            total = self.conn.execute(counted).scalar_one()
        q = stmt
        if last is not None:
            q = q.where(key_col > last)
        rows = self.conn.execute(q.order_by(key_col).limit(size + 1)).all()
        more = len(rows) > size
        rows = rows[:size]
        next_token = ""
        if more:
            next_token = self.server.page_tokens.encode(scope, [getattr(rows[-1], key_col.key), total])
        return rows, next_token, total, size

    def fast_page(self, prepared, key: str, *, count, size: int | None = None, render=None,  # noqa: ANN001
                  keys=None, first=None, **params: Any):  # noqa: ANN001
        """``page()`` for the hot unfiltered lists: ``prepared`` is a ``store.fast.Prepared``
        select with ``key > :after ORDER BY key LIMIT :limit`` over an integer key, and ``count()``
        gives the total cheaply (``store.counts``), asked on the first page only: later pages
        carry the first page's total in their token, as ``page()``'s do (on PostgreSQL a round
        trip less a page). One prepared statement on the DBAPI cursor. With
        ``render`` (a ``store.fast.RenderCache``) the rows come back as rendered JSON fragments.

        With ``keys`` too, a page whose entries are all cached costs one row of the page's cache
        keys (the same page of ``key > :after``): its ids and row versions each joined in one text
        (``store.fast.joined_text``), its largest key, its count and the names version, as
        ``numbers.queries.number_view_keys`` reads them; otherwise ``prepared`` follows and its
        rows alone make the page (a write between the two reads cannot mix them). With ``first``
        too (``keys`` with ``count()`` as a scalar subquery, as a last column) the first page
        reads its keys and its total in one statement: on PostgreSQL a round trip less. Reads
        only: a row version seen inside an uncommitted write could be rolled back and then
        reused for other content."""
        size = size or self.page_size()
        scope = scope_of(self.op.operation_id, self.account_id, self.query)
        token = self.query.get("next_page_token")
        if token:
            after, total = self.server.page_tokens.decode(token, scope, self.page_token_error())
        elif first is not None and keys is not None and render is not None:
            after, total = 0, None
        else:
            after, total = 0, count()
        frags = None
        next_after = None
        if render is None:
            rows = prepared.all(self.conn, after=after, limit=size + 1, **params)
            last = (lambda r: getattr(r, key))  # noqa: E731
        else:
            if keys is not None:
                (row,), _ = (keys if total is not None else first).raw(
                    self.conn, one=True, after=after, limit=size + 1, **params)
                ids, versions, top, n, names = row[:5]
                if total is None:
                    total = row[5]
                if not n:
                    frags = []
                else:
                    ids, versions = ids.split(","), versions.split(",")
                    if len(ids) == len(versions) == n:  # else an id holding a comma (imported): read the rows
                        frags = render.lookup(zip(ids, versions, itertools.repeat(names, size),
                                                  strict=False))  # the first ``size``
                    if n > size:
                        # Integer keys: "after the 101st's key minus one" is "from the 101st on".
                        next_after = top - 1
            if frags is None:
                rows, decode = prepared.raw(self.conn, after=after, limit=size + 1, **params)
                at = prepared.index(self.conn, key)
                last = (lambda r: r[at])  # noqa: E731
        next_token = ""
        if frags is not None:
            rows = frags
            if next_after is not None:
                next_token = self.server.page_tokens.encode(scope, [next_after, total])
        else:
            if len(rows) > size:
                rows = rows[:size]
                next_token = self.server.page_tokens.encode(scope, [last(rows[-1]), total])
            if render is not None:
                keyof = prepared.getter(self.conn, render.key_names) if render.key_names else None
                rows = render.render(rows, decode, keyof)
        return rows, next_token, total, size

    def page_token_error(self) -> ApiError:
        doc = self.op.error_matching(r"next.page.token")
        if doc is not None:
            return ApiError(doc.status, doc.code, doc.message)
        return ApiError(400, 300, "The next page token is invalid or expired.")
