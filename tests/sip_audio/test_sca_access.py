"""Who may call SIP Connected Audio: a master account with the plan, on itself or its sub accounts.
And the scenario: a sub account gets a trunk and internal numbers, then is disassociated."""

from __future__ import annotations

import httpx
import pytest
from sca_helpers import NOT_ENROLLED, SCA, assert_error, internal, inventory, new_account, sca

OPERATIONS = [
    ("GET", "/callout_countries", None),
    ("POST", "/callout_countries", {"callout_countries": [{"id": "US"}]}),
    ("DELETE", "/callout_countries/US", None),
    ("GET", "/internal_numbers", None),
    ("POST", "/internal_numbers", {"internal_numbers": [internal("+12025550401")]}),
    ("DELETE", "/internal_numbers/some-id", None),
    ("DELETE", "/numbers", None),
    ("POST", "/numbers", {"phone_numbers": [{"number": "+12025550401"}]}),
    ("PATCH", "/settings", {"enable": True}),
    ("GET", "/trunks", None),
    ("POST", "/trunks", {"sip_trunks": [{"id": "x", "dnis": "18888001"}]}),
    ("DELETE", "/trunks/x", None),
    ("GET", "ROOT/sip_trunk/numbers", None),
]


def _call(client, method: str, path: str, body, base: str = SCA):  # noqa: ANN001, ANN202
    url = path.replace("ROOT", "") if path.startswith("ROOT") else f"{base}{path}"
    return client.request(method, url, json=body) if body is not None else client.request(method, url)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_a_master_without_the_plan_is_refused(server, client_of, method, path, body):
    master = new_account(server, name="No SCA plan")
    with client_of(master) as c:
        assert_error(_call(c, method, path, body), 400, 300, NOT_ENROLLED)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
def test_a_sub_account_is_refused(server, demo, client_of, method, path, body):
    # a sub account's apps cannot hold :master scopes by default; even one that does is refused
    r = httpx.post(f"{server.base}/_phonestack/apps",
                   json={"account_id": demo["sub_account_id"], "scopes": ["sip_trunk:master"]})
    assert r.status_code == 201, r.text
    with client_of(r.json()) as c:
        assert_error(_call(c, method, path, body), 400, 300, NOT_ENROLLED)


def test_a_sub_accounts_own_token_lacks_the_scope(sub_api):
    body = assert_error(sub_api.get(f"{SCA}/internal_numbers"), 400, 4700)
    assert "sip_trunk:master" in body["message"]


def test_a_token_without_the_scope(scoped_api):
    client = scoped_api(["sip_trunk:read:list_sip_trunks:master"])
    assert client.get(f"{SCA}/trunks").status_code == 200
    assert_error(client.get(f"{SCA}/internal_numbers"), 400, 4700)


@pytest.mark.parametrize(("method", "path", "body"), [op for op in OPERATIONS if not op[1].startswith("ROOT")])
def test_unknown_accounts(api, other_api, method, path, body):
    assert_error(_call(api, method, path, body, sca("no-such-account")), 404, 2001)
    # another tenant's account is not the demo master's to name
    assert_error(_call(api, method, path, body, sca(other_api.account_id)), 404, 2001)


def test_scenario_sub_account_with_a_trunk_and_internal_numbers(api, server, client_of, trunks):
    # a new sub account, made with the admin endpoint (the Accounts API is not in the contract)
    sub = new_account(server, name="Scenario Sub", parent_id=api.account_id)
    target = sca(sub["account_id"])
    r = api.post(f"{target}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "1888877"}]})
    assert r.status_code == 201, r.text
    assert api.patch(f"{target}/settings", json={"enable": True}).status_code == 204
    numbers = [internal("+12025550501", visible=True), internal("+12025550502", type=1)]
    r = api.post(f"{target}/internal_numbers", json={"internal_numbers": numbers})
    assert r.status_code == 201, r.text
    added = r.json()["internal_numbers"]
    # the master lists them, naming the sub account
    listed = api.get(f"{target}/internal_numbers").json()
    assert listed["total_records"] == 2 and listed["internal_numbers"] == added
    assert api.get(f"{SCA}/internal_numbers").json()["total_records"] == 0  # not the master's
    # they are the sub account's inventory (the master reads it through Number Management)
    held = inventory(api, sub["account_id"])
    assert {n: held[n]["source"] for n in ("+12025550501", "+12025550502")} == {
        "+12025550501": "ThirdPartyNumber", "+12025550502": "ThirdPartyNumber"}
    # the sub account itself may not call SIP Connected Audio (its token lacks the master scope)
    own = client_of(sub)
    assert_error(own.get(f"{SCA}/internal_numbers"), 400, 4700)
    assert own.get("/accounts/me/number_management/numbers").status_code == 400
    # disassociated: the master can no longer name it, its own token stops working
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{sub['account_id']}")
    assert r.status_code == 204, r.text
    assert_error(api.get(f"{target}/internal_numbers"), 404, 2001)
    assert_error(api.get(f"{target}/trunks"), 404, 2001)
    assert_error(api.post(f"{target}/internal_numbers", json={"internal_numbers": [internal("+12025550503")]}),
                 404, 2001)
    assert_error(own.get("/accounts/me/number_management/numbers"), 401, 124)
    token_r = httpx.post(f"{server.base}/oauth/token",
                         params={"grant_type": "account_credentials", "account_id": sub["account_id"]},
                         auth=(sub["client_id"], sub["client_secret"]))
    assert token_r.status_code != 200


def test_disassociate_admin_endpoint(server, api, demo):
    assert httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}").json()["code"] == 300
    assert httpx.delete(f"{server.base}/_phonestack/accounts/nope").status_code == 404
