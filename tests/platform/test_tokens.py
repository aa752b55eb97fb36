"""Bearer tokens refused: expired, revoked (secret rotated, tokens revoked, app deleted), tampered;
client secrets stored hashed. Every refusal is 401 with Zoom's code 124."""

from __future__ import annotations

import base64
import sqlite3
import time

import httpx
import orjson
import pytest

NUMBERS = "/v2/accounts/me/number_management/numbers"
INVALID = {"code": 124, "message": "Invalid access token."}


def _app(raw: httpx.Client, account_id: str, **body) -> dict:  # noqa: ANN003
    r = raw.post("/_phonestack/apps", json={"account_id": account_id, **body})
    assert r.status_code == 201, r.text
    return r.json()


def _token(raw: httpx.Client, app: dict) -> httpx.Response:
    return raw.post("/oauth/token", params={"grant_type": "account_credentials", "account_id": app["account_id"]},
                    auth=(app["client_id"], app["client_secret"]))


def _get(raw: httpx.Client, token: str, path: str = NUMBERS) -> httpx.Response:
    return raw.get(path, headers={"Authorization": f"Bearer {token}"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_token_expires_even_once_cached(raw, demo, monkeypatch):
    from phonestack.http import auth

    monkeypatch.setattr(auth, "TOKEN_TTL", 1)
    app = _app(raw, demo["account_id"])
    r = _token(raw, app)
    assert r.json()["expires_in"] == 1
    token = r.json()["access_token"]
    assert _get(raw, token).status_code == 200  # verified and cached
    time.sleep(1.2)
    r = _get(raw, token)
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Access token has expired."}


def test_rotating_the_secret_revokes_the_tokens(raw, demo):
    app = _app(raw, demo["account_id"])
    old = _token(raw, app).json()["access_token"]
    assert _get(raw, old).status_code == 200
    r = raw.post(f"/_phonestack/apps/{app['app_id']}/rotate_secret")
    assert r.status_code == 200, r.text
    rotated = r.json()
    assert rotated["client_id"] == app["client_id"] and rotated["client_secret"] != app["client_secret"]
    r = _get(raw, old)
    assert r.status_code == 401 and r.json() == INVALID
    # the old secret no longer gets a token; the new one does, and it works
    assert _token(raw, app).status_code == 401
    new = _token(raw, rotated)
    assert new.status_code == 200
    assert _get(raw, new.json()["access_token"]).status_code == 200


def test_revoking_tokens_keeps_the_secret(raw, demo):
    app = _app(raw, demo["account_id"])
    first = _token(raw, app).json()["access_token"]
    second = _token(raw, app).json()["access_token"]
    r = raw.post(f"/_phonestack/apps/{app['client_id']}/revoke_tokens")  # by client id
    assert r.status_code == 200, r.text
    for token in (first, second):
        assert _get(raw, token).json() == INVALID
    fresh = _token(raw, app).json()["access_token"]
    assert _get(raw, fresh).status_code == 200


def test_deleting_the_app_revokes_its_tokens_and_secret(raw, demo):
    app = _app(raw, demo["account_id"])
    token = _token(raw, app).json()["access_token"]
    assert _get(raw, token).status_code == 200
    assert raw.delete(f"/_phonestack/apps/{app['app_id']}").status_code == 204
    r = _get(raw, token)
    assert r.status_code == 401 and r.json() == INVALID
    assert _token(raw, app).json()["error"] == "invalid_client"
    assert raw.delete(f"/_phonestack/apps/{app['app_id']}").status_code == 404
    assert raw.post("/_phonestack/apps/nope/rotate_secret").status_code == 404
    assert raw.post(f"/_phonestack/apps/{app['client_id']}/launch").status_code == 404


def test_revocation_is_seen_by_another_worker_within_a_second(raw, demo, server):
    """Another process has its own cache: it re-reads the app at most a second later."""
    from phonestack.http.auth import APP_CACHE_TTL, TokenService

    app = _app(raw, demo["account_id"])
    token = _token(raw, app).json()["access_token"]
    other = TokenService(server.app.engine, server.app.tokens.key)  # as a second worker holds it
    assert other.authenticate(f"Bearer {token}").account_id == demo["account_id"]
    assert raw.post(f"/_phonestack/apps/{app['app_id']}/revoke_tokens").status_code == 200
    time.sleep(APP_CACHE_TTL + 0.1)
    from phonestack.http.errors import ApiError

    with pytest.raises(ApiError) as e:
        other.authenticate(f"Bearer {token}")
    assert (e.value.status, e.value.code) == (401, 124)


def test_tampered_tokens_are_refused(api, raw, other_api):
    good = api.token
    header, payload, sig = good.split(".")
    claims = _claims(good)
    flipped = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    tampered = {
        "one character of the payload changed": f"{header}.{flipped}.{sig}",
        "one character of the signature changed": f"{header}.{payload}.{sig[:5]}{'A' if sig[5] != 'A' else 'B'}{sig[6:]}",
        "signature stripped": f"{header}.{payload}.",
        "signature part removed": f"{header}.{payload}",
        "alg none": f"{_b64(orjson.dumps({'alg': 'none', 'typ': 'JWT'}))}.{payload}.",
        "claims re-signed with another key": ".".join((header, payload, _b64(b"x" * 32))),
        "another account's claims with A's signature": ".".join(
            (header, _b64(orjson.dumps({**claims, "aid": other_api.account_id})), sig)),
        "an expiry pushed a year ahead": ".".join(
            (header, _b64(orjson.dumps({**claims, "exp": claims["exp"] + 365 * 86400})), sig)),
        "empty": " ",
        "not base64": "%%%.%%%.%%%",
        "a huge token": "a" * 8000,
    }
    for what, token in tampered.items():
        r = raw.get(NUMBERS, headers={"Authorization": f"Bearer {token}".rstrip() or "Bearer"})
        assert r.status_code == 401, what
        assert r.json()["code"] == 124, what
    assert _get(raw, good).status_code == 200  # the original still works


def test_another_accounts_token_naming_a_foreign_account_is_refused(api, other_api):
    """A valid token of B on a path naming A's account: the account is unknown to B (2001, the
    documented not-found error for accounts), whatever the operation."""
    for path in (f"/accounts/{api.account_id}/number_management/numbers",
                 f"/accounts/{api.account_id}/sip_trunk/trunks",
                 f"/accounts/{api.account_id}"):
        r = other_api.get(path)
        assert r.status_code == 404, path
        assert r.json() == {"code": 2001, "message": "Account does not exist."} or r.json()["code"] == 2001


def test_client_secrets_are_stored_hashed(raw, server, demo):
    """No created or rotated client secret is in the database: not in the apps table, not in the
    state export, not anywhere in the SQLite file."""
    from sqlalchemy import select

    from phonestack.store import schema as t

    created = _app(raw, demo["account_id"])
    rotated = raw.post(f"/_phonestack/apps/{created['app_id']}/rotate_secret").json()
    account = raw.post("/_phonestack/accounts", json={"name": "Hashed"}).json()
    secrets = [created["client_secret"], rotated["client_secret"], account["client_secret"]]
    with server.app.engine.connect() as conn:
        stored = conn.execute(select(t.apps.c.client_secret_hash)).scalars().all()
    assert all(h.startswith("sha256$") and len(h.split("$")) == 3 for h in stored)
    state = raw.get("/_phonestack/state").text
    for secret in secrets:
        assert not any(secret in h for h in stored)
        assert secret not in state
    if server.database_url.startswith("sqlite:///"):
        path = server.database_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA wal_checkpoint(FULL)")
        content = open(path, "rb").read()  # noqa: SIM115
        for secret in secrets:
            assert secret.encode() not in content


def test_an_unchanged_app_keeps_its_principal_across_reloads_and_a_change_makes_a_new_one(raw, demo, server):
    """The app's record is re-read every second; while it is unchanged the token keeps the same
    Principal object (what the front door of kept answers checks, http/answers.py)."""
    from phonestack.http.auth import APP_CACHE_TTL, TokenService

    app = _app(raw, demo["account_id"])
    token = _token(raw, app).json()["access_token"]
    service = TokenService(server.app.engine, server.app.tokens.key)  # as another worker holds it
    first = service.authenticate(f"Bearer {token}")
    time.sleep(APP_CACHE_TTL + 0.1)
    assert service.authenticate(f"Bearer {token}") is first  # re-read, unchanged
    r = raw.patch(f"/_phonestack/accounts/{demo['account_id']}", json={"options": {"rate_limits": {"LIGHT": 50}}})
    assert r.status_code == 200, r.text
    time.sleep(APP_CACHE_TTL + 0.1)
    changed = service.authenticate(f"Bearer {token}")
    assert changed is not first and changed.rate_limits == {"LIGHT": 50}
    assert raw.patch(f"/_phonestack/accounts/{demo['account_id']}", json={"options": {"rate_limits": None}}).status_code == 200
