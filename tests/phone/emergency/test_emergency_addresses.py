"""Emergency addresses: company (per site) and personal (per user) addresses, defaults, filters."""

from __future__ import annotations

from typing import Any

import pytest

EA = "/phone/emergency_addresses"
NEW = {"address_line1": "100 Market St", "address_line2": "Suite 300", "city": "San Francisco",
       "state_code": "ca", "zip": "94105", "country": "us"}


def error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def addresses(api, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    out, token = [], ""
    while True:
        body = api.get(EA, params={"page_size": 100, "next_page_token": token, **params}).json()
        out += body["emergency_addresses"]
        token = body["next_page_token"]
        if not token:
            return out


def defaults_by_site(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {a["site"]["id"]: a for a in addresses(api, level=0) if a["is_default"]}


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    body = api.get("/phone/numbers", params={"type": "assigned", "extension_type": "user", "page_size": 100}).json()
    out: dict[str, dict[str, Any]] = {}
    for n in body["phone_numbers"]:
        out.setdefault(n["assignee"]["id"], n["assignee"])
    return list(out.values())


@pytest.fixture
def site(api) -> dict[str, Any]:  # noqa: ANN001
    """A site whose default address no location uses."""
    used = {loc["emergency_address"]["id"] for loc in api.get("/phone/locations").json()["locations"]}
    return next(a for a in defaults_by_site(api).values() if a["id"] not in used)["site"]


def test_seed_has_one_default_company_address_per_site_and_personal_ones(api, sub_api):
    company = addresses(api, level=0)
    per_site: dict[str, int] = {}
    for a in company:
        assert a["level"] == 0 and "owner" not in a and a["status"] == 1
        per_site[a["site"]["id"]] = per_site.get(a["site"]["id"], 0) + a["is_default"]
    assert len(per_site) >= 3 and set(per_site.values()) == {1}
    personal = addresses(api, level=1)
    assert personal and all(a["owner"]["id"] and isinstance(a["owner"]["extension_number"], int) for a in personal)
    assert {a["id"] for a in company} | {a["id"] for a in personal} == {a["id"] for a in addresses(api)}
    sub = addresses(sub_api)
    assert sub and not {a["id"] for a in sub} & {a["id"] for a in company + personal}
    page = api.get(EA, params={"page_size": 2}).json()
    assert len(page["emergency_addresses"]) == 2 and page["next_page_token"] and page["total_records"] >= 5


def test_add_company_address_then_read_back_and_make_it_default(api, site):
    old_default = defaults_by_site(api)[site["id"]]
    r = api.post(EA, json={**NEW, "site_id": site["id"]})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["country"] == "US" and made["state_code"] == "CA" and made["zip"] == "94105"
    assert made["is_default"] is False and made["level"] == 0 and made["site"] == site
    got = api.get(f"{EA}/{made['id']}").json()
    assert got == made
    # setting the new one as default clears the old default of the site, in one request
    r = api.patch(f"{EA}/{made['id']}", json={"is_default": True, "address_line2": "Floor 4"})
    assert r.status_code == 200, r.text
    assert r.json()["is_default"] is True and r.json()["address_line2"] == "Floor 4"
    assert api.get(f"{EA}/{old_default['id']}").json()["is_default"] is False
    assert defaults_by_site(api)[site["id"]]["id"] == made["id"]
    # a site keeps a default: un-defaulting it directly is refused
    error(api.patch(f"{EA}/{made['id']}", json={"is_default": False}), 400, 300)
    # ... and the default cannot be deleted, the old one now can
    error(api.delete(f"{EA}/{made['id']}"), 400, 300)
    assert api.delete(f"{EA}/{old_default['id']}").status_code == 204
    error(api.get(f"{EA}/{old_default['id']}"), 400, 400)


def test_new_default_on_add_clears_the_old_one(api, site):
    old = defaults_by_site(api)[site["id"]]
    made = api.post(EA, json={**NEW, "site_id": site["id"], "is_default": True}).json()
    assert made["is_default"] is True
    assert api.get(f"{EA}/{old['id']}").json()["is_default"] is False


@pytest.mark.parametrize(("patch", "needle"), [
    ({"country": "ZZ"}, "Country information is invalid."),
    ({"state_code": "XX"}, "state code"),
    ({"state_code": ""}, "Emergency address state code is required in US."),
    ({"zip": "ABC"}, "zip"),
    ({"address_line1": "  "}, "Emergency address Line 1 is required."),
    ({"city": ""}, "city"),
])
def test_address_validation(api, site, patch, needle):
    before = addresses(api)
    body = error(api.post(EA, json={**NEW, "site_id": site["id"], **patch}), 400, 300)
    assert needle in body["message"]
    assert addresses(api) == before
    target = before[0]
    error(api.patch(f"{EA}/{target['id']}", json=patch), 400, 300)
    assert api.get(f"{EA}/{target['id']}").json() == target


def test_canada_and_gb_addresses(api, site):
    ca = api.post(EA, json={"address_line1": "1 Yonge St", "city": "Toronto", "state_code": "ON", "zip": "m5e 1w7",
                            "country": "CA", "site_id": site["id"]})
    assert ca.status_code == 201, ca.text
    assert ca.json()["zip"] == "M5E 1W7"
    error(api.post(EA, json={"address_line1": "1 Yonge St", "city": "Toronto", "state_code": "TX", "zip": "M5E 1W7",
                             "country": "CA", "site_id": site["id"]}), 400, 300)
    gb = api.post(EA, json={"address_line1": "10 Downing St", "city": "London", "state_code": "", "zip": "SW1A 2AA",
                            "country": "GB", "site_id": site["id"]})
    assert gb.status_code == 201, gb.text
    assert "state_code" not in gb.json()


def test_personal_address_of_a_user(api):
    user = next(u for u in users(api) if not addresses(api, user_id=u["id"]))
    r = api.post(EA, json={**NEW, "user_id": user["id"]})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["level"] == 1 and first["is_default"] is True  # a user's first address is their default
    assert first["owner"]["id"] == user["id"] and first["owner"]["extension_number"] == str(user["extension_number"])
    second = api.post(EA, json={**NEW, "address_line1": "1 Infinite Loop", "user_id": user["id"]}).json()
    assert second["is_default"] is False
    listed = addresses(api, user_id=user["id"])
    assert [a["id"] for a in listed] == [first["id"], second["id"]]
    assert all(a["owner"]["extension_number"] == user["extension_number"] for a in listed)
    assert [a["id"] for a in addresses(api, user_id=user["id"], level=0)] == []
    # deleting the default promotes the user's next address
    assert api.delete(f"{EA}/{first['id']}").status_code == 204
    assert api.get(f"{EA}/{second['id']}").json()["is_default"] is True
    # a personal default may be unset (the user then falls back to the site's default)
    assert api.patch(f"{EA}/{second['id']}", json={"is_default": False}).json()["is_default"] is False


def test_personal_address_needs_an_existing_user(api, other_api):
    body = error(api.post(EA, json={**NEW, "user_id": "noSuchUser0000000000000"}), 400, 300)
    assert "User does not exist" in body["message"]
    # another tenant's user is unknown here
    user = users(api)[0]
    error(other_api.post(EA, json={**NEW, "user_id": user["id"]}), 400, 300)


def test_filters(api, site):
    mine = addresses(api, site_id=site["id"])
    assert mine and all(a["site"]["id"] == site["id"] for a in mine)
    api.post(EA, json={**NEW, "address_line1": "77 Zebra Way", "site_id": site["id"]})
    found = addresses(api, address_keyword="zebra")
    assert [a["address_line1"] for a in found] == ["77 Zebra Way"]
    assert addresses(api, address_keyword="no-such-street-anywhere") == []
    assert addresses(api, level=2) == []
    body = error(api.get(EA, params={"site_id": "noSuchSite"}), 400, 400)
    assert body["message"] == "Site does not exist: noSuchSite"


def test_unknown_and_foreign_ids(api, other_api):
    target = addresses(api)[0]
    for client in (api, other_api):
        key = "noSuchAddress" if client is api else target["id"]
        body = error(client.get(f"{EA}/{key}"), 400, 400)
        assert body["message"] == f"Emergency address does not exist {key}."
        error(client.patch(f"{EA}/{key}", json={"city": "Nowhere"}), 400, 400)
        error(client.delete(f"{EA}/{key}"), 400, 400)
    assert api.get(f"{EA}/{target['id']}").json() == target
    error(other_api.post(EA, json={**NEW, "site_id": target["site"]["id"]}), 400, 300)


def test_address_in_use_by_a_location_cannot_be_deleted(api):
    loc = api.get("/phone/locations").json()["locations"][0]
    addr = loc["emergency_address"]["id"]
    body = error(api.delete(f"{EA}/{addr}"), 400, 300)
    assert loc["name"] in body["message"]


def test_missing_scope(scoped_api, api):
    client = scoped_api(["phone:read:admin"])
    assert client.get(EA).status_code == 200
    before = addresses(api)
    error(client.post(EA, json={**NEW}), 400, 4700)
    error(client.delete(f"{EA}/{before[0]['id']}"), 400, 4700)
    assert addresses(api) == before


def test_a_users_emergency_address_follows_personal_then_site_default(api):
    by_site = defaults_by_site(api)
    user = next(u for u in users(api) if not addresses(api, user_id=u["id"])
                and api.get(f"/phone/users/{u['id']}").json().get("site", {}).get("id") in by_site)
    profile = api.get(f"/phone/users/{user['id']}").json()
    site_id = profile["site"]["id"]
    assert profile["emergency_address"]["id"] == by_site[site_id]["id"]
    # a new site default shows at once for the users of the site without a personal address
    new_default = api.post(EA, json={**NEW, "site_id": site_id, "is_default": True}).json()
    assert api.get(f"/phone/users/{user['id']}").json()["emergency_address"]["id"] == new_default["id"]
    # a personal default wins over the site's
    personal = api.post(EA, json={**NEW, "address_line1": "9 Home St", "user_id": user["id"]}).json()
    got = api.get(f"/phone/users/{user['id']}").json()["emergency_address"]
    assert got["id"] == personal["id"] and got["address_line1"] == "9 Home St"
    assert api.delete(f"{EA}/{personal['id']}").status_code == 204
    assert api.get(f"/phone/users/{user['id']}").json()["emergency_address"]["id"] == new_default["id"]
