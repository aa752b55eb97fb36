"""Scopes, accounts, routing, validation errors, admin endpoints and docs."""

from __future__ import annotations

import httpx

from phonestack import spec
from phonestack.providers import load_providers

NUMBERS = "/accounts/me/number_management/numbers"


def test_scope_missing_is_4700_and_lists_the_scopes(scoped_api):
    client = scoped_api(["phone:read:admin"])
    r = client.get(NUMBERS)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == 4700
    assert "number_management_numbers:read:master" in body["message"]
    assert "number_management:read:list_numbers:master" in body["message"]


def test_classic_or_granular_scope_each_suffices(scoped_api):
    assert scoped_api(["number_management_numbers:read:master"]).get(NUMBERS).status_code == 200
    assert scoped_api(["number_management:read:list_numbers:master"]).get(NUMBERS).status_code == 200


def test_both_url_forms_serve_the_same_operation(api):
    a = api.get(NUMBERS, params={"page_size": 5}).json()
    b = api.get("/number_management/numbers", params={"page_size": 5}).json()
    c = api.get(f"/accounts/{api.account_id}/number_management/numbers", params={"page_size": 5}).json()
    assert a["numbers"] == b["numbers"] == c["numbers"]
    assert a["numbers"], "the demo seed has numbers"


def test_master_reaches_its_sub_account_but_not_others(api, sub_api, other_api, demo):
    r = api.get(f"/accounts/{demo['sub_account_id']}/number_management/numbers", params={"page_size": 100})
    assert r.status_code == 200
    sub_ids = {n["id"] for n in r.json()["numbers"]}
    own_ids = {n["id"] for n in api.get(NUMBERS, params={"page_size": 100}).json()["numbers"]}
    assert sub_ids and own_ids and not sub_ids & own_ids
    # Number Management scopes are ":master" scopes: a sub account's own app cannot hold them
    r = sub_api.get(NUMBERS)
    assert r.status_code == 400 and r.json()["code"] == 4700
    # another tenant's account id, and an id that does not exist: 2001, no data
    for acct in (other_api.account_id, "noSuchAccount"):
        r = api.get(f"/accounts/{acct}/number_management/numbers")
        assert r.status_code == 404
        assert r.json() == {"code": 2001, "message": "Account does not exist."}


def test_sub_account_cannot_reach_its_master(sub_api, demo):
    r = sub_api.get(f"/accounts/{demo['account_id']}/number_management/numbers")
    assert r.status_code in (400, 404)


def test_unknown_path_and_method(api):
    r = api.get("/phone/no_such_thing")
    assert r.status_code == 404
    assert r.json()["code"] == 404
    r = api.put(NUMBERS)
    assert r.status_code == 405


def test_every_operation_has_a_provider():
    providers = load_providers()
    assert [op.operation_id for op in spec.operations().values() if op.operation_id not in providers] == []


def test_an_operation_without_provider_answers_501_naming_it(api, server, monkeypatch):
    op = spec.operations()["listPhoneSites"]
    monkeypatch.delitem(server.app.providers, op.operation_id)
    r = api.get(op.path)
    assert r.status_code == 501
    assert r.json() == {"code": 501, "message": "listPhoneSites is not implemented yet"}


def test_malformed_json_body(api):
    r = api.patch(
        "/accounts/me/number_management/numbers/whatever",
        content=b'{"display_name": ',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json() == {"code": 300, "message": "Request Body should be a valid JSON object."}


def test_wrong_type_names_the_field(api):
    r = api.patch("/accounts/me/number_management/numbers/whatever", json={"display_name": 12})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == 300 and body["message"] == "Validation Failed."
    assert body["errors"][0]["field"] == "display_name"


def test_query_parameter_type_and_bounds(api):
    r = api.get(NUMBERS, params={"page_size": "many"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "page_size"
    r = api.get(NUMBERS, params={"page_size": 100000})
    assert r.status_code == 400


def test_body_too_large_is_413(api):
    r = api.patch(
        "/accounts/me/number_management/numbers/whatever",
        content=b'{"display_name": "' + b"x" * (3 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert r.json()["code"] == 413


def test_health_docs_and_openapi(raw):
    assert raw.get("/_phonestack/health").json()["status"] == "ok"
    page = raw.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    asset = raw.get("/docs/static/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 100_000
    assert raw.get("/docs/static/../../etc/passwd").status_code == 404
    doc = raw.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert len([1 for item in doc["paths"].values() for m in item if m in ("get", "post", "patch", "put", "delete")]) == 401
    # only what this server implements, for contract fuzzers
    mine = raw.get("/openapi.json", params={"implemented": "true"}).json()
    ops = {o["operationId"] for item in mine["paths"].values() for o in item.values()
           if isinstance(o, dict) and "operationId" in o}
    from phonestack.providers import load_providers

    assert ops == set(load_providers()) and "listNumberManagementPhoneNumbers" in ops
    assert mine["components"] == doc["components"]


def test_reset_to_empty_then_demo(server, raw):
    r = raw.post("/_phonestack/reset", json={"to": "empty"})
    assert r.status_code == 200
    r = raw.post("/_phonestack/reset", json={"to": "nonsense"})
    assert r.status_code == 400
    creds = server.reset("demo")
    token = server.token(creds["account_id"], creds["client_id"], creds["client_secret"])
    assert httpx.get(f"{server.base}/v2{NUMBERS}", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_state_export_import_roundtrip(api, server, raw):
    before = api.get(NUMBERS, params={"page_size": 100}).json()
    user = api.get("/phone/users", params={"page_size": 1}).json()["users"][0]
    audio = api.post(f"/phone/users/{user['id']}/audios", json={"audio_name": "Roundtrip", "text": "Hello there"})
    assert audio.status_code == 201, audio.text
    wav_url = f"{server.base}/v2/files/audio/{audio.json()['audio_id']}"
    wav = httpx.get(wav_url, headers={"Authorization": f"Bearer {api.token}"}).content
    state = raw.get("/_phonestack/state").json()
    assert state["format"] == "phonestack-state/1"
    assert len(state["tables"]["phone_numbers"]) >= len(before["numbers"])
    raw.post("/_phonestack/reset", json={"to": "empty"})
    r = raw.post("/_phonestack/state", json=state)
    assert r.status_code == 200, r.text
    assert r.json()["imported"]["phone_numbers"] == len(state["tables"]["phone_numbers"])
    after = api.get(NUMBERS, params={"page_size": 100}).json()
    assert after == before
    # binary columns (audio bytes) survive the JSON document byte for byte
    assert httpx.get(wav_url, headers={"Authorization": f"Bearer {api.token}"}).content == wav
    assert raw.post("/_phonestack/state", json={"format": "other"}).status_code == 400


def test_invalid_input_gets_the_operations_documented_code(api):
    # a filter outside its enum: List phone numbers documents 999 "Invalid value (...)"
    r = api.get(NUMBERS, params={"number_type": "Bogus"})
    assert r.status_code == 400
    assert r.json()["code"] == 999 and r.json()["errors"][0]["field"] == "number_type"
    # a missing required filter whose emptiness is documented: 1002006 "product cannot be empty"
    r = api.get("/accounts/me/number_management/plan")
    assert r.status_code == 400
    assert r.json() == {"code": 1002006, "message": "product cannot be empty",
                        "errors": [{"field": "product", "message": "This field is required."}]}
    # an array over its documented maximum: 1003 "Too many numbers, should less than 200"
    numbers = [{"phone_number": f"+1209555{i:04d}", "sip_trunk_name": "t", "status": True} for i in range(201)]
    r = api.post("/accounts/me/number_management/peering_numbers", json={"phone_numbers": numbers})
    assert r.status_code == 400
    assert r.json()["code"] == 1003
    # a missing member of an item is still a plain validation failure naming the field
    r = api.post("/accounts/me/number_management/peering_numbers",
                 json={"phone_numbers": [{"phone_number": "+12095550000", "status": True}]})
    assert r.status_code == 400
    assert r.json()["code"] == 300
    assert r.json()["errors"][0]["field"] == "phone_numbers[0].sip_trunk_name"
