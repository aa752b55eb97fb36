"""Internal numbers, Assign numbers, Delete all numbers and List SIP trunk numbers."""

from __future__ import annotations

import pytest
from sca_helpers import SCA, assert_error, internal, inventory, sca

NM = "/accounts/me/number_management"
pytestmark = pytest.mark.usefixtures("internals")


def test_list_seeded_internal_numbers(api):
    body = api.get(f"{SCA}/internal_numbers").json()
    assert body["total_records"] == 3 and body["page_size"] == 30 and body["next_page_token"] == ""
    first = body["internal_numbers"][0]
    assert first["number"] == "+18885550100" and first["type"] == 1 and first["visible"] and first["allow_join"]


def test_add_internal_numbers(api):
    r = api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [
        internal("+12025550101", visible=True, allow_join=False, country="us"),
        internal("+4930555012", type=1, country="DE", languages="de-DE", allow_for_external_meetings=True),
    ]})
    assert r.status_code == 201, r.text
    added = r.json()["internal_numbers"]
    assert added[0]["allow_join"] is True  # forced: visible numbers can always be used to join
    assert added[0]["country"] == "US"
    assert added[1] == {**added[1], "visible": False, "allow_join": False, "allow_for_external_meetings": True,
                        "type": 1, "languages": "de-DE"}
    listed = api.get(f"{SCA}/internal_numbers").json()["internal_numbers"]
    assert listed[-2:] == added
    # part of the number inventory: the Number Management list shows them
    held = inventory(api)
    assert held["+12025550101"]["id"] == added[0]["id"]
    assert held["+4930555012"]["source"] == "ThirdPartyNumber"
    assert held["+4930555012"]["number_type"] == "TollFree"


@pytest.mark.parametrize(("item", "field"), [
    ({"number": "12025550101"}, "number"),
    ({"number": "+0202555"}, "number"),
    ({"number": "+1 202 555 0101"}, "number"),
    ({"country": "1A"}, "country"),
    ({"labels": " "}, "labels"),
])
def test_add_internal_numbers_field_rules(api, item, field):
    before = api.get(f"{SCA}/internal_numbers").json()
    r = api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [
        internal("+12025550150"), {**internal("+12025550102"), **item}]})
    body = assert_error(r, 400, 300, "Validation Failed.")
    assert body["errors"][0]["field"] == f"internal_numbers[1].{field}"
    assert api.get(f"{SCA}/internal_numbers").json() == before  # nothing added


@pytest.mark.parametrize("item", [{"type": 2}, {"languages": "fr-FR"}, {"country": "USA"}])
def test_add_internal_numbers_contract_rules(api, item):
    assert_error(api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [{**internal("+12025550103"), **item}]}),
                 400, 300)


def test_add_internal_numbers_needs_items(api):
    assert_error(api.post(f"{SCA}/internal_numbers", json={"internal_numbers": []}), 400, 300,
                 "Invalid parameter: internal_numbers.")
    assert_error(api.post(f"{SCA}/internal_numbers", json={}), 400, 300)


def test_internal_numbers_cannot_collide_with_the_inventory(api):
    zoom_number = api.get(f"{NM}/numbers", params={"number_source": "Zoom"}).json()["numbers"][0]["number"]
    r = api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [internal("+12025550104"),
                                                                        internal(zoom_number)]})
    body = assert_error(r, 400, 300)
    assert zoom_number in body["message"]
    r = api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [internal("+18885550100")]})
    assert_error(r, 400, 300)
    r = api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [internal("+12025550104")] * 2})
    assert_error(r, 400, 300, "Validation Failed.")
    numbers = [n["number"] for n in api.get(f"{SCA}/internal_numbers").json()["internal_numbers"]]
    assert "+12025550104" not in numbers


def test_the_database_enforces_the_collision(api, server, demo):
    """The unique constraint of the inventory, not only the handler's check, refuses a duplicate."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from phonestack.store import schema as t
    from phonestack.store.util import new_id, stamps

    with pytest.raises(IntegrityError), server.app.engine.begin() as conn:
        conn.execute(insert(t.phone_numbers).values(
            id=new_id(), account_id=demo["account_id"], number="+18885550100", capability=[], **stamps()))


def test_pagination(api):
    api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [internal(f"+1202555020{i}") for i in range(5)]})
    seen, token = [], ""
    while True:
        page = api.get(f"{SCA}/internal_numbers", params={"page_size": 3, "next_page_token": token}).json()
        assert page["total_records"] == 8
        seen += [n["id"] for n in page["internal_numbers"]]
        token = page["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == 8
    assert_error(api.get(f"{SCA}/internal_numbers", params={"page_size": 301}), 400, 300)


def test_delete_an_internal_number(api):
    numbers = api.get(f"{SCA}/internal_numbers").json()["internal_numbers"]
    gone = numbers[1]
    r = api.delete(f"{SCA}/internal_numbers/{gone['id']}")
    assert r.status_code == 204 and not r.content
    assert [n["id"] for n in api.get(f"{SCA}/internal_numbers").json()["internal_numbers"]] == [
        numbers[0]["id"], numbers[2]["id"]]
    assert_error(api.get(f"{NM}/numbers/{gone['id']}"), 404, 100002)  # gone from the inventory too
    assert_error(api.delete(f"{SCA}/internal_numbers/{gone['id']}"), 400, 300, "Invalid parameter: numberId.")
    # the number is free again
    assert api.post(f"{SCA}/internal_numbers", json={"internal_numbers": [internal(gone["number"])]}).status_code == 201


def test_an_inventory_delete_removes_the_internal_number(api):
    number = api.get(f"{SCA}/internal_numbers").json()["internal_numbers"][1]
    assert api.delete(f"{NM}/numbers", params={"phone_numbers": number["id"]}).status_code == 204
    assert number["id"] not in {n["id"] for n in api.get(f"{SCA}/internal_numbers").json()["internal_numbers"]}


def test_delete_all_numbers(api, demo, sub):
    r = api.post(f"{sca(sub['account_id'])}/internal_numbers",
                 json={"internal_numbers": [internal("+12025550301")]})
    assert r.status_code == 201
    assert api.delete(f"{SCA}/numbers").status_code == 204
    body = api.get(f"{SCA}/internal_numbers").json()
    assert body["total_records"] == 0 and body["internal_numbers"] == []
    assert api.get("/sip_trunk/numbers").json() == {"total_records": 0, "phone_numbers": []}
    assert "+18885550100" not in inventory(api)
    # the sub account's numbers are its own
    assert api.get(f"{sca(sub['account_id'])}/internal_numbers").json()["total_records"] == 1
    assert api.delete(f"{SCA}/numbers").status_code == 204  # nothing left: still fine


def test_list_sip_trunk_numbers(api):
    body = api.get("/sip_trunk/numbers").json()
    assert body["total_records"] == 3
    assert body["phone_numbers"][0] == {"number": "+18885550100", "display_number": "+1 888 555 0100",
                                        "country": "US", "type": 1}


def test_assign_numbers_to_a_sub_account(api, sub):
    target = sca(sub["account_id"])
    r = api.post(f"{target}/numbers", json={"phone_numbers": [{"number": "+18885550100"},
                                                                {"number": "+442075550123"}]})
    assert r.status_code == 201, r.text
    assert r.json() == {"phone_numbers": [{"number": "+18885550100"}, {"number": "+442075550123"}]}
    listed = api.get(f"{target}/internal_numbers").json()["internal_numbers"]
    assert [(n["number"], n["country"], n["languages"]) for n in listed] == [
        ("+18885550100", "US", "en-US"), ("+442075550123", "GB", "en-GB")]
    # already there
    assert_error(api.post(f"{target}/numbers", json={"phone_numbers": [{"number": "+18885550100"}]}), 400, 300)
    # not an internal number of the master
    body = assert_error(api.post(f"{target}/numbers", json={"phone_numbers": [{"number": "+12025559999"}]}),
                        400, 300, "Invalid parameter: phone_numbers.")
    assert body["errors"][0]["field"] == "phone_numbers[0].number"
    assert_error(api.post(f"{target}/numbers", json={"phone_numbers": []}), 400, 300)
    # the master holds them already
    assert_error(api.post(f"{SCA}/numbers", json={"phone_numbers": [{"number": "+14085550199"}]}), 400, 300)
    assert api.get(f"{target}/internal_numbers").json()["total_records"] == 2
    # Delete all numbers of the sub account leaves the master's
    assert api.delete(f"{target}/numbers").status_code == 204
    assert api.get(f"{target}/internal_numbers").json()["total_records"] == 0
    assert api.get(f"{SCA}/internal_numbers").json()["total_records"] == 3
