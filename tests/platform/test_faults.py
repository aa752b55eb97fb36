"""Fault injection: an account's chosen operations fail at a chosen rate, changing nothing."""

from __future__ import annotations

import random

import httpx
import pytest

from phonestack.http.errors import ApiError
from phonestack.http.faults import maybe_fail

NUMBERS = "/accounts/me/number_management/numbers"


def _set(server, account_id: str, faults) -> httpx.Response:  # noqa: ANN001
    return httpx.patch(f"{server.base}/_phonestack/accounts/{account_id}", json={"options": {"faults": faults}})


def test_chosen_operation_fails_others_do_not(api, server):
    number = api.get(NUMBERS, params={"page_size": 1}).json()["numbers"][0]
    r = _set(server, api.account_id, {"status": 503, "rate": 1.0,
                                      "operations": ["listNumberManagementPhoneNumbers"]})
    assert r.status_code == 200, r.text
    r = api.get(NUMBERS)
    assert r.status_code == 503
    assert r.json() == {"code": 503, "message": "Service Unavailable"}
    assert r.headers["x-phonestack-fault"] == "injected" and r.headers["retry-after"] == "1"
    assert api.get(f"{NUMBERS}/{number['id']}").status_code == 200
    assert _set(server, api.account_id, None).status_code == 200
    assert api.get(NUMBERS).status_code == 200


def test_injected_failure_changes_nothing(api, server):
    number = api.get(NUMBERS, params={"page_size": 1}).json()["numbers"][0]
    _set(server, api.account_id, {"status": 500, "operations": ["updateNumberManagementPhoneNumber"]})
    r = api.patch(f"{NUMBERS}/{number['id']}", json={"display_name": "Changed"})
    assert r.status_code == 500 and r.json()["code"] == 500
    _set(server, api.account_id, None)
    assert api.get(f"{NUMBERS}/{number['id']}").json().get("display_name") == number.get("display_name")


def test_injected_429_looks_like_a_rate_limit(api, server):
    _set(server, api.account_id, {"status": 429, "rate": 1})
    r = api.get(NUMBERS)
    assert r.status_code == 429
    assert r.headers["retry-after"] == "1" and r.headers["x-ratelimit-remaining"] == "0"


def test_other_accounts_are_unaffected(api, server, other_api):
    _set(server, other_api.account_id, {"status": 503})
    assert other_api.get(NUMBERS).status_code == 503
    assert api.get(NUMBERS).status_code == 200


@pytest.mark.parametrize("bad", [{"status": 418}, {"rate": 2}, {"rate": "half"}, {"operations": "all"}, "x"])
def test_invalid_settings_are_refused(server, api, bad):
    r = _set(server, api.account_id, bad)
    assert r.status_code == 400
    assert api.get(NUMBERS).status_code == 200


def test_unknown_account(server):
    assert _set(server, "nobody", {"status": 503}).status_code == 404


def test_rate_is_a_probability():
    faults = {"status": 503, "rate": 0.3, "operations": ["*"]}
    rng = random.Random(7)
    failed = 0
    for _ in range(2000):
        try:
            maybe_fail(faults, "anything", rng)
        except ApiError:
            failed += 1
    assert 500 < failed < 700  # 30% of 2,000, give or take
    maybe_fail({**faults, "rate": 0.0}, "anything", rng)  # never fails
