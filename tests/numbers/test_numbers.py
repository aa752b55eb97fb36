"""Phone numbers: list (filters, pagination), get, update, delete."""

from __future__ import annotations

from nm_helpers import NM, all_pages, assert_error, numbers_of, pick

# --- list ---------------------------------------------------------------------------------------


def test_list_first_page_defaults(api):
    r = api.get(f"{NM}/numbers")
    assert r.status_code == 200
    body = r.json()
    assert body["page_size"] == 30
    assert len(body["numbers"]) == 30
    assert body["total_records"] > 30
    assert body["next_page_token"]


def test_seed_has_every_kind_of_number(numbers):
    kinds = {(n["source"]) for n in numbers}
    assert kinds == {"Zoom", "ZoomPorted", "ZoomReserved", "ThirdPartyNumber", "BYOCCloud", "BYOCPremises"}
    assert {n["allocated_product"] for n in numbers} == {"ZOOM_PHONE", "ZOOM_CONTACT_CENTER", "UNALLOCATED"}
    assert {n["status"] for n in numbers} == {"Normal", "Pending"}
    assert {"Toll", "TollFree", "VirtualService", "Mobile", "National"} <= {n["number_type"] for n in numbers}
    types = {a["assigned_to_type"] for n in numbers for a in n["assigned_list"]}
    assert {"User", "CallQueue", "AutoReceptionist", "CommonArea", "SharedLineGroup", "MeetingService"} <= types
    assert any(not n["assigned_list"] for n in numbers)
    assert any(n.get("carrier", {}).get("code") == 9998 for n in numbers)
    assert any(n.get("sip_group") for n in numbers if n["source"] == "BYOCPremises")


def test_number_view_fields(numbers):
    alice = pick(numbers, lambda n: n.get("display_name") == "Alice direct")
    assert alice["number"].startswith("+1408")
    assert alice["site"]["name"] == "Main Site"
    assert alice["assigned_list"] == [{
        "assigned_to_id": alice["assigned_list"][0]["assigned_to_id"], "assgined_to_name": "Alice Bob",
        "assigned_to_type": "User", "extension_number": "1001",
    }]
    assert alice["emergency_address"]["city"] == "San Jose"
    assert alice["location"] == {"country": "United States", "state": "California", "city": "San Jose"}
    cc = pick(numbers, lambda n: n["allocated_product"] == "ZOOM_CONTACT_CENTER" and n.get("caller_id_name"))
    assert "site" not in cc
    peer = pick(numbers, lambda n: "carrier" in n)
    assert peer["carrier"] == {"code": 9998, "name": "Demo Master Account"}
    assert peer["source"] == "ThirdPartyNumber"


def test_pagination_walks_every_number_once(api):
    first = api.get(f"{NM}/numbers", params={"page_size": 7}).json()
    items, total = all_pages(api, f"{NM}/numbers", "numbers", page_size=7)
    ids = [n["id"] for n in items]
    assert len(ids) == len(set(ids)) == total == first["total_records"]
    assert ids[:7] == [n["id"] for n in first["numbers"]]


def test_pagination_keeps_filters_and_total(api):
    items, total = all_pages(api, f"{NM}/numbers", "numbers", page_size=3, allocated_product="ZOOM_PHONE")
    assert len(items) == total
    assert all(n["allocated_product"] == "ZOOM_PHONE" for n in items)


def test_tampered_or_foreign_page_token_is_1003100(api):
    token = api.get(f"{NM}/numbers", params={"page_size": 5}).json()["next_page_token"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert_error(api.get(f"{NM}/numbers", params={"next_page_token": tampered}), 400, 1003100)
    assert_error(api.get(f"{NM}/numbers", params={"next_page_token": "garbage"}), 400, 1003100)
    # a token is bound to the filters it was issued for
    r = api.get(f"{NM}/numbers", params={"next_page_token": token, "number_type": "Toll"})
    body = assert_error(r, 400, 1003100)
    assert body["message"] == "The next page token is either invalid or has expired"


def test_filters(api, numbers):
    def ids(**params):
        return {n["id"] for n in numbers_of(api, **params)}

    assert ids(allocated_product="ZOOM_CONTACT_CENTER") == {
        n["id"] for n in numbers if n["allocated_product"] == "ZOOM_CONTACT_CENTER"}
    assert ids(number_type="TollFree") == {n["id"] for n in numbers if n["number_type"] == "TollFree"}
    assert ids(number_source="BYOCPremises") == {n["id"] for n in numbers if n["source"] == "BYOCPremises"}
    assert ids(status="Pending") == {n["id"] for n in numbers if n["status"] == "Pending"}
    assert ids(assigned_status="assigned") == {n["id"] for n in numbers if n["assigned_list"]}
    assert ids(assigned_status="unassigned") == {n["id"] for n in numbers if not n["assigned_list"]}
    assert ids(country_iso="GB") == {n["id"] for n in numbers if n["number"].startswith("+44")}
    london = pick(numbers, lambda n: n.get("site", {}).get("name") == "London Office")["site"]["site_id"]
    assert ids(site_id=london) == {n["id"] for n in numbers if n.get("site", {}).get("site_id") == london}
    # combined
    assert ids(number_source="Zoom", status="Pending", assigned_status="unassigned") == {
        n["id"] for n in numbers if n["source"] == "Zoom" and n["status"] == "Pending" and not n["assigned_list"]}


def test_keyword_searches_number_and_display_name(api, numbers):
    alice = pick(numbers, lambda n: n.get("display_name") == "Alice direct")
    found = numbers_of(api, keyword=alice["number"][-6:])
    assert alice["id"] in {n["id"] for n in found}
    assert all(alice["number"][-6:] in n["number"] for n in found)
    assert [n["id"] for n in numbers_of(api, keyword="alice dir")] == [alice["id"]]
    assert numbers_of(api, keyword="zzz-nothing") == []
    assert numbers_of(api, keyword="%") == []  # no LIKE wildcards
    assert numbers_of(api, keyword="_") == []


def test_unknown_site_filter_is_1002010(api, other_api):
    assert_error(api.get(f"{NM}/numbers", params={"site_id": "noSuchSite"}), 400, 1002010)
    # a site of another account is unknown too
    mine = numbers_of(api)
    site = pick(mine, lambda n: "site" in n)["site"]["site_id"]
    assert_error(other_api.get(f"{NM}/numbers", params={"site_id": site}), 400, 1002010)


def test_invalid_filter_value_is_rejected(api):
    # The contract declares the filters' values; the server rejects others before the
    # provider runs (code 300 naming the parameter) -- the document's own code is 999.
    r = api.get(f"{NM}/numbers", params={"number_type": "Landline"})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] in (300, 999)
    assert body["errors"][0]["field"] == "number_type"


# --- get ----------------------------------------------------------------------------------------


def test_get_number_matches_the_list(api, numbers):
    for n in numbers[:5] + [pick(numbers, lambda n: "carrier" in n)]:
        r = api.get(f"{NM}/numbers/{n['id']}")
        assert r.status_code == 200
        assert r.json() == n


def test_get_meeting_service_number_has_meeting_details(api, numbers):
    n = pick(numbers, lambda n: n["assigned_list"] and n["assigned_list"][0]["assigned_to_type"] == "MeetingService")
    entry = api.get(f"{NM}/numbers/{n['id']}").json()["assigned_list"][0]
    assert entry["meeting_id"] == "964 3020 9491"
    assert entry["greeting"]["name"] == "welcome.wav"
    assert entry["on_hold_music"]["name"] == "music.wav"
    assert entry["label"] == "Main line"


def test_get_unknown_or_foreign_number_is_404(api, other_api, numbers):
    assert_error(api.get(f"{NM}/numbers/noSuchNumber"), 404, 100002)
    r = other_api.get(f"{NM}/numbers/{numbers[0]['id']}")
    assert_error(r, 404, 100002)


# --- update -------------------------------------------------------------------------------------


def test_update_display_and_caller_id_name(api, numbers):
    n = pick(numbers, lambda n: n["allocated_product"] == "ZOOM_PHONE" and n["source"] == "Zoom")
    r = api.patch(f"{NM}/numbers/{n['id']}", json={"display_name": "Reception", "caller_id_name": "Acme Inc"})
    assert r.status_code == 204
    assert r.content == b""
    got = api.get(f"{NM}/numbers/{n['id']}").json()
    assert got["display_name"] == "Reception"
    assert got["caller_id_name"] == "Acme Inc"
    # an empty body changes nothing
    assert api.patch(f"{NM}/numbers/{n['id']}", json={}).status_code == 204
    assert api.get(f"{NM}/numbers/{n['id']}").json() == got


def test_update_invalid_fields_are_999_and_change_nothing(api, numbers):
    n = pick(numbers, lambda n: n["allocated_product"] == "ZOOM_PHONE" and n["source"] == "Zoom")
    before = api.get(f"{NM}/numbers/{n['id']}").json()
    body = assert_error(api.patch(f"{NM}/numbers/{n['id']}", json={"display_name": "x" * 33}), 400, 999)
    assert body["errors"][0]["field"] == "display_name"
    for bad in ("1234567", "A" * 16, ""):
        r = api.patch(f"{NM}/numbers/{n['id']}", json={"display_name": "ok", "caller_id_name": bad})
        assert assert_error(r, 400, 999)["errors"][0]["field"] == "caller_id_name"
    assert api.get(f"{NM}/numbers/{n['id']}").json() == before
    # display names are for Zoom Phone numbers; CC caller ID names for US/CA Virtual Service numbers
    cc_tf = pick(numbers, lambda n: n["allocated_product"] == "ZOOM_CONTACT_CENTER" and n["number_type"] == "TollFree"
                 and "carrier" not in n)
    assert_error(api.patch(f"{NM}/numbers/{cc_tf['id']}", json={"display_name": "CC"}), 400, 999)
    assert_error(api.patch(f"{NM}/numbers/{cc_tf['id']}", json={"caller_id_name": "Care"}), 400, 999)
    cc_vs = pick(numbers, lambda n: n["allocated_product"] == "ZOOM_CONTACT_CENTER"
                 and n["number_type"] == "VirtualService")
    assert api.patch(f"{NM}/numbers/{cc_vs['id']}", json={"caller_id_name": "Care Team"}).status_code == 204
    assert api.get(f"{NM}/numbers/{cc_vs['id']}").json()["caller_id_name"] == "Care Team"


def test_update_wrong_types_and_bad_json_are_300(api, numbers):
    n = numbers[0]
    body = assert_error(api.patch(f"{NM}/numbers/{n['id']}", json={"display_name": 5}), 400, 300)
    assert body["errors"][0]["field"] == "display_name"
    body = assert_error(api.patch(f"{NM}/numbers/{n['id']}", json={"capability": {"incoming": "yes"}}), 400, 300)
    assert body["errors"][0]["field"] == "capability.incoming"
    r = api.patch(f"{NM}/numbers/{n['id']}", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(r, 400, 300)


def test_update_sip_group(api, numbers):
    groups = api.get(f"{NM}/sip_groups", params={"product": "ZOOM_PHONE"}).json()["sip_groups"]
    common = pick(groups, lambda g: g["source_system"] == "COMMON")
    byoc = pick(numbers, lambda n: n["source"] == "BYOCPremises" and n["allocated_product"] == "ZOOM_PHONE")
    r = api.patch(f"{NM}/numbers/{byoc['id']}", json={"sip_group_id": common["sip_group_id"]})
    assert r.status_code == 204
    got = api.get(f"{NM}/numbers/{byoc['id']}").json()
    assert got["sip_group"] == {"id": common["sip_group_id"], "name": common["display_name"]}
    assert_error(api.patch(f"{NM}/numbers/{byoc['id']}", json={"sip_group_id": "noSuchGroup"}), 400, 100001)
    # a Contact Center group does not serve a Zoom Phone number
    cc_groups = api.get(f"{NM}/sip_groups", params={"product": "ZOOM_CONTACT_CENTER"}).json()["sip_groups"]
    cc_group = pick(cc_groups, lambda g: g["source_system"] == "ZOOM_CONTACT_CENTER")
    assert_error(api.patch(f"{NM}/numbers/{byoc['id']}", json={"sip_group_id": cc_group["sip_group_id"]}), 400, 100001)
    assert api.get(f"{NM}/numbers/{byoc['id']}").json()["sip_group"]["id"] == common["sip_group_id"]
    # SIP groups are for BYOC numbers
    native = pick(numbers, lambda n: n["source"] == "Zoom")
    assert_error(api.patch(f"{NM}/numbers/{native['id']}", json={"sip_group_id": common["sip_group_id"]}), 400, 999)


def test_update_capability(api, numbers):
    byoc = pick(numbers, lambda n: n["source"] == "BYOCCloud")
    r = api.patch(f"{NM}/numbers/{byoc['id']}", json={"capability": {"incoming": True, "outgoing": False}})
    assert r.status_code == 204
    caps = api.get(f"{NM}/numbers/{byoc['id']}").json()["capability"]
    assert "Incoming" in caps and "Outgoing" not in caps
    api.patch(f"{NM}/numbers/{byoc['id']}", json={"capability": {"outgoing": True}})
    assert {"Incoming", "Outgoing"} <= set(api.get(f"{NM}/numbers/{byoc['id']}").json()["capability"])
    # never both off
    r = api.patch(f"{NM}/numbers/{byoc['id']}", json={"capability": {"incoming": False, "outgoing": False}})
    assert_error(r, 400, 200001)
    # Zoom's own numbers and Contact Center numbers have a fixed capability
    native = pick(numbers, lambda n: n["source"] == "Zoom" and n["allocated_product"] == "ZOOM_PHONE")
    body = assert_error(api.patch(f"{NM}/numbers/{native['id']}", json={"capability": {"outgoing": False}}),
                        400, 200001)
    assert body["message"] == "The capability cannot be updated"
    assert api.get(f"{NM}/numbers/{native['id']}").json()["capability"] == native["capability"]


def test_confirm_address_update(api, numbers):
    n = pick(numbers, lambda n: n["source"] == "BYOCPremises" and n.get("address_update_required"))
    assert api.patch(f"{NM}/numbers/{n['id']}", json={"confirm_address_update": True}).status_code == 204
    got = api.get(f"{NM}/numbers/{n['id']}").json()
    assert got["address_update_required"] is False
    assert got["emergency_address_update_time"].endswith("Z")
    native = pick(numbers, lambda n: n["source"] == "Zoom")
    assert_error(api.patch(f"{NM}/numbers/{native['id']}", json={"confirm_address_update": True}), 400, 999)


def test_update_unknown_number_is_404(api, other_api, numbers):
    assert_error(api.patch(f"{NM}/numbers/noSuchNumber", json={"display_name": "x"}), 404, 100002)
    assert_error(other_api.patch(f"{NM}/numbers/{numbers[0]['id']}", json={"display_name": "x"}), 404, 100002)
    assert api.get(f"{NM}/numbers/{numbers[0]['id']}").json() == numbers[0]


def test_peering_number_events(api, numbers, events):
    peer = pick(numbers, lambda n: "carrier" in n and n["allocated_product"] == "ZOOM_PHONE")
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Acme Sales"}).status_code == 204
    # The Number Management event, then its Zoom Phone twin with the same payload (docs/webhooks.md).
    cnam = {"account_id": api.account_id,
            "object": {"carrier_code": 9998, "cnam": "Acme Sales", "phone_numbers": [peer["number"]]}}
    assert events[-2:] == [("number_management.peering_number_cnam_updated", cnam),
                           ("phone.peering_number_cnam_updated", cnam)]
    flagged = pick(numbers, lambda n: "carrier" in n and n.get("address_update_required"))
    assert api.patch(f"{NM}/numbers/{flagged['id']}", json={"confirm_address_update": True}).status_code == 204
    (name, payload), (twin, twin_payload) = events[-2:]
    assert (name, twin) == ("number_management.peering_number_emergency_address_updated",
                            "phone.peering_number_emergency_address_updated")
    assert twin_payload == payload
    assert payload["object"]["phone_numbers"] == [flagged["number"]]
    assert payload["object"]["emergency_address"]["address_line1"] == flagged["emergency_address"]["address_line1"]
    # a failed request emits nothing
    count = len(events)
    api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Other", "display_name": "x" * 40})
    assert len(events) == count
    assert api.get(f"{NM}/numbers/{peer['id']}").json()["caller_id_name"] == "Acme Sales"


# --- delete -------------------------------------------------------------------------------------


def test_delete_unassigned_numbers(api, numbers):
    doomed = [n for n in numbers if not n["assigned_list"] and n["source"] == "Zoom"][:2]
    r = api.delete(f"{NM}/numbers", params={"phone_numbers": ",".join(n["id"] for n in doomed)})
    assert r.status_code == 204
    for n in doomed:
        assert_error(api.get(f"{NM}/numbers/{n['id']}"), 404, 100002)
    assert len(numbers_of(api)) == len(numbers) - 2


def test_delete_is_all_or_nothing(api, other_api, numbers):
    free = pick(numbers, lambda n: not n["assigned_list"])
    body = assert_error(api.delete(f"{NM}/numbers", params={"phone_numbers": f"{free['id']},noSuchNumber"}),
                        400, 100002)
    assert body["message"] == "Phone number not found"
    assert api.get(f"{NM}/numbers/{free['id']}").status_code == 200
    # an assigned number is not deleted (unassign it first), nor anything with it
    taken = pick(numbers, lambda n: n["assigned_list"])
    r = api.delete(f"{NM}/numbers", params={"phone_numbers": f"{free['id']},{taken['id']}"})
    assert_error(r, 400, 300)
    assert taken["number"] in r.json()["message"]
    assert api.get(f"{NM}/numbers/{free['id']}").status_code == 200
    # another tenant cannot delete them
    assert_error(other_api.delete(f"{NM}/numbers", params={"phone_numbers": free["id"]}), 400, 100002)
    assert api.get(f"{NM}/numbers/{free['id']}").status_code == 200


def test_delete_needs_the_ids(api):
    body = assert_error(api.delete(f"{NM}/numbers"), 400, 300)
    assert body["errors"][0]["field"] == "phone_numbers"
