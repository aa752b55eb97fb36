"""``/docs``: Swagger UI over ``/openapi.json``, with its assets served from the
swagger-ui-py package (no CDN: the page works offline)."""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import Server

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>phonestack API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
<link rel="icon" href="/docs/static/favicon-32x32.png">
</head><body>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  docExpansion: "none", defaultModelsExpandDepth: 0, filter: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout"
});
</script></body></html>"""


@cache
def _static_dir() -> Path | None:
    try:
        import swagger_ui
    except ImportError:
        return None
    return Path(swagger_ui.__file__).parent / "static"


class Docs:
    def __init__(self, server: Server) -> None:
        self.server = server

    def handle(self, path: str) -> tuple[int, list, bytes]:
        if path in ("/docs", "/docs/"):
            return 200, [(b"content-type", b"text/html; charset=utf-8")], PAGE
        name = path.removeprefix("/docs/static/")
        root = _static_dir()
        if root is None or name == path or "/" in name or name.startswith("."):
            return 404, [(b"content-type", b"text/plain")], b"not found"
        file = root / name
        if not file.is_file():
            return 404, [(b"content-type", b"text/plain")], b"not found"
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return 200, [(b"content-type", ctype.encode()), (b"cache-control", b"max-age=86400")], file.read_bytes()
