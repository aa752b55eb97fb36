"""Hostile input matrix: every row answers a clear 4xx (with Zoom's ``{code, message}`` body where
the request reaches phonestack) and changes nothing (the whole state export is compared before and
after the row); the server keeps serving afterwards.

The base request of the body rows is a VALID "Create a phone site" body (accepted: see the last
test), so each row's refusal comes from its one hostile change. Rows that HTTP clients refuse to
send (lying Content-Length, literal ``../``, huge headers, raw bytes) go through a raw socket.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from phonestack.http.app import MAX_BODY
from phonestack.store.state import export_state


def _harness(config: pytest.Config) -> Any:
    """The tests' root conftest (RunningServer, Api): ``from conftest import`` would find another
    folder's conftest.py when several folders run together."""
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))


SITE = {
    "name": "Hostile Site", "auto_receptionist_name": "Hostile AR", "site_code": 7, "short_extension": {"length": 4},
    "default_emergency_address": {"address_line1": "55 Almaden Boulevard", "city": "SAN JOSE", "country": "US",
                                  "state_code": "CA", "zip": "95113"},
}


def _site(**change: Any) -> bytes:
    return orjson.dumps({**SITE, **change})


def _nested(depth: int, obj: bool) -> bytes:
    return (b'{"a":' * depth + b"1" + b"}" * depth) if obj else (b"[" * depth + b"]" * depth)


@dataclass
class Row:
    method: str
    path: str  # under /v2 unless it starts with "/" twice (then from the root)
    status: tuple[int, ...] = (400,)
    body: bytes | None = None
    params: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # a raw HTTP request (the token is put in for {token})
    zoom_body: bool = True  # the answer is Zoom's {code, message} (False: the HTTP parser answered)
    chunked: bool = False


JSON = {"content-type": "application/json"}
LIST = "/phone/users"
SITES = "/phone/sites"

ROWS: dict[str, Row] = {
    # --- body size -----------------------------------------------------------------------------
    "body over the limit": Row("POST", SITES, (413,), b" " * (MAX_BODY + 1), headers=JSON),
    "chunked body over the limit": Row("POST", SITES, (413,), b"x" * (MAX_BODY + 1), headers=JSON, chunked=True),
    "Content-Length far over the limit, body not sent": Row("POST", SITES, (413,), raw=(
        b"POST /v2/phone/sites HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {token}\r\n"
        b"Content-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{}")),
    "Content-Length shorter than the body": Row("POST", SITES, (400,), zoom_body=False, raw=(
        b"POST /v2/phone/sites HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {token}\r\n"
        b"Content-Type: application/json\r\nContent-Length: 9\r\n\r\n" + _site())),
    # --- JSON ----------------------------------------------------------------------------------
    "10,000 nested arrays": Row("POST", SITES, body=_nested(10_000, obj=False), headers=JSON),
    "10,000 nested objects": Row("POST", SITES, body=_nested(10_000, obj=True), headers=JSON),
    "1,000 nested objects (under the parser's limit)": Row("POST", SITES, body=_nested(1_000, obj=True), headers=JSON),
    "invalid UTF-8 in the body": Row("POST", SITES, body=_site(name="x").replace(b'"x"', b'"\xff\xfe"'), headers=JSON),
    "a lone surrogate in a \\u escape": Row("POST", SITES, body=_site(name="x").replace(b'"x"', b'"\\ud800"'),
                                            headers=JSON),
    "a reversed surrogate pair": Row("POST", SITES, body=_site(name="x").replace(b'"x"', b'"\\udc00\\ud800"'),
                                     headers=JSON),
    "a NUL in a string": Row("POST", SITES, body=_site(name="a\x00b"), headers=JSON),
    "a NUL in a key": Row("POST", SITES, body=orjson.dumps({**SITE, "na\x00me": "x"}), headers=JSON),
    "a NUL byte, unescaped": Row("POST", SITES, body=_site(name="x").replace(b'"x"', b'"a\x00b"'), headers=JSON),
    "an array where an object is required": Row("POST", SITES, body=b"[1, 2]", headers=JSON),
    "a string where an object is required": Row("POST", SITES, body=b'"site"', headers=JSON),
    "null where an object is required": Row("POST", SITES, body=b"null", headers=JSON),
    "duplicate keys": Row("POST", SITES, body=_site()[:-1] + b', "name": "Other"}', headers=JSON),
    "an integer beyond int64": Row("POST", SITES, body=_site(site_code=2**64 - 1), headers=JSON),
    "an integer beyond uint64": Row("POST", SITES, body=_site(site_code=7).replace(b'"site_code":7', b'"site_code":' + b"9" * 30),
                                    headers=JSON),
    "a float where an integer is documented": Row("POST", SITES, body=_site(site_code=2.5), headers=JSON),
    "a string where an integer is documented": Row("POST", SITES, body=_site(site_code="7"), headers=JSON),
    "a form-encoded body": Row("POST", SITES, body=b"name=Hostile+Site&site_code=7",
                               headers={"content-type": "application/x-www-form-urlencoded"}),
    "an XML body": Row("POST", SITES, body=b"<site><name>Hostile</name></site>", headers={"content-type": "application/xml"}),
    "no body where one is required": Row("POST", SITES, body=b"", headers=JSON),
    "truncated JSON": Row("POST", SITES, body=_site()[:-5], headers=JSON),
    # --- query ---------------------------------------------------------------------------------
    "page_size 10**12": Row("GET", LIST, params={"page_size": 10**12}),
    "page_size 10**30": Row("GET", LIST, params={"page_size": 10**30}),
    "page_size -1": Row("GET", LIST, params={"page_size": -1}),
    "page_size 0": Row("GET", LIST, params={"page_size": 0}),
    "page_size abc": Row("GET", LIST, params={"page_size": "abc"}),
    "page_size 1_0": Row("GET", LIST, params={"page_size": "1_0"}),
    "page_size in Arabic-Indic digits": Row("GET", LIST, params={"page_size": "\u0661\u0662"}),
    "an integer filter beyond int64": Row("GET", LIST, params={"calling_type": 2**70}),
    "a huge next_page_token": Row("GET", LIST, params={"next_page_token": "A" * 60_000}),
    "a forged next_page_token": Row("GET", LIST, params={"next_page_token": "eyJzIjoieCJ9.AAAAAAAAAAAAAAAAAAAAAA"}),
    "invalid UTF-8 in the query": Row("GET", LIST + "?keyword=%FF%FE"),
    "a NUL in a query value": Row("GET", LIST, params={"keyword": "a\x00b"}),
    "raw non-ASCII bytes in the query": Row("GET", LIST, (400,), zoom_body=False,
                                            raw=b"GET /v2/phone/users?keyword=\xff HTTP/1.1\r\nHost: t\r\n"
                                                b"Authorization: Bearer {token}\r\n\r\n"),
    # --- ids in the path -----------------------------------------------------------------------
    "SQL in an id: OR '1'='1": Row("GET", "/phone/users/1' OR '1'='1", (404,)),
    "SQL in an id: DROP TABLE": Row("GET", "/phone/users/; DROP TABLE numbers;--", (404,)),
    "SQL in an id of a DELETE": Row("DELETE", "/phone/sites/x' OR '1'='1", (400, 404)),
    "SQL in an id of a PATCH": Row("PATCH", "/phone/sites/; DROP TABLE sites;--", (400, 404), b'{"name": "x"}', headers=JSON),
    "a traversal in an id (encoded)": Row("GET", "/phone/users/..%2F..%2Fetc%2Fpasswd", (404,)),
    "a traversal in an id (literal)": Row("GET", LIST, (404,), raw=b"GET /v2/phone/users/../../../etc/passwd HTTP/1.1\r\n"
                                                                 b"Host: t\r\nAuthorization: Bearer {token}\r\n\r\n"),
    "a NUL in an id": Row("GET", "/phone/users/abc%00def"),
    "a bare %00 id": Row("DELETE", "/phone/sites/%00"),
    "invalid UTF-8 in an id": Row("GET", "/phone/users/%FF%FE"),
    "an overlong UTF-8 encoding in an id": Row("GET", "/phone/users/%C0%AE%C0%AE"),
    "a 60 KB id": Row("GET", "/phone/users/" + "a" * 60_000, (404,)),
    "a 100 KB id (over the HTTP parser's limit)": Row("GET", LIST, (400,), zoom_body=False, raw=(
        b"GET /v2/phone/users/" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {token}\r\n\r\n")),
    # --- file downloads ------------------------------------------------------------------------
    "a traversal in a file id (encoded)": Row("GET", "/files/audio/..%2F..%2F..%2Fetc%2Fpasswd", (404,)),
    "a traversal in a file kind (literal)": Row("GET", LIST, (404,), raw=b"GET /v2/files/../../etc/passwd HTTP/1.1\r\n"
                                                                      b"Host: t\r\nAuthorization: Bearer {token}\r\n\r\n"),
    "a traversal in a file id (literal)": Row("GET", LIST, (404,), raw=b"GET /v2/files/audio/../../../etc/passwd HTTP/1.1\r\n"
                                                                    b"Host: t\r\nAuthorization: Bearer {token}\r\n\r\n"),
    "a NUL in a file id": Row("GET", "/files/audio/x%00.wav"),
    "SQL in a file id": Row("GET", "/files/voicemail/1' OR '1'='1", (404,)),
    # --- headers -------------------------------------------------------------------------------
    "a 200 KB header": Row("GET", LIST, (431,), raw=b"GET /v2/phone/users HTTP/1.1\r\nHost: t\r\nX-Long: " + b"a" * 200_000
                           + b"\r\nAuthorization: Bearer {token}\r\n\r\n"),
    "5,000 headers": Row("GET", LIST, (431,), raw=b"GET /v2/phone/users HTTP/1.1\r\nHost: t\r\n"
                         + b"".join(b"X-H%d: v\r\n" % i for i in range(5000)) + b"Authorization: Bearer {token}\r\n\r\n"),
    "a 10 KB bearer token": Row("GET", LIST, (401,), headers={"authorization": "Bearer " + "a" * 10_000}),
}


class Target:
    def __init__(self, server: Any, token: str) -> None:
        self.server = server
        self.token = token
        self.client = httpx.Client(base_url=f"{server.base}/v2", timeout=30,
                                   headers={"Authorization": f"Bearer {token}"})

    def state(self) -> bytes:
        return orjson.dumps(export_state(self.server.app.engine), option=orjson.OPT_SORT_KEYS)

    def send_raw(self, data: bytes) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(data.replace(b"{token}", self.token.encode()))
            out = b""
            while b"\r\n\r\n" not in out:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
            head, _, rest = out.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            while length is not None and len(rest) < length:
                chunk = s.recv(65536)
                if not chunk:
                    break
                rest += chunk
            if b"transfer-encoding: chunked" in head.lower():  # one chunk: phonestack sends bodies whole
                size, _, data_part = rest.partition(b"\r\n")
                while len(data_part) < int(size, 16):
                    more = s.recv(65536)
                    if not more:
                        break
                    data_part += more
                rest = data_part[: int(size, 16)]
        return int(head.split(b" ")[1]), rest


@pytest.fixture(scope="module")
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    server = _harness(request.config).RunningServer(tmp_path_factory)
    try:
        demo = server.reset("demo")
        t = Target(server, server.token(demo["account_id"], demo["client_id"], demo["client_secret"]))
        yield t
        t.client.close()
    finally:
        server.stop()


def _send(t: Target, row: Row) -> tuple[int, bytes]:
    if row.raw is not None:
        return t.send_raw(row.raw)
    content: Any = row.body
    if row.chunked and row.body is not None:
        body = row.body
        content = (body[i:i + 65536] for i in range(0, len(body), 65536))
    r = t.client.request(row.method, row.path, params=row.params, content=content, headers=row.headers)
    return r.status_code, r.content


@pytest.mark.parametrize("name", list(ROWS))
def test_hostile_input_is_refused_and_changes_nothing(target: Target, name: str) -> None:
    row = ROWS[name]
    before = target.state()
    status, body = _send(target, row)
    assert status in row.status, f"{name}: {status} {body[:300]!r}"
    if row.zoom_body:
        doc = orjson.loads(body)
        assert isinstance(doc, dict) and isinstance(doc.get("code"), int) and isinstance(doc.get("message"), str), body
        assert set(doc) <= {"code", "message", "errors"}, body
    assert target.state() == before, f"{name}: the state changed"
    # and the server still serves
    assert target.client.get(LIST, params={"page_size": 1}).status_code == 200


def test_sql_in_a_search_value_is_just_text(target: Target) -> None:
    """A keyword is text to search for: SQL in it matches nothing, and changes nothing."""
    before = target.state()
    for keyword in ("x' OR 'x'='x", "'; DROP TABLE extensions;--", '" OR ""="', "%", "_", "\\"):
        r = target.client.get(LIST, params={"keyword": keyword})
        assert r.status_code == 200, r.text
        assert r.json()["total_records"] == 0, keyword
    assert target.state() == before


def test_the_valid_base_body_is_accepted(target: Target) -> None:
    """The rows above differ from an accepted request by their one hostile change."""
    r = target.client.post(SITES, content=_site(), headers=JSON)
    assert r.status_code == 201, r.text
    # and a JSON body without a Content-Type is read as JSON (curl -d sends form-encoded)
    r = target.client.post(SITES, content=_site(name="Hostile Site 2", site_code=8))
    assert r.status_code == 201, r.text
