"""SIP trunks (list, assign to a sub account, delete), trunk configuration, call-out countries."""

from __future__ import annotations

import pytest
from sca_helpers import SCA, assert_error, new_account, sca


def test_list_the_masters_trunks(trunks):
    assert trunks[0] == {"id": trunks[0]["id"], "name": "Primary SIP Trunk", "number_prefix": "0",
                         "sip_server_address": "sip1.demo.phonestack.dev", "dnis": "1888812345"}


def test_assign_trunks_to_a_sub_account(api, sub, trunks):
    target = sca(sub["account_id"])
    assert api.get(f"{target}/trunks").json() == {"total_records": 0, "sip_trunks": []}
    r = api.post(f"{target}/trunks", json={"sip_trunks": [
        {"id": trunks[0]["id"], "dnis": "18888001", "outbound_caller_id": "+18885550100"},
        {"id": trunks[1]["id"], "dnis": "44207"},
    ]})
    assert r.status_code == 201, r.text
    assert r.json()["sip_trunks"] == [
        {"id": trunks[0]["id"], "name": "Primary SIP Trunk", "number_prefix": "0",
         "sip_server_address": "sip1.demo.phonestack.dev", "dnis": "18888001"},
        {"id": trunks[1]["id"], "name": "EU SIP Trunk", "number_prefix": "44",
         "sip_server_address": "sip-eu.demo.phonestack.dev", "dnis": "44207"},
    ]
    listed = api.get(f"{target}/trunks").json()
    assert listed["total_records"] == 2 and listed["sip_trunks"][0]["outbound_caller_id"] == "+18885550100"
    # the master's own list is unchanged
    assert api.get(f"{SCA}/trunks").json()["sip_trunks"] == trunks


@pytest.mark.parametrize(("item", "field"), [
    ({"dnis": "19999001"}, "dnis"),          # not the master's DNIS prefix (18888)
    ({"dnis": "18888abc"}, "dnis"),          # digits only
    ({"id": "no-such-trunk"}, "id"),
    ({"id": None}, "id"),
])
def test_assign_trunks_rules(api, sub, trunks, item, field):
    target = sca(sub["account_id"])
    entry = {"id": trunks[0]["id"], "dnis": "18888002", **item}
    if entry["id"] is None:
        del entry["id"]
    body = assert_error(api.post(f"{target}/trunks", json={"sip_trunks": [entry]}), 400, 300,
                        "Invalid parameter: sip_trunks.")
    assert body["errors"][0]["field"] == f"sip_trunks[0].{field}"
    assert api.get(f"{target}/trunks").json()["total_records"] == 0


@pytest.mark.parametrize("dnis", ["1888", "188880012"])
def test_dnis_is_5_to_8_characters(api, sub, trunks, dnis):
    r = api.post(f"{sca(sub['account_id'])}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": dnis}]})
    assert_error(r, 400, 300)


def test_one_to_thirty_trunks_per_request(api, sub, trunks):
    target = sca(sub["account_id"])
    assert_error(api.post(f"{target}/trunks", json={"sip_trunks": []}), 400, 300)
    many = [{"id": trunks[0]["id"], "dnis": f"18888{i:03d}"} for i in range(31)]
    assert_error(api.post(f"{target}/trunks", json={"sip_trunks": many}), 400, 300)


def test_a_trunk_or_dnis_is_assigned_once(api, sub, trunks, server):
    target = sca(sub["account_id"])
    assert api.post(f"{target}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "18888003"}]}
                    ).status_code == 201
    # the same trunk again, to the same account
    assert_error(api.post(f"{target}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "18888004"}]}),
                 400, 300, "Invalid parameter: sip_trunks.")
    # the same DNIS for another sub account
    other = new_account(server, name="Second Sub", parent_id=api.account_id)
    r = api.post(f"{sca(other['account_id'])}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "18888003"}]})
    assert_error(r, 400, 300, "Invalid parameter: sip_trunks.")
    # twice in one request
    r = api.post(f"{target}/trunks", json={"sip_trunks": [{"id": trunks[1]["id"], "dnis": "44201"},
                                                           {"id": trunks[1]["id"], "dnis": "44202"}]})
    assert_error(r, 400, 300)
    assert api.get(f"{target}/trunks").json()["total_records"] == 1


def test_trunks_are_assigned_to_sub_accounts_only(api, trunks):
    r = api.post(f"{SCA}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "18888005"}]})
    assert_error(r, 400, 300, "Invalid parameter: sip_trunks.")


def test_a_master_without_trunk_configs(server, trunks, client_of):
    master = new_account(server, name="SCA Master", options={"sip_connected_audio": True})
    sub = new_account(server, name="Its Sub", parent_id=master["account_id"])
    with client_of(master) as c:
        assert c.get(f"{SCA}/trunks").json() == {"total_records": 0, "sip_trunks": []}
        r = c.post(f"{sca(sub['account_id'])}/trunks", json={"sip_trunks": [{"id": trunks[0]["id"], "dnis": "18888"}]})
        assert_error(r, 400, 300, "The master account has no sip trunk configs.")


def test_delete_a_trunk(api, sub, trunks):
    target = sca(sub["account_id"])
    api.post(f"{target}/trunks", json={"sip_trunks": [{"id": t["id"], "dnis": t["dnis"][:5] + "9"} for t in trunks]})
    r = api.delete(f"{target}/trunks/{trunks[0]['id']}")
    assert r.status_code == 204 and not r.content
    assert [t["id"] for t in api.get(f"{target}/trunks").json()["sip_trunks"]] == [trunks[1]["id"]]
    assert_error(api.delete(f"{target}/trunks/{trunks[0]['id']}"), 400, 300, "Invalid parameter: trunkId.")
    # deleting the master's own trunk removes its assignments
    assert api.delete(f"{SCA}/trunks/{trunks[1]['id']}").status_code == 204
    assert api.get(f"{target}/trunks").json()["total_records"] == 0
    assert [t["id"] for t in api.get(f"{SCA}/trunks").json()["sip_trunks"]] == [trunks[0]["id"]]


def test_assign_sip_trunk_configuration(api, sub, server):
    from sqlalchemy import select

    from phonestack.store import schema as t

    target = sca(sub["account_id"])
    r = api.patch(f"{target}/settings", json={"enable": True, "show_callout_internal_number": True,
                                              "show_zoom_provided_callout_countries": 2})
    assert r.status_code == 204 and not r.content
    assert api.patch(f"{target}/settings", json={"enable": False, "show_zoom_provided_numbers": 1}).status_code == 204
    with server.app.engine.connect() as conn:
        row = conn.execute(select(t.sca_settings).where(t.sca_settings.c.account_id == sub["account_id"])).one()
    assert (row.enable, row.show_callout_internal_number, row.show_zoom_provided_callout_countries,
            row.show_zoom_provided_numbers) == (False, True, 2, 1)
    assert_error(api.patch(f"{target}/settings", json={"show_callout_internal_number": True}), 400, 300)
    assert_error(api.patch(f"{target}/settings", json={"enable": True, "show_zoom_provided_numbers": 7}), 400, 300)


def test_callout_countries(api, sub):
    assert api.get(f"{SCA}/callout_countries").json() == {"total_records": 2, "callout_countries": [
        {"id": "US", "name": "United States", "code": "1"}, {"id": "GB", "name": "United Kingdom", "code": "44"}]}
    target = sca(sub["account_id"])
    r = api.post(f"{target}/callout_countries", json={"callout_countries": [{"id": "de"}, {"id": "JP"}, {"id": "DE"}]})
    assert r.status_code == 201, r.text
    assert r.json() == {"callout_countries": [{"id": "DE", "name": "Germany", "code": "49"},
                                              {"id": "JP", "name": "Japan", "code": "81"}]}
    # adding one it has already is no error
    assert api.post(f"{target}/callout_countries", json={"callout_countries": [{"id": "DE"}]}).status_code == 201
    assert [c["id"] for c in api.get(f"{target}/callout_countries").json()["callout_countries"]] == ["DE", "JP"]
    body = assert_error(api.post(f"{target}/callout_countries", json={"callout_countries": [{"id": "XX"}]}),
                        400, 300, "Invalid parameter: callout_countries.")
    assert body["errors"][0]["field"] == "callout_countries[0].id"
    assert_error(api.post(f"{target}/callout_countries", json={"callout_countries": []}), 400, 300)
    assert api.delete(f"{target}/callout_countries/de").status_code == 204
    assert [c["id"] for c in api.get(f"{target}/callout_countries").json()["callout_countries"]] == ["JP"]
    assert_error(api.delete(f"{target}/callout_countries/DE"), 400, 300, "Invalid parameter: countryId.")
    assert api.get(f"{SCA}/callout_countries").json()["total_records"] == 2
