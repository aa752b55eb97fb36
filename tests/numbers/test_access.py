"""Accounts, URL forms and scopes across the Number Management operations."""

from __future__ import annotations

import pytest
from nm_helpers import NM, assert_error, numbers_of, pick


def test_both_url_forms(api):
    for path, params in (("numbers", {"page_size": 5}), ("sip_trunks", {}), ("sms_consent", {}),
                         ("plan", {"product": "ZOOM_PHONE"}), ("peering_numbers", {})):
        a = api.get(f"{NM}/{path}", params=params).json()
        b = api.get(f"/number_management/{path}", params=params).json()
        a.pop("next_page_token", None), b.pop("next_page_token", None)
        assert a == b
    n = numbers_of(api)[0]
    assert api.patch(f"/number_management/numbers/{n['id']}", json={"display_name": "Alias form"}).status_code == 204
    assert api.get(f"{NM}/numbers/{n['id']}").json()["display_name"] == "Alias form"


def test_master_acts_on_its_sub_account(api, demo, numbers):
    sub = f"/accounts/{demo['sub_account_id']}/number_management"
    sub_numbers = numbers_of(api, sub)
    assert sub_numbers and not {n["id"] for n in sub_numbers} & {n["id"] for n in numbers}
    assert {n["site"]["name"] for n in sub_numbers if "site" in n} == {"Sub Main Site"}
    target = pick(sub_numbers, lambda n: n["source"] == "Zoom" and not n["assigned_list"])
    assert api.patch(f"{sub}/numbers/{target['id']}", json={"display_name": "Sub line"}).status_code == 204
    assert api.get(f"{sub}/numbers/{target['id']}").json()["display_name"] == "Sub line"
    # the master's ids are not the sub account's, and the other way round
    assert_error(api.get(f"{sub}/numbers/{numbers[0]['id']}"), 404, 100002)
    assert_error(api.get(f"{NM}/numbers/{target['id']}"), 404, 100002)
    assert_error(api.delete(f"{sub}/numbers", params={"phone_numbers": numbers[0]["id"]}), 400, 100002)
    r = api.patch(f"{sub}/allocation", json={"numbers": [numbers[0]["id"]], "allocated_product": "ZOOM_PHONE"})
    assert_error(r, 400, 100002)
    # a site of the master is not a site of the sub account
    master_site = pick(numbers, lambda n: "site" in n)["site"]["site_id"]
    assert_error(api.get(f"{sub}/numbers", params={"site_id": master_site}), 400, 1002010)


def test_another_tenant_sees_nothing_of_the_demo(api, other_api, numbers):
    assert numbers_of(other_api) == []
    assert other_api.get(f"{NM}/sms_campaigns").json()["sms_campaigns"] == []
    assert other_api.get(f"{NM}/sms_consent").json()["sms_consent"] == []
    assert other_api.get(f"{NM}/sip_trunks").json()["byoc_sip_trunk"] == []
    assert other_api.get(f"{NM}/sip_groups", params={"product": "ZOOM_PHONE"}).json()["sip_groups"] == []
    assert other_api.get(f"{NM}/plan", params={"product": "ZOOM_PHONE"}).json()["plans"] == []
    n = numbers[0]
    assert_error(other_api.patch(f"{NM}/numbers/{n['id']}", json={"display_name": "pwned"}), 404, 100002)
    # the demo's account id is not theirs to name
    assert_error(other_api.get(f"/accounts/{api.account_id}/number_management/numbers"), 404, 2001)
    assert api.get(f"{NM}/numbers/{n['id']}").json() == n


def test_a_page_token_is_bound_to_its_account(api, demo):
    token = api.get(f"{NM}/numbers", params={"page_size": 2}).json()["next_page_token"]
    sub = f"/accounts/{demo['sub_account_id']}/number_management"
    assert_error(api.get(f"{sub}/numbers", params={"page_size": 2, "next_page_token": token}), 400, 1003100)


WRITES = [
    ("PATCH", "numbers/{id}", {"json": {"display_name": "nope"}}),
    ("DELETE", "numbers", {"params": {"phone_numbers": "{id}"}}),
    ("PATCH", "allocation", {"json": {"numbers": ["{id}"], "allocated_product": "UNALLOCATED"}}),
    ("POST", "byoc_numbers", {"json": {"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12095550100"]}}),
    ("POST", "sms_consent", {"json": {"consent_name": "x", "in_out_bound": {}, "status": True}}),
]


@pytest.mark.parametrize(("method", "path", "kw"), WRITES)
def test_read_only_token_cannot_write(scoped_api, api, numbers, method, path, kw):
    free = pick(numbers, lambda n: not n["assigned_list"] and n["source"] == "Zoom")
    client = scoped_api(["number_management_numbers:read:master"])
    assert client.get(f"{NM}/numbers/{free['id']}").status_code == 200
    fill = {k: _fill(v, free["id"]) for k, v in kw.items()}
    r = client.request(method, f"{NM}/{path.format(id=free['id'])}", **fill)
    body = assert_error(r, 400, 4700)
    assert "number_management_numbers:write:master" in body["message"]
    assert numbers_of(api) == numbers


def _fill(value, number_id):
    if isinstance(value, str):
        return value.replace("{id}", number_id)
    if isinstance(value, list):
        return [_fill(v, number_id) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, number_id) for k, v in value.items()}
    return value


def test_granular_scopes(scoped_api):
    client = scoped_api(["number_management:read:list_numbers:master"])
    assert client.get(f"{NM}/numbers").status_code == 200
    assert_error(client.get(f"{NM}/sip_trunks"), 400, 4700)


def test_bad_json_and_wrong_types_are_300(api):
    r = api.post(f"{NM}/byoc_numbers", content=b'{"allocated_product": ', headers={"content-type": "application/json"})
    body = assert_error(r, 400, 300)
    assert body["message"] == "Request Body should be a valid JSON object."
    r = api.post(f"{NM}/byoc_numbers", json=["not", "an", "object"])
    assert_error(r, 400, 300)
    body = assert_error(api.post(f"{NM}/byoc_numbers", json={"allocated_product": "ZOOM_PHONE",
                                                             "phone_numbers": "+12095550100"}), 400, 300)
    assert body["errors"][0]["field"] == "phone_numbers"
    body = assert_error(api.patch(f"{NM}/peering_numbers", json={"phone_numbers": [{"phone_number": 12}]}), 400, 300)
    assert body["errors"][0]["field"].startswith("phone_numbers")
    body = assert_error(api.get(f"{NM}/numbers", params={"page_size": "many"}), 400, 300)
    assert body["errors"][0]["field"] == "page_size"
    body = assert_error(api.get(f"{NM}/numbers", params={"page_size": 101}), 400, 300)
    assert body["errors"][0]["field"] == "page_size"
