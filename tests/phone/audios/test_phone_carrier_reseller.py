"""Carrier reseller numbers: the carrier's view of the numbers it provides to its sub accounts."""

from __future__ import annotations

from typing import Any

URL = "/phone/carrier_reseller/numbers"
NM = "/accounts/me/number_management"


def _all(api) -> list[dict[str, Any]]:  # noqa: ANN001
    out, token = [], ""
    while True:
        r = api.get(URL, params={"page_size": 5, **({"next_page_token": token} if token else {})})
        assert r.status_code == 200, r.text
        out += r.json()["carrier_reseller_numbers"]
        token = r.json()["next_page_token"]
        if not token:
            return out


def _by_number(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {n["phone_number"]: n for n in _all(api)}


def test_list_spans_the_pool_and_the_sub_accounts(api, sub_api):
    numbers = _all(api)
    assert len(numbers) == api.get(URL).json()["total_records"] >= 8
    assert {n["carrier_code"] for n in numbers} == {9998}
    statuses = {n["assigned_status"] for n in numbers}
    assert {"assigned", "unassigned"} <= statuses
    assert {"active", "inactive"} <= {n["status"] for n in numbers}
    sub_numbers = {n["number"] for n in api.get(f"/accounts/{sub_api.account_id}/number_management/numbers",
                                                 params={"page_size": 100}).json()["numbers"]}
    for n in numbers:
        if n["assigned_status"] == "assigned":
            assert n["sub_account_id"] == sub_api.account_id and n["sub_account_name"]
            assert n["phone_number"] in sub_numbers
        else:
            assert n["sub_account_id"] is None


def test_not_a_carrier_reseller(other_api, sub_api):
    for client in (other_api, sub_api):
        r = client.get(URL)
        assert r.status_code == 400 and r.json() == {"code": 400, "message": "This account is not a Carrier Reseller."}
        r = client.post(URL, json=[{"phone_number": "+12059535689"}])
        assert r.status_code == 400 and r.json()["code"] == 400


def test_create_activate_and_delete(api):
    r = api.post(URL, json=[{"phone_number": "+12059535689"}, {"phone_number": "+12059535690", "status": "active"},
                            {"phone_number": "+442071838750", "status": None}])
    assert r.status_code == 201 and not r.content, r.text
    got = _by_number(api)
    assert got["+12059535689"] == {"phone_number": "+12059535689", "carrier_code": 9998, "country_iso_code": "US",
                                   "status": "inactive", "assigned_status": "unassigned", "sub_account_id": None,
                                   "sub_account_name": None}
    assert got["+12059535690"]["status"] == "active"
    assert got["+442071838750"]["country_iso_code"] == "GB"
    # the numbers are the account's inventory (Number Management), pending until activated
    nm = {n["number"]: n for n in api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]}
    assert nm["+12059535689"]["status"] == "Pending" and nm["+12059535690"]["status"] == "Normal"
    assert nm["+12059535689"]["carrier"]["code"] == 9998
    assert api.patch(URL, json=["+12059535689", "+12059535690"]).status_code == 204
    assert _by_number(api)["+12059535689"]["status"] == "active"
    nm_one = api.get(f"{NM}/numbers/{nm['+12059535689']['id']}").json()
    assert nm_one["status"] == "Normal"
    # delete (the path may carry the number without its "+")
    assert api.delete(f"{URL}/+12059535689").status_code == 204
    assert api.delete(f"{URL}/12059535690").status_code == 204
    got = _by_number(api)
    assert "+12059535689" not in got and "+12059535690" not in got
    assert api.get(f"{NM}/numbers/{nm['+12059535689']['id']}").status_code == 404
    r = api.delete(f"{URL}/+12059535689")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Phone number does not exists: +12059535689."}


def test_create_errors_change_nothing(api):
    before = _all(api)
    existing = before[0]["phone_number"]
    cases = [
        ([{"phone_number": "12345"}], "Invalid phone number: 12345."),
        ([{"phone_number": "+12059535689", "status": "broken"}], None),  # outside the contract's enum
        ([{"phone_number": "+9991234567"}], "Unable to recognize country: +9991234567."),
        ([{"phone_number": "+12059535689"}, {"phone_number": existing}], f"Phone number already exists: {existing}."),
        ([{"phone_number": "+12059535689"}, {"phone_number": "+12059535689"}],
         "Phone number already exists: +12059535689."),
    ]
    for body, message in cases:
        r = api.post(URL, json=body)
        assert r.status_code == 400 and r.json()["code"] == 300, (body, r.text)
        if message:
            assert r.json()["message"] == message
    r = api.post(URL, json=[{"phone_number": f"+1205953{i:04d}"} for i in range(201)])
    assert r.status_code == 400 and r.json()["code"] in (300, 429)
    assert _all(api) == before


def test_activate_errors(api):
    r = api.patch(URL, json=["+12059530000"])
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Phone number does not exists: +12059530000."}
    other = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    plain = next(n["number"] for n in other if "carrier" not in n)  # not a number of this carrier
    r = api.patch(URL, json=[plain])
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.patch(URL, json=[f"+1205953{i:04d}" for i in range(201)])
    assert r.status_code == 400 and r.json()["code"] in (300, 429)


def test_delete_a_sub_account_number_returns_it_to_the_pool(api, sub_api):
    assigned = next(n for n in _all(api) if n["assigned_status"] == "assigned")
    assert api.delete(f"{URL}/{assigned['phone_number']}").status_code == 204
    back = _by_number(api)[assigned["phone_number"]]
    assert back["assigned_status"] == "returned" and back["sub_account_id"] is None
    sub_numbers = {n["number"] for n in api.get(f"/accounts/{sub_api.account_id}/number_management/numbers",
                                                 params={"page_size": 100}).json()["numbers"]}
    assert assigned["phone_number"] not in sub_numbers
    # a second delete removes it from the pool
    assert api.delete(f"{URL}/{assigned['phone_number']}").status_code == 204
    assert assigned["phone_number"] not in _by_number(api)


def test_reseller_scopes(scoped_api):
    client = scoped_api(["phone:read:admin"])
    r = client.post(URL, json=[{"phone_number": "+12059535689"}])
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_richer_pool(api):
    """carriers.seed.pool() (not in the demo seed) adds inactive, active and returned pool numbers."""
    from sqlalchemy import create_engine

    from phonestack.phone.carriers.seed import pool
    from phonestack.store.db import normalise_url

    before = len(_all(api))
    engine = create_engine(normalise_url(api.server.database_url))
    try:
        with engine.begin() as conn:
            pool(conn, api.account_id)
    finally:
        engine.dispose()
    numbers = _all(api)
    assert len(numbers) == before + 4
    assert sum(n["assigned_status"] == "returned" for n in numbers) == 1
    new_inactive = [n for n in numbers if n["status"] == "inactive" and n["phone_number"].startswith("+1720")]
    assert len(new_inactive) == 2
    assert api.patch(URL, json=[n["phone_number"] for n in new_inactive]).status_code == 204
    assert all(_by_number(api)[n["phone_number"]]["status"] == "active" for n in new_inactive)
