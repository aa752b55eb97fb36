"""What every endpoint reads of an ASGI scope."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_to_bytes

from .errors import ApiError


def header_map(scope) -> dict[str, str]:  # noqa: ANN001
    """The request headers, names lower-cased (the last of repeated headers wins)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def base_url(scope, headers: dict[str, str]) -> str:  # noqa: ANN001
    """scheme://host as the client addressed this server (Host header, else the socket)."""
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


# --- hostile input: refused before anything reads the request --------------------------------

MAX_HEADERS = 200  # header lines per request
MAX_HEADER_BYTES = 64 * 1024  # names and values of all headers together


def screen(scope, max_body: int) -> None:  # noqa: ANN001
    """Refuse what no endpoint should process, before the body is read: too many or too large
    headers (431), a Content-Length over the body limit (413, at once instead of after reading
    it), a path that is not UTF-8 once percent-decoded or that holds a NUL (400)."""
    headers = scope["headers"]
    size = 0
    lengths = None
    for k, v in headers:  # one pass: this runs on every request
        size += len(k) + len(v)
        if k == b"content-length":
            lengths = [v] if lengths is None else [*lengths, v]
    if len(headers) > MAX_HEADERS or size > MAX_HEADER_BYTES:
        raise ApiError(431, 431, f"Request header fields are too large (limit {MAX_HEADERS} headers, "
                                 f"{MAX_HEADER_BYTES} bytes).")
    for length in lengths or ():
        if not length.isdigit():
            raise ApiError(400, 300, "Invalid Content-Length.")
        if int(length) > max_body:
            raise ApiError(413, 413, f"Request body is too large (limit {max_body} bytes).")
    raw_path = scope.get("raw_path") or b""
    if b"%" in raw_path:
        try:
            unquote_to_bytes(raw_path).decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(400, 300, "Invalid request path: not UTF-8.") from None
    if "\x00" in scope["path"]:
        raise ApiError(400, 300, "Invalid request path: NUL character.")


def query_pairs(qs: bytes) -> dict[str, str]:
    """The query string as {name: value} (the last of repeated names wins; blank values kept).
    Percent-escapes must decode to UTF-8 and no value may hold a NUL: otherwise 400."""
    try:
        pairs = parse_qsl(qs.decode("ascii"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, 300, "Validation Failed.",
                       [{"field": "query", "message": "The query string is not valid UTF-8."}]) from None
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            raise ApiError(400, 300, "Validation Failed.",
                           [{"field": name.replace("\x00", ""), "message": "NUL characters are not allowed."}])
    return dict(pairs)
