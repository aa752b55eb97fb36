"""Sub accounts: a master lists, creates, reads and disassociates them over the API."""

from __future__ import annotations

import httpx

NEW = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@sub.example.com", "password": "s3cret-pass"}


def _token_for(server, account_id: str) -> str:  # noqa: ANN001
    r = httpx.post(f"{server.base}/_phonestack/apps", json={"account_id": account_id})
    assert r.status_code == 201, r.text
    app = r.json()
    return server.token(account_id, app["client_id"], app["client_secret"])


def test_list_get_create_and_disassociate(api, server, demo):
    listed = api.get("/accounts").json()
    assert [a["id"] for a in listed["accounts"]] == [demo["sub_account_id"]]
    assert listed["total_records"] == 1

    r = api.post("/accounts", json=NEW)
    assert r.status_code == 201
    new_id = r.json()["id"]
    assert r.json()["owner_email"] == "ada@sub.example.com"

    got = api.get(f"/accounts/{new_id}").json()
    assert got["account_name"] == "Ada Lovelace" and got["owner_email"] == "ada@sub.example.com"
    assert {a["id"] for a in api.get("/accounts").json()["accounts"]} == {demo["sub_account_id"], new_id}
    # the master reaches the new sub account's data
    assert api.get(f"/accounts/{new_id}/number_management/numbers").status_code == 200

    # the sub account's own token works until it is disassociated
    sub_token = _token_for(server, new_id)
    with type(api)(server, sub_token, new_id) as sub:  # the suite's contract-checking client
        assert sub.get("/accounts/me").status_code == 200
        assert api.delete(f"/accounts/{new_id}").status_code == 204
        r = sub.get("/accounts/me")
        assert r.status_code == 401 and r.json()["code"] == 124
    # and the master no longer reaches it
    for path in (f"/accounts/{new_id}", f"/accounts/{new_id}/number_management/numbers"):
        r = api.get(path)
        assert r.status_code == 404 and r.json() == {"code": 2001, "message": "Account does not exist."}
    assert new_id not in {a["id"] for a in api.get("/accounts").json()["accounts"]}
    assert api.delete(f"/accounts/{new_id}").status_code == 404


def test_create_validates_and_refuses_a_taken_email(api):
    r = api.post("/accounts", json={**NEW, "password": "short"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "password"
    r = api.post("/accounts", json={k: v for k, v in NEW.items() if k != "email"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "email"
    assert api.post("/accounts", json=NEW).status_code == 201
    r = api.post("/accounts", json=NEW)
    assert r.status_code == 409 and r.json()["code"] == 1005


def test_unknown_and_foreign_accounts_are_2001(api, other_api):
    for acct in ("noSuchAccount", other_api.account_id):
        r = api.get(f"/accounts/{acct}")
        assert r.status_code == 404 and r.json()["code"] == 2001
        assert api.delete(f"/accounts/{acct}").status_code == 404


def test_master_cannot_disassociate_itself(api):
    r = api.delete("/accounts/me")
    assert r.status_code == 400 and r.json()["code"] == 300


def test_sub_account_cannot_administer_accounts(sub_api, demo):
    # a sub account's app cannot hold the :master granular scopes; with the classic scope it
    # still is refused as a non-master
    r = sub_api.get("/accounts")
    assert r.status_code == 403 and r.json()["code"] == 200
    r = sub_api.post("/accounts", json=NEW)
    assert r.status_code == 403


def test_scopes_are_checked(scoped_api):
    client = scoped_api(["phone:read:admin"])
    r = client.get("/accounts")
    assert r.status_code == 400 and r.json()["code"] == 4700
    assert client.post("/accounts", json=NEW).status_code == 400
