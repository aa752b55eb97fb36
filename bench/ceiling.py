"""The ceiling: the least an ASGI app can do on this machine. It answers each (method, path)
of a recorded manifest with the very status and bytes phonestack answered for it (no routing,
auth, validation or database): what Python on this server stack costs per request.

``CEILING_MANIFEST`` names a JSON file: ``{"GET /v2/...?query": [status, "body file name"], ...}``.
"""

import json
import os
from pathlib import Path


def create():
    manifest = Path(os.environ["CEILING_MANIFEST"])
    answers = {}
    for key, (status, name) in json.loads(manifest.read_text()).items():
        body = (manifest.parent / name).read_bytes() if name else b""
        answers[key] = (status, body)
    headers = [(b"content-type", b"application/json;charset=UTF-8")]
    missing = (404, b'{"code":404,"message":"Not Found"}')

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        message = await receive()  # drain the request body, as any server must
        while message.get("more_body"):
            message = await receive()
        qs = scope.get("query_string", b"").decode("latin-1")
        status, body = answers.get(f"{scope['method']} {scope['path']}{'?' + qs if qs else ''}", missing)
        await send({"type": "http.response.start", "status": status, "headers": headers if body else []})
        await send({"type": "http.response.body", "body": body})

    return app
