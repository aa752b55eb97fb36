"""Sites: list, create (with its main auto receptionist and default emergency address), get,
update (name, code, short extension, caller ID name, address, policy), delete with transfer."""

from __future__ import annotations

from typing import Any

ADDRESS = {"address_line1": "1600 Glenarm Pl", "city": "Denver", "country": "US", "state_code": "CO",
           "zip": "80202"}


def err(r, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def sites(api) -> list[dict[str, Any]]:
    return api.get("/phone/sites", params={"page_size": 100}).json()["sites"]


def new_site(api, name: str = "Denver Office", **extra: Any) -> str:
    r = api.post("/phone/sites", json={"name": name, "auto_receptionist_name": f"{name} AR",
                                       "default_emergency_address": ADDRESS, **extra})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == name
    return r.json()["id"]


def test_list_sites_main_first_with_main_auto_receptionist(api):
    body = api.get("/phone/sites").json()
    assert body["total_records"] == len(body["sites"]) == 3
    assert [s["name"] for s in body["sites"]] == ["Main Site", "London Office", "Austin Branch"]
    assert [s["site_code"] for s in body["sites"]] == [100, 200, 300]
    assert body["sites"][1]["country"] == {"code": "GB", "name": "United Kingdom"}
    for s in body["sites"]:
        ar = s["main_auto_receptionist"]
        assert ar["id"] == ar["extension_id"] and ar["name"].endswith("Reception")
        assert isinstance(ar["extension_number"], int)
    page = api.get("/phone/sites", params={"page_size": 2}).json()
    assert len(page["sites"]) == 2 and page["next_page_token"]
    rest = api.get("/phone/sites", params={"page_size": 2, "next_page_token": page["next_page_token"]}).json()
    assert [s["name"] for s in rest["sites"]] == ["Austin Branch"]


def test_sites_are_per_account(api, sub_api, other_api):
    assert [s["name"] for s in sub_api.get("/phone/sites").json()["sites"]] == ["Sub Main Site"]
    assert other_api.get("/phone/sites").json()["sites"] == []
    main = sites(api)[0]["id"]
    err(other_api.get(f"/phone/sites/{main}"), 400, 400)
    err(sub_api.patch(f"/phone/sites/{main}", json={"name": "mine"}), 400, 300)


def test_create_site_makes_its_main_auto_receptionist_and_address(api):
    sid = new_site(api, site_code=77, short_extension={"length": 3}, sip_zone={"id": "zone-1"},
                   force_off_net={"enable": True, "allow_extension_only_users_call_users_outside_site": False})
    got = api.get(f"/phone/sites/{sid}").json()
    assert got["name"] == "Denver Office" and got["site_code"] == 77
    assert got["country"] == {"code": "US", "name": "United States"}
    assert got["short_extension"] == {"length": 3}
    assert got["sip_zone"] == {"id": "zone-1"}
    addr = got["default_emergency_address"]
    assert addr["address_line1"] == "1600 Glenarm Pl" and addr["city"] == "Denver" and addr["is_default"] is True
    assert addr["id"] and addr["level"] == 0
    assert got["policy"]["force_off_net"]["enable"] is True and got["policy"]["force_off_net"]["modified"] is True
    ar = got["main_auto_receptionist"]
    assert ar["name"] == "Denver Office AR"
    # the AR is a real extension of the site: its number is taken in the account
    r = api.post("/phone/sites", json={"name": "Other", "auto_receptionist_name": "x", "site_code": 78,
                                       "default_emergency_address": ADDRESS})
    assert r.status_code == 201
    other_ar = api.get(f"/phone/sites/{r.json()['id']}").json()["main_auto_receptionist"]
    assert other_ar["extension_number"] != ar["extension_number"]
    assert len(sites(api)) == 5


def test_create_site_errors(api):
    body = {"name": "Main Site", "auto_receptionist_name": "x", "default_emergency_address": ADDRESS}
    assert "already exists" in err(api.post("/phone/sites", json=body), 400, 400)["message"]
    body["name"] = "New"
    r = api.post("/phone/sites", json={**body, "site_code": 100})
    assert "already in use" in err(r, 400, 400)["message"]
    r = api.post("/phone/sites", json={**body, "site_code": 12345})  # 5 digits + 3 > 6
    assert err(r, 400, 400)["message"] == "Invalid site code length."
    r = api.post("/phone/sites", json={**body, "default_emergency_address": {**ADDRESS, "country": "XX"}})
    assert err(r, 400, 400)["message"] == "Country information is invalid."
    r = api.post("/phone/sites", json={**body, "default_emergency_address": {**ADDRESS, "city": ""}})
    assert err(r, 400, 400)["message"] == "This address could not be validated or geocoded."
    india = {**body, "default_emergency_address": {**ADDRESS, "country": "IN"}}
    assert err(api.post("/phone/sites", json=india), 400, 400)["message"] == \
        "For India sites, state and city should not be empty."
    india.update(india_state_code="CG", india_city="Bemetara", india_sdca_npa="7700")
    assert err(api.post("/phone/sites", json=india), 400, 400)["message"] == "India Entity Name is required."
    india["india_entity_name"] = "Demo India"
    sid = api.post("/phone/sites", json=india).json()["id"]
    got = api.get(f"/phone/sites/{sid}").json()
    assert got["country"]["code"] == "IN" and got["india_city"] == "Bemetara" and got["site_code"] == 301
    assert len(sites(api)) == 4  # only the valid one was created


def test_get_site_unknown(api):
    assert err(api.get("/phone/sites/nope"), 400, 400)["message"] == "The site does not exist."


def test_update_site(api):
    sid = new_site(api, site_code=77)
    r = api.patch(f"/phone/sites/{sid}", json={
        "name": "Denver HQ", "site_code": 78, "caller_id_name": "Denver HQ",
        "short_extension": {"length": 3, "ranges": [{"range_from": "100", "range_to": "199"}]},
        "default_emergency_address": {**ADDRESS, "address_line1": "1700 Lincoln St"},
        "policy": {"voicemail": {"enable": False, "locked": True}}})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/sites/{sid}").json()
    assert got["name"] == "Denver HQ" and got["site_code"] == 78 and got["caller_id_name"] == "Denver HQ"
    assert got["default_emergency_address"]["address_line1"] == "1700 Lincoln St"
    vm = got["policy"]["voicemail"]
    assert vm["enable"] is False and vm["locked"] is True and vm["locked_by"] == "site" and vm["modified"] is True
    assert got["policy"]["sms"]["modified"] is False
    # reset drops the override
    assert api.patch(f"/phone/sites/{sid}", json={"policy": {"voicemail": {"reset": True}}}).status_code == 204
    assert api.get(f"/phone/sites/{sid}").json()["policy"]["voicemail"]["modified"] is False
    assert api.patch(f"/phone/sites/{sid}", json={"caller_id_name": ""}).status_code == 204
    assert "caller_id_name" not in api.get(f"/phone/sites/{sid}").json()


def test_update_site_errors(api):
    main, london = sites(api)[:2]
    sid = main["id"]
    assert "already exists" in err(api.patch(f"/phone/sites/{sid}", json={"name": "London Office"}), 400, 400)[
        "message"]
    assert "already in use" in err(api.patch(f"/phone/sites/{sid}", json={"site_code": 200}), 400, 400)["message"]
    r = api.patch(f"/phone/sites/{sid}", json={"short_extension": {"length": 3, "ranges": [
        {"range_from": "100", "range_to": "300"}, {"range_from": "200", "range_to": "400"}]}})
    assert err(r, 400, 300)["errors"][0]["message"] == "Each set of ranges cannot have intersections."
    r = api.patch(f"/phone/sites/{sid}", json={"default_emergency_address": {**ADDRESS, "country": "GB"}})
    assert err(r, 400, 300)["errors"][0]["message"] == "Change country is not allowed."
    err(api.patch(f"/phone/sites/{sid}", json={"caller_id_name": "x" * 16}), 400, 300)
    err(api.patch(f"/phone/sites/{sid}", json={"policy": {"voicemail": {"enable": True,
                                                                         "reset": True}}}), 400, 400)
    r = api.patch(f"/phone/sites/{sid}", json={"policy": {"call_overflow": {"extension_id": "nope"}}})
    assert err(r, 400, 13808)["message"] == "Extension does not exist: nope"
    err(api.patch("/phone/sites/nope", json={"name": "x"}), 400, 300)
    # nothing changed
    assert api.get(f"/phone/sites/{sid}").json()["name"] == "Main Site"
    assert api.get(f"/phone/sites/{london['id']}").json()["site_code"] == 200


def test_site_code_disabled_in_an_account_without_codes(other_api):
    r = other_api.post("/phone/sites", json={"name": "First", "auto_receptionist_name": "AR",
                                             "default_emergency_address": ADDRESS})
    assert r.status_code == 201
    sid = r.json()["id"]
    got = other_api.get("/phone/sites").json()["sites"]
    assert [s["id"] for s in got] == [sid] and "site_code" not in got[0]
    assert err(other_api.patch(f"/phone/sites/{sid}", json={"site_code": 5}), 400, 400)["message"] == \
        "Site code is disabled."


def _held(api, site_id):
    users = [u for u in api.get("/phone/sites").json()["sites"] if u["id"] == site_id]
    return users


def test_delete_site_moves_everything_to_the_target(api, server, demo):
    from sqlalchemy import create_engine, select

    from phonestack.store import schema as t
    from phonestack.store.db import normalise_url

    main = sites(api)[0]["id"]
    austin = [s for s in sites(api) if s["name"] == "Austin Branch"][0]
    ar_id = austin["main_auto_receptionist"]["id"]
    eng = create_engine(normalise_url(server.database_url))
    with eng.connect() as conn:
        held = {tbl.name: {r.id for r in conn.execute(select(tbl.c.id).where(tbl.c.site_id == austin["id"]))}
                for tbl in (t.extensions, t.phone_numbers, t.devices, t.emergency_addresses, t.locations)}
    held["extensions"].discard(ar_id)
    assert held["extensions"] and held["phone_numbers"]
    # errors first: nothing moves
    assert err(api.delete(f"/phone/sites/{austin['id']}", params={"transfer_site_id": austin["id"]}),
               400, 400)["message"] == "Unable to transfer to the same site."
    assert err(api.delete(f"/phone/sites/{austin['id']}", params={"transfer_site_id": "nope"}),
               400, 400)["message"] == "Site does not exist."
    err(api.delete(f"/phone/sites/{austin['id']}"), 400, 300)  # transfer_site_id is required
    assert "main site" in err(api.delete(f"/phone/sites/{main}", params={"transfer_site_id": austin["id"]}),
                              400, 400)["message"]
    err(api.delete("/phone/sites/nope", params={"transfer_site_id": main}), 400, 400)

    r = api.delete(f"/phone/sites/{austin['id']}", params={"transfer_site_id": main})
    assert r.status_code == 204, r.text
    err(api.get(f"/phone/sites/{austin['id']}"), 400, 400)
    assert [s["name"] for s in sites(api)] == ["Main Site", "London Office"]
    with eng.connect() as conn:
        for tbl in (t.extensions, t.phone_numbers, t.devices, t.emergency_addresses, t.locations):
            ids = held[tbl.name]
            if ids:
                got = {r.site_id for r in conn.execute(select(tbl.c.site_id).where(tbl.c.id.in_(ids)))}
                assert got == {main}, tbl.name
        assert conn.execute(select(t.extensions.c.id).where(t.extensions.c.id == ar_id)).first() is None
        assert conn.execute(select(t.phone_numbers.c.id).where(t.phone_numbers.c.assignee_id == ar_id)).first() \
            is None
    eng.dispose()
    # the main site keeps one main auto receptionist
    assert sites(api)[0]["main_auto_receptionist"]["name"] == "Main Site Reception"


def test_read_only_scope_cannot_create(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get("/phone/sites").status_code == 200
    r = client.post("/phone/sites", json={"name": "x", "auto_receptionist_name": "y",
                                          "default_emergency_address": ADDRESS})
    assert err(r, 400, 4700)


def test_list_sites_bad_input(api):
    err(api.get("/phone/sites", params={"next_page_token": "forged.token"}), 400, 300)
    err(api.get("/phone/sites", params={"page_size": 0}), 400, 300)
