"""Scopes, table-driven over the whole contract: for every operation,

- a token whose app holds every scope of the contract EXCEPT the operation's own gets the scope
  error (HTTP 400, code 4700 "Invalid access token, does not contain scopes:[...]." listing the
  operation's classic and granular scopes) and changes nothing (for writes, the state export is
  compared before and after);
- a token whose app holds exactly ONE of the operation's scopes (each of them in turn, classic
  and granular) passes the scope check: any answer but the scope error.

Zoom's error reference (../shared/api-docs/reference-errors.md) lists 4700 "Invalid access token,
does not contain scopes" without an HTTP status of its own and no operation documents it; the
real API answers it with 400, as phonestack does (a 401 would tell clients to fetch a new token,
which cannot help).

This module runs on a server of its own: the one-scope calls really run the operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from phonestack import spec
from phonestack.platform.accounts import all_scopes
from phonestack.store.state import export_state


def _harness(config: pytest.Config) -> Any:
    """The tests' root conftest (RunningServer, Api): ``from conftest import`` would find another
    folder's conftest.py when several folders run together."""
    return config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))


OPS = sorted(spec.operations().values(), key=lambda op: op.operation_id)
WRITE = {"POST", "PATCH", "PUT", "DELETE"}
EVERY_SCOPE = frozenset(all_scopes(master=True))


class Apps:
    """Apps of the demo master account with chosen scopes, one per scope set, and their tokens.
    Two clients serve every call (a fresh client per call costs more than the call): ``api``
    checks each answer against the contract, ``plain`` does not (for answers that are downloads)."""

    def __init__(self, harness: Any, server: Any, account_id: str) -> None:
        self.server = server
        self.account_id = account_id
        self.tokens: dict[frozenset[str], str] = {}
        self.plain = httpx.Client(base_url=server.base, timeout=30)
        self.api = harness.Api(server, None, account_id)

    def headers(self, scopes: frozenset[str]) -> dict[str, str]:
        token = self.tokens.get(scopes)
        if token is None:
            r = self.plain.post("/_phonestack/apps",
                                json={"account_id": self.account_id, "name": "Scope matrix", "scopes": sorted(scopes)})
            assert r.status_code == 201, r.text
            app = r.json()
            r = self.plain.post("/oauth/token", params={"grant_type": "account_credentials", "account_id": app["account_id"]},
                                auth=(app["client_id"], app["client_secret"]))
            assert r.status_code == 200, r.text
            token = self.tokens[scopes] = r.json()["access_token"]
        return {"Authorization": f"Bearer {token}"}

    def close(self) -> None:
        self.plain.close()
        self.api.close()


@pytest.fixture(scope="module")
def apps(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Apps]:
    server = _harness(request.config).RunningServer(tmp_path_factory)
    try:
        demo = server.reset("demo")
        a = Apps(_harness(request.config), server, demo["account_id"])
        yield a
        a.close()
    finally:
        server.stop()


def _path(op: spec.Operation) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "me" if m.group(1) == "accountId" else "scopeMatrixId", op.path)


def _query(op: spec.Operation) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in op.query_params:
        if p.required:
            s = p.schema
            out[p.name] = (str(s["enum"][0]) if s.get("enum") else
                           "2026-01-01" if p.name in ("from", "to") or s.get("format") == "date" else
                           "1" if "integer" in str(s.get("type")) else "x")
    return out


def _body(op: spec.Operation) -> Any:
    if op.body_schema is None:
        return None
    media = ((op.raw.get("requestBody") or {}).get("content") or {}).get("application/json")
    if media is None:
        return None
    example = media.get("example", (media.get("schema") or {}).get("example"))
    if example is None:
        return [] if op.body_schema.get("type") == "array" else {}
    return example


def _state(server: Any) -> bytes:
    return orjson.dumps(export_state(server.app.engine), option=orjson.OPT_SORT_KEYS)


def _is_scope_error(r: httpx.Response) -> bool:
    try:
        return r.status_code == 400 and r.json().get("code") == 4700
    except ValueError:  # a download (bytes): not the scope error
        return False


@pytest.mark.parametrize("op", OPS, ids=[op.operation_id for op in OPS])
def test_scopes_are_enforced(apps: Apps, op: spec.Operation) -> None:
    assert op.scopes, f"{op.operation_id}: the contract gives it no scope"
    # without any of the operation's scopes (but with every other one): refused, nothing changes
    lacking = apps.headers(EVERY_SCOPE - op.scopes)
    before = _state(apps.server) if op.method in WRITE else None
    r = apps.api.request(op.method, _path(op), params=_query(op), json=_body(op), headers=lacking)
    assert r.status_code == 400, f"{op.operation_id}: {r.status_code} {r.text[:200]}"
    listed = ", ".join((*op.classic_scopes, *op.granular_scopes))
    assert r.json() == {"code": 4700, "message": f"Invalid access token, does not contain scopes:[{listed}]."}
    if before is not None:
        assert _state(apps.server) == before, f"{op.operation_id}: refused, yet the state changed"
    # with exactly one of them (each in turn): past the scope check (a plain client: the answer
    # may be a download, and whether it is right is other tests' business)
    for scope in sorted(op.scopes):
        r = apps.plain.request(op.method, "/v2" + _path(op), params=_query(op), json=_body(op),
                               headers=apps.headers(frozenset({scope})))
        assert not _is_scope_error(r), f"{op.operation_id}: the scope {scope} alone is refused: {r.text[:200]}"
        assert r.status_code != 401 and r.status_code < 500, f"{op.operation_id} with {scope}: {r.status_code} {r.text[:200]}"
