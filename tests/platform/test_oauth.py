"""Server-to-Server OAuth at POST /oauth/token, and bearer tokens on the API."""

from __future__ import annotations

import base64
import time

import httpx
import orjson

NUMBERS = "/accounts/me/number_management/numbers"


def V2(raw: httpx.Client) -> str:  # noqa: N802
    return str(raw.base_url).rstrip("/") + "/v2"


def _token(raw: httpx.Client, demo: dict, **over) -> httpx.Response:
    params = {"grant_type": "account_credentials", "account_id": demo["account_id"]}
    params.update(over.pop("params", {}))
    auth = over.pop("auth", (demo["client_id"], demo["client_secret"]))
    return raw.post("/oauth/token", params=params, auth=auth, **over)


def test_token_issued_with_documented_fields(raw, demo):
    r = _token(raw, demo)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["api_url"] == str(raw.base_url).rstrip("/")
    assert "number_management_numbers:read:master" in body["scope"].split()
    assert body["access_token"].count(".") == 2  # a JWT
    # and it works on the API
    api = httpx.get(V2(raw) + NUMBERS, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert api.status_code == 200


def test_token_accepts_form_encoded_body(raw, demo):
    r = raw.post(
        "/oauth/token",
        data={"grant_type": "account_credentials", "account_id": demo["account_id"]},
        auth=(demo["client_id"], demo["client_secret"]),
    )
    assert r.status_code == 200, r.text


def test_wrong_secret_is_invalid_client(raw, demo):
    r = _token(raw, demo, auth=(demo["client_id"], "not-the-secret"))
    assert r.status_code == 401
    assert r.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_unknown_client_is_invalid_client(raw, demo):
    r = _token(raw, demo, auth=("nobody", "nothing"))
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


def test_missing_credentials_is_invalid_client(raw, demo):
    r = raw.post("/oauth/token", params={"grant_type": "account_credentials", "account_id": demo["account_id"]})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"


def test_malformed_basic_header(raw, demo):
    r = raw.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": demo["account_id"]},
        headers={"Authorization": "Basic %%%not-base64"},
    )
    assert r.status_code == 401


def test_bad_grant_type(raw, demo):
    r = _token(raw, demo, params={"grant_type": "password"})
    assert r.status_code == 400
    assert r.json()["error"] == "unsupported_grant_type"


def test_missing_grant_type(raw, demo):
    r = raw.post("/oauth/token", params={"account_id": demo["account_id"]}, auth=(demo["client_id"], demo["client_secret"]))
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_request"


def test_unknown_or_foreign_account_id(raw, demo):
    r = _token(raw, demo, params={"account_id": "doesNotExist"})
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_request"
    # the sub account exists, but this app belongs to the master
    r = _token(raw, demo, params={"account_id": demo["sub_account_id"]})
    assert r.status_code == 400


def test_missing_token_is_124(api, raw):
    r = httpx.get(V2(raw) + NUMBERS)
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Requires an access token."}


def test_malformed_and_tampered_tokens_are_124(api, raw):
    good = api.token
    header, payload, sig = good.split(".")
    claims = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["aid"] = "someone-else"
    forged = base64.urlsafe_b64encode(orjson.dumps(claims)).rstrip(b"=").decode()
    for bad in ("garbage", f"{header}.{forged}.{sig}", good[:-4] + "AAAA", "Basic abc"):
        r = httpx.get(V2(raw) + NUMBERS, headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401, bad
        assert r.json() == {"code": 124, "message": "Invalid access token."}
    r = httpx.get(V2(raw) + NUMBERS, headers={"Authorization": good})  # no scheme
    assert r.status_code == 401


def test_expired_token_is_124(api, server):
    app = server.app
    claims = app.tokens._decode(api.token)
    token, _ = app.tokens.issue(claims["app"], claims["aid"], claims["cid"], now=int(time.time()) - 7200)
    r = httpx.get(f"{server.base}/v2{NUMBERS}", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401
    assert r.json() == {"code": 124, "message": "Access token has expired."}


def test_tokens_of_a_reset_server_are_refused(api, server):
    # a reset recreates the apps: tokens of the old apps must no longer work
    before = api.get(NUMBERS)
    assert before.status_code == 200
    server.reset("demo")
    r = api.get(NUMBERS)
    assert r.status_code == 401
    assert r.json()["code"] == 124


def test_client_secret_is_stored_hashed(api, server, demo):
    from sqlalchemy import select

    from phonestack.store import schema as t

    with server.app.engine.connect() as conn:
        stored = conn.execute(select(t.apps.c.client_secret_hash).where(t.apps.c.client_id == demo["client_id"])).scalar_one()
    assert demo["client_secret"] not in stored
    assert stored.startswith("sha256$")
