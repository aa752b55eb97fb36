"""``DELETE /_phonestack/accounts/{id}/users/{userId}``: offboarding a user frees its numbers."""

from __future__ import annotations

import httpx

NM = "/accounts/me/number_management"


def _user_numbers(api) -> list[dict]:  # noqa: ANN001
    numbers = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    return [n for n in numbers if n["assigned_list"] and n["assigned_list"][0].get("assigned_to_type") == "User"]


def test_deleting_a_user_frees_its_numbers(server, api, demo):
    held = _user_numbers(api)
    assert held, "the demo seed assigns numbers to users"
    number = held[0]
    user_id = number["assigned_list"][0]["assigned_to_id"]
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{user_id}")
    assert r.status_code == 204, r.text
    got = api.get(f"{NM}/numbers/{number['id']}").json()
    assert got["assigned_list"] == []
    assert all(n["assigned_list"][0]["assigned_to_id"] != user_id for n in _user_numbers(api))
    # gone: a second delete is a 404, as is a user of another account
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{user_id}")
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_a_user_of_another_account_is_not_found(server, api, demo):
    user_id = _user_numbers(api)[0]["assigned_list"][0]["assigned_to_id"]
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['sub_account_id']}/users/{user_id}")
    assert r.status_code == 404
    assert any(n["assigned_list"][0]["assigned_to_id"] == user_id for n in _user_numbers(api))
