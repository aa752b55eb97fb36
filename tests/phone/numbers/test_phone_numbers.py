"""The Phone API's number inventory (/phone/numbers, /phone/byoc_numbers): the same rows as
Number Management."""

from __future__ import annotations

from typing import Any

NM = "/number_management/numbers"


def all_numbers(api, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        r = api.get("/phone/numbers", params={**params, "page_size": 100, "next_page_token": token})
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["phone_numbers"]
        token = body["next_page_token"]
        if not token:
            return out


def nm_numbers(api) -> list[dict[str, Any]]:  # noqa: ANN001
    out, token = [], ""
    while True:
        body = api.get(NM, params={"page_size": 100, "next_page_token": token}).json()
        out += body["numbers"]
        token = body["next_page_token"]
        if not token:
            return out


def free_number(api) -> dict[str, Any]:  # noqa: ANN001
    """An unassigned, Normal, Zoom-native Zoom Phone number of the main site."""
    for n in all_numbers(api, type="unassigned"):
        if n["source"] == "internal" and n["status"] == "available" and n.get("site", {}).get("name") == "Main Site":
            return n
    raise AssertionError("no free number in the demo seed")


def error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def slg(api) -> dict[str, Any]:  # noqa: ANN001
    r = api.post("/phone/shared_line_groups", json={"display_name": "Numbers Test SLG", "site_id": main_site(api)})
    assert r.status_code == 201, r.text
    return r.json()


def main_site(api) -> str:  # noqa: ANN001
    for n in nm_numbers(api):
        if n.get("site", {}).get("name") == "Main Site":
            return n["site"]["site_id"]
    raise AssertionError("no main site")


# --- list and get -------------------------------------------------------------------------------


def test_list_shows_only_zoom_phone_numbers_mapped_to_the_phone_vocabulary(api):
    phone = {n["id"]: n for n in all_numbers(api)}
    nm = nm_numbers(api)
    zp = [n for n in nm if n["allocated_product"] == "ZOOM_PHONE"]
    assert set(phone) == {n["id"] for n in zp}
    assert not any(n["allocated_product"] != "ZOOM_PHONE" and n["id"] in phone for n in nm)
    for n in zp:
        p = phone[n["id"]]
        assert p["number"] == n["number"]
        assert p["number_type"] == ("tollfree" if n["number_type"] == "TollFree" else "toll")
        assert p["status"] == ("pending" if n["status"] == "Pending" else "available")
        assert p["source"] == ("internal" if n["source"] in ("Zoom", "ZoomPorted", "ZoomReserved") else "external")
        if n["assigned_list"]:
            assert p["assignee"]["id"] == n["assigned_list"][0]["assigned_to_id"]
            assert p["assignee"]["extension_number"] == int(n["assigned_list"][0]["extension_number"])
        else:
            assert "assignee" not in p
        if "site" in n:
            assert p["site"] == {"id": n["site"]["site_id"], "name": n["site"]["name"]}
    first = api.get("/phone/numbers", params={"page_size": 5}).json()
    assert first["total_records"] == len(zp) and len(first["phone_numbers"]) == 5


def test_list_filters(api):
    everything = all_numbers(api)
    assigned = all_numbers(api, type="assigned")
    unassigned = all_numbers(api, type="unassigned")
    assert assigned and unassigned
    assert all("assignee" in n for n in assigned) and not any("assignee" in n for n in unassigned)
    assert len(assigned) + len(unassigned) == len(everything) == len(all_numbers(api, type="all"))
    byoc = all_numbers(api, type="byoc")
    assert byoc and all(n["source"] == "external" for n in byoc)
    assert any("emergency_address_status" in n for n in byoc)
    queues = all_numbers(api, type="assigned", extension_type="callQueue")
    assert queues and all(n["assignee"]["type"] == "callQueue" for n in queues)
    tollfree = all_numbers(api, number_type="tollfree")
    assert tollfree and all(n["number_type"] == "tollfree" for n in tollfree)
    assert len(tollfree) + len(all_numbers(api, number_type="toll")) == len(everything)
    pending = all_numbers(api, pending_numbers="true")
    assert pending and all(n["status"] == "pending" for n in pending)
    assert len(all_numbers(api, pending_numbers="false")) == len(everything) - len(pending)
    site = next(n["site"] for n in everything if n.get("site", {}).get("name") == "Austin Branch")
    at_site = all_numbers(api, site_id=site["id"])
    assert at_site and all(n["site"]["id"] == site["id"] for n in at_site)


def test_list_errors(api):
    error(api.get("/phone/numbers", params={"type": "mine"}), 400, 300)
    error(api.get("/phone/numbers", params={"extension_type": "user"}), 400, 300)
    error(api.get("/phone/numbers", params={"site_id": "noSuchSite"}), 400, 300)
    error(api.get("/phone/numbers", params={"page_size": 101}), 400, 300)


def test_get_matches_the_list_and_unknown_ids(api, other_api):
    n = all_numbers(api, type="assigned", extension_type="user")[0]
    got = api.get(f"/phone/numbers/{n['id']}").json()
    assert got["assignee"] == n["assignee"] and got["number"] == n["number"]
    body = error(api.get("/phone/numbers/noSuchNumber"), 400, 400)
    assert body["message"] == "Phone number does not exist, phonenumberId:noSuchNumber"
    error(other_api.get(f"/phone/numbers/{n['id']}"), 400, 400)
    # a Contact Center number is not a Zoom Phone number
    cc = next(x for x in nm_numbers(api) if x["allocated_product"] == "ZOOM_CONTACT_CENTER")
    error(api.get(f"/phone/numbers/{cc['id']}"), 400, 400)


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:write:admin"])
    error(client.get("/phone/numbers"), 400, 4700)


# --- one inventory: assignment through a Phone API entity ----------------------------------------


def test_assign_through_a_shared_line_group_shows_everywhere(api):
    n = free_number(api)
    group = slg(api)
    r = api.post(f"/phone/shared_line_groups/{group['id']}/phone_numbers", json={"phone_numbers": [{"id": n["id"]}]})
    assert r.status_code == 201, r.text
    nm = api.get(f"{NM}/{n['id']}").json()
    assert nm["assigned_list"] == [{"assigned_to_id": group["id"], "assgined_to_name": "Numbers Test SLG",
                                    "assigned_to_type": "SharedLineGroup",
                                    "extension_number": nm["assigned_list"][0]["extension_number"]}]
    assigned = {x["id"]: x for x in all_numbers(api, type="assigned")}
    assert assigned[n["id"]]["assignee"]["id"] == group["id"]
    assert assigned[n["id"]]["assignee"]["type"] == "sharedLineGroup"
    assert n["id"] not in {x["id"] for x in all_numbers(api, type="unassigned")}
    # unassign: back in the unassigned numbers
    r = api.delete(f"/phone/shared_line_groups/{group['id']}/phone_numbers/{n['id']}")
    assert r.status_code == 204
    assert api.get(f"{NM}/{n['id']}").json()["assigned_list"] == []
    assert n["id"] in {x["id"] for x in all_numbers(api, type="unassigned")}
    assert "assignee" not in api.get(f"/phone/numbers/{n['id']}").json()


# --- update ---------------------------------------------------------------------------------------


def test_update_display_name_and_byoc_attributes(api):
    n = free_number(api)
    assert api.patch(f"/phone/numbers/{n['id']}", json={"display_name": "Front line"}).status_code == 204
    assert api.get(f"/phone/numbers/{n['id']}").json()["display_name"] == "Front line"
    assert api.get(f"{NM}/{n['id']}").json()["display_name"] == "Front line"
    byoc = next(x for x in all_numbers(api, type="byoc") if x.get("sip_group"))
    r = api.patch(f"/phone/numbers/{byoc['id']}", json={"capability": ["incoming"], "emergency_address_status": 1})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/numbers/{byoc['id']}").json()
    assert got["capability"] == ["incoming"] and got["emergency_address_status"] == 1
    r = api.patch(f"/phone/numbers/{byoc['id']}", json={"capability": ["incoming", "outgoing"],
                                                         "emergency_address_status": 2})
    got = api.get(f"/phone/numbers/{byoc['id']}").json()
    assert got["capability"] == ["incoming", "outgoing"] and got["emergency_address_status"] == 2
    assert "emergency_address_update_time" in got


def test_update_errors_change_nothing(api):
    n = free_number(api)
    body = error(api.patch(f"/phone/numbers/{n['id']}", json={"capability": ["incoming"]}), 400, 300)
    assert body["message"] == "The phone number is not BYOC phone number."
    error(api.patch(f"/phone/numbers/{n['id']}", json={"sip_group_id": "x"}), 400, 300)
    byoc = next(x for x in all_numbers(api, type="byoc") if x.get("sip_group"))
    body = error(api.patch(f"/phone/numbers/{byoc['id']}", json={"capability": ["fax"]}), 400, 300)
    assert body["message"].startswith("The value of capability is invalid.")
    error(api.patch(f"/phone/numbers/{byoc['id']}", json={"capability": []}), 400, 300)
    error(api.patch(f"/phone/numbers/{byoc['id']}", json={"sip_group_id": "noSuchGroup"}), 400, 300)
    error(api.patch(f"/phone/numbers/{n['id']}", json={"display_name": "x" * 33}), 400, 300)
    error(api.patch("/phone/numbers/noSuchNumber", json={"display_name": "x"}), 400, 400)
    assert api.get(f"/phone/numbers/{byoc['id']}").json() == byoc


# --- delete and move unassigned numbers ------------------------------------------------------------


def test_delete_unassigned_numbers(api):
    free = all_numbers(api, type="unassigned")[:2]
    r = api.delete("/phone/numbers", params={"phone_numbers": ",".join(n["id"] for n in free)})
    assert r.status_code == 204, r.text
    for n in free:
        error(api.get(f"/phone/numbers/{n['id']}"), 400, 400)
        assert api.get(f"{NM}/{n['id']}").status_code == 404


def test_delete_refuses_assigned_unknown_and_too_many(api, other_api):
    free = all_numbers(api, type="unassigned")[0]
    taken = all_numbers(api, type="assigned")[0]
    body = error(api.delete("/phone/numbers", params={"phone_numbers": f"{free['id']},{taken['id']}"}), 400, 300)
    assert taken["number"] in body["message"]
    error(api.delete("/phone/numbers", params={"phone_numbers": f"{free['id']},nope"}), 400, 300)
    error(other_api.delete("/phone/numbers", params={"phone_numbers": free["id"]}), 400, 300)
    error(api.delete("/phone/numbers", params={"phone_numbers": ",".join(f"n{i}" for i in range(21))}), 400, 300)
    assert api.get(f"/phone/numbers/{free['id']}").status_code == 200
    assert api.get(f"/phone/numbers/{taken['id']}").status_code == 200


def test_move_unassigned_numbers_to_a_site(api):
    free = free_number(api)
    austin = next(n["site"] for n in all_numbers(api) if n.get("site", {}).get("name") == "Austin Branch")
    r = api.patch(f"/phone/numbers/sites/{austin['id']}", json={"phone_numbers": [free["number"]]})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/numbers/{free['id']}").json()["site"] == austin
    assert api.get(f"{NM}/{free['id']}").json()["site"]["name"] == "Austin Branch"
    taken = all_numbers(api, type="assigned")[0]
    error(api.patch(f"/phone/numbers/sites/{austin['id']}", json={"phone_numbers": [taken["id"]]}), 400, 300)
    error(api.patch("/phone/numbers/sites/noSuchSite", json={"phone_numbers": [free["id"]]}), 400, 300)
    error(api.patch(f"/phone/numbers/sites/{austin['id']}", json={"phone_numbers": ["nope"]}), 400, 300)
    assert api.get(f"/phone/numbers/{taken['id']}").json()["site"] == taken["site"]


# --- BYOC -----------------------------------------------------------------------------------------


def test_add_byoc_numbers(api):
    groups = api.get("/number_management/sip_groups", params={"product": "ZOOM_PHONE"}).json()["sip_groups"]
    group = next(g for g in groups if g["display_name"] == "Premises Group A")
    site = main_site(api)
    r = api.post("/phone/byoc_numbers", json={"carrier": "Bandwidth", "phone_numbers": ["+14085550177", "+18885550123"],
                                              "sip_group_id": group["sip_group_id"], "site_id": site})
    assert r.status_code == 201, r.text
    added = r.json()["phone_numbers"]
    assert [a["number"] for a in added] == ["+14085550177", "+18885550123"]
    got = api.get(f"/phone/numbers/{added[0]['id']}").json()
    assert got["carrier"] == {"name": "Bandwidth"} and got["source"] == "external"
    assert got["sip_group"]["id"] == group["sip_group_id"] and got["site"]["id"] == site
    assert api.get(f"/phone/numbers/{added[1]['id']}").json()["number_type"] == "tollfree"
    nm = api.get(f"{NM}/{added[0]['id']}").json()
    assert nm["source"] == "BYOCPremises" and nm["allocated_product"] == "ZOOM_PHONE"
    assert added[0]["id"] in {n["id"] for n in all_numbers(api, type="byoc")}


def test_add_byoc_errors_add_nothing(api, other_api):
    site = main_site(api)
    existing = all_numbers(api)[0]["number"]
    before = len(all_numbers(api))

    def add(client, numbers, **extra):  # noqa: ANN001, ANN202
        return client.post("/phone/byoc_numbers", json={"carrier": "Bandwidth", "phone_numbers": numbers,
                                                         "site_id": site, **extra})

    error(add(api, ["+14085550178", existing]), 400, 300)
    error(add(api, ["+14085550178", "4085550179"]), 400, 300)
    error(add(api, ["+14085550178", "+14085550178"]), 400, 300)
    error(add(api, ["+14085550178"], sip_group_id="noSuchGroup"), 400, 300)
    error(add(api, ["+14085550178"], site_id="noSuchSite"), 400, 300)
    error(api.post("/phone/byoc_numbers", json={"carrier": "Bandwidth", "phone_numbers": ["+14085550178"]}), 400, 300)
    error(api.post("/phone/byoc_numbers", json={"phone_numbers": ["+14085550178"]}), 400, 300)
    error(add(other_api, ["+14085550178"]), 400, 300)  # the site is not the other tenant's
    assert len(all_numbers(api)) == before
