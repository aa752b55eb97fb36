"""Downloads: the bytes behind the download and play URLs that API responses carry (audio items,
call recordings, voicemails, faxes, transcripts...).

An area registers a kind of file with a loader; responses link to ``file_url(ctx, kind, id)``,
i.e. ``{scheme://host}/v2/files/{kind}/{id}``. As with Zoom's download URLs, the request needs a
bearer token (``Authorization: Bearer ...`` or ``?access_token=...``) of the account that owns
the file, or of its master account; anyone else gets 404. ``Range: bytes=...`` is honoured so
that browsers can seek in audio.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..store import schema as t
from .errors import ApiError
from .request import header_map

if TYPE_CHECKING:
    from .app import Server
    from .context import Context

PREFIX = "/v2/files/"


@dataclass(slots=True)
class Blob:
    account_id: str  # the owner: the caller must be this account or its master
    content: bytes
    content_type: str = "application/octet-stream"
    filename: str | None = None


# kind -> loader(conn, file_id) -> Blob | None
Loader = Callable[[Connection, str], Blob | None]
LOADERS: dict[str, Loader] = {}


def register(kind: str) -> Callable[[Loader], Loader]:
    """``@register("audio")`` on ``def load(conn, file_id) -> Blob | None``."""

    def deco(fn: Loader) -> Loader:
        if kind in LOADERS and LOADERS[kind] is not fn:
            raise ValueError(f"two loaders for file kind {kind!r}")
        LOADERS[kind] = fn
        return fn

    return deco


def file_url(ctx: Context, kind: str, file_id: str) -> str:
    return f"{ctx.base_url}{PREFIX}{quote(kind)}/{quote(file_id, safe='')}"


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def serve(server: Server, scope: dict[str, Any], path: str) -> tuple[int, list, bytes]:
    if scope["method"] not in ("GET", "HEAD"):
        raise ApiError(405, 405, f"Method {scope['method']} is not allowed on this resource.")
    kind, _, file_id = path[len(PREFIX):].partition("/")
    headers = header_map(scope)
    auth = headers.get("authorization")
    if not auth:
        token = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("access_token")
        auth = f"Bearer {token}" if token else None
    principal = server.tokens.authenticate(auth)
    loader = LOADERS.get(kind)
    blob = None
    if loader is not None and file_id:
        def find(conn):  # noqa: ANN001, ANN202
            blob = loader(conn, file_id)
            if blob is not None and blob.account_id != principal.account_id:
                parent = conn.execute(
                    select(t.accounts.c.parent_id).where(t.accounts.c.id == blob.account_id)
                ).scalar_one_or_none()
                if not (principal.is_master and parent == principal.account_id):
                    return None
            return blob

        blob = server.read(find)  # the worker's read connection: survives a lost connection
    if blob is None:
        raise ApiError(404, 404, "File does not exist.")
    out = [(b"content-type", blob.content_type.encode()), (b"accept-ranges", b"bytes")]
    if blob.filename:
        out.append((b"content-disposition", f'inline; filename="{blob.filename}"'.encode()))
    body, status = blob.content, 200
    m = _RANGE.match(headers.get("range", ""))
    if m and (m.group(1) or m.group(2)) and body:
        size = len(body)
        if m.group(1):
            start, end = int(m.group(1)), int(m.group(2) or size - 1)
        else:  # the last N bytes
            start, end = max(size - int(m.group(2)), 0), size - 1
        end = min(end, size - 1)
        if start > end:
            return 416, [(b"content-range", f"bytes */{size}".encode())], b""
        body, status = body[start:end + 1], 206
        out.append((b"content-range", f"bytes {start}-{end}/{size}".encode()))
    return status, out, b"" if scope["method"] == "HEAD" else body
