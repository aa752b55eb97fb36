"""Allocating numbers to products and adding BYOC numbers."""

from __future__ import annotations

from nm_helpers import NM, assert_error, numbers_of, pick

# --- allocation ---------------------------------------------------------------------------------


def test_allocate_to_contact_center_and_back(api, numbers):
    n = pick(numbers, lambda n: not n["assigned_list"] and n["allocated_product"] == "ZOOM_PHONE"
             and n["source"] == "Zoom" and n["status"] == "Normal")
    r = api.patch(f"{NM}/allocation", json={"numbers": [n["id"]], "allocated_product": "ZOOM_CONTACT_CENTER"})
    assert r.status_code == 204
    got = api.get(f"{NM}/numbers/{n['id']}").json()
    assert got["allocated_product"] == "ZOOM_CONTACT_CENTER"
    assert "site" not in got
    austin = pick(numbers, lambda n: n.get("site", {}).get("name") == "Austin Branch")["site"]
    r = api.patch(f"{NM}/allocation", json={"numbers": [n["id"]], "allocated_product": "ZOOM_PHONE",
                                            "site_id": austin["site_id"]})
    assert r.status_code == 204
    got = api.get(f"{NM}/numbers/{n['id']}").json()
    assert got["allocated_product"] == "ZOOM_PHONE"
    assert got["site"] == austin


def test_unallocate_then_allocate_to_the_main_site(api, numbers):
    n = pick(numbers, lambda n: n["allocated_product"] == "UNALLOCATED" and n["number_type"] == "Toll")
    r = api.patch(f"{NM}/allocation", json={"numbers": [n["id"]], "allocated_product": "ZOOM_PHONE"})
    assert r.status_code == 204
    got = api.get(f"{NM}/numbers/{n['id']}").json()
    assert got["allocated_product"] == "ZOOM_PHONE"
    assert got["site"]["name"] == "Main Site"
    assert api.patch(f"{NM}/allocation", json={"numbers": [n["id"]], "allocated_product": "UNALLOCATED"}
                     ).status_code == 204
    assert api.get(f"{NM}/numbers/{n['id']}").json()["allocated_product"] == "UNALLOCATED"


def test_allocation_errors_change_nothing(api, other_api, numbers):
    free = pick(numbers, lambda n: n["allocated_product"] == "UNALLOCATED")
    taken = pick(numbers, lambda n: n["assigned_list"] and n["allocated_product"] == "ZOOM_PHONE")

    def patch(client, ids, product="ZOOM_CONTACT_CENTER", **extra):
        return client.patch(f"{NM}/allocation", json={"numbers": ids, "allocated_product": product, **extra})

    body = assert_error(patch(api, [free["id"], "noSuchNumber"]), 400, 100002)
    assert body["message"] == "Phone number not found"
    body = assert_error(patch(api, [free["id"], taken["id"]]), 400, 200002)
    assert body["message"] == "Unable to switch products for the number"
    assert_error(patch(api, [free["id"]], "ZOOM_PHONE", site_id="noSite"), 400, 1002010)
    assert_error(patch(api, [taken["id"]], "UNALLOCATED"), 400, 200002)
    # another tenant's numbers are unknown
    assert_error(patch(other_api, [free["id"]]), 400, 100002)
    assert api.get(f"{NM}/numbers/{free['id']}").json() == free
    assert api.get(f"{NM}/numbers/{taken['id']}").json() == taken
    # an assigned number may stay on its product
    assert patch(api, [taken["id"]], "ZOOM_PHONE").status_code == 204


def test_native_numbers_allocated_together_share_country_and_plan(api, numbers):
    toll = pick(numbers, lambda n: n["allocated_product"] == "UNALLOCATED" and n["number_type"] == "Toll")
    tf = pick(numbers, lambda n: n["allocated_product"] == "UNALLOCATED" and n["number_type"] == "TollFree")
    r = api.patch(f"{NM}/allocation", json={"numbers": [toll["id"], tf["id"]], "allocated_product": "ZOOM_PHONE"})
    assert_error(r, 400, 300)
    assert "same country or region" in r.json()["message"]
    assert api.get(f"{NM}/numbers/{toll['id']}").json()["allocated_product"] == "UNALLOCATED"
    # one at a time is fine, and so is unallocating them together
    for n in (toll, tf):
        assert api.patch(f"{NM}/allocation", json={"numbers": [n["id"]], "allocated_product": "ZOOM_PHONE"}
                         ).status_code == 204
    assert api.patch(f"{NM}/allocation", json={"numbers": [toll["id"], tf["id"]], "allocated_product": "UNALLOCATED"}
                     ).status_code == 204


def test_allocation_validation(api):
    body = assert_error(api.patch(f"{NM}/allocation", json={"numbers": ["x"], "allocated_product": "FAX"}), 400, 300)
    assert body["errors"][0]["field"] == "allocated_product"
    body = assert_error(api.patch(f"{NM}/allocation", json={"allocated_product": "ZOOM_PHONE"}), 400, 300)
    assert body["errors"][0]["field"] == "numbers"


# --- BYOC numbers -------------------------------------------------------------------------------


def _byoc(client, **body):
    return client.post(f"{NM}/byoc_numbers", json=body)


def _groups(api, product="ZOOM_PHONE"):
    return api.get(f"{NM}/sip_groups", params={"product": product}).json()["sip_groups"]


def test_add_byoc_numbers(api, numbers):
    group = pick(_groups(api), lambda g: g["display_name"] == "Premises Group A")
    site = pick(numbers, lambda n: n.get("site", {}).get("name") == "Austin Branch")["site"]
    r = _byoc(api, allocated_product="ZOOM_PHONE", phone_numbers=["+12095550101", "(209) 555-0102"],
              country_iso="US", site_id=site["site_id"], sip_group_id=group["sip_group_id"], enable_pci_pal=True)
    assert r.status_code == 201
    assert r.content == b""
    added = numbers_of(api, keyword="209555010")
    assert sorted(n["number"] for n in added) == ["+12095550101", "+12095550102"]
    for n in added:
        assert n["source"] == "BYOCPremises"
        assert n["allocated_product"] == "ZOOM_PHONE"
        assert n["site"] == site
        assert n["sip_group"] == {"id": group["sip_group_id"], "name": "Premises Group A"}
        assert "PCIPal" in n["capability"]
        assert n["status"] == "Normal" and n["number_type"] == "Toll"
        assert n["assigned_list"] == []
    assert len(numbers_of(api)) == len(numbers) + 2


def test_add_byoc_contact_center_and_cloud_numbers(api):
    cc_group = pick(_groups(api, "ZOOM_CONTACT_CENTER"), lambda g: g["source_system"] == "ZOOM_CONTACT_CENTER")
    r = _byoc(api, allocated_product="ZOOM_CONTACT_CENTER", phone_numbers=["+18885550199", "+442071234567"],
              sip_group_id=cc_group["sip_group_id"])
    assert r.status_code == 201
    tf = numbers_of(api, keyword="+18885550199")[0]
    assert tf["number_type"] == "TollFree" and tf["allocated_product"] == "ZOOM_CONTACT_CENTER"
    assert "site" not in tf
    uk = numbers_of(api, keyword="+442071234567")[0]
    assert uk["location"] == {"country": "United Kingdom"}
    # Zoom Phone numbers without a SIP group are BYOC-Cloud numbers
    site = api.get(f"{NM}/numbers").json()["numbers"][0]["site"]["site_id"]
    assert _byoc(api, allocated_product="ZOOM_PHONE", phone_numbers=["+13125550100"], site_id=site).status_code == 201
    assert numbers_of(api, keyword="+13125550100")[0]["source"] == "BYOCCloud"


def test_byoc_per_number_failures_are_1000_and_add_nothing(api, numbers):
    site = numbers[0]["site"]["site_id"]
    existing = numbers[0]["number"]
    r = _byoc(api, allocated_product="ZOOM_PHONE", site_id=site,
              phone_numbers=["+12095550111", "+0123", "12ab", existing, "2095550112"])
    body = assert_error(r, 400, 1000)
    assert body["message"].startswith("Some data failed.")
    assert body["errors"] == [
        {"phoneNumber": "+0123", "reason": "Phone Number format invalid"},
        {"phoneNumber": "12ab", "reason": "Phone Number format invalid"},
        {"phoneNumber": "2095550112", "reason": "country_iso is required for a local number"},
        {"phoneNumber": existing, "reason": "Phone Number already exists"},
    ]
    assert '"phoneNumber":"+0123"' in body["message"]
    assert numbers_of(api, keyword="2095550111") == []
    assert len(numbers_of(api)) == len(numbers)


def test_byoc_request_errors(api, numbers):
    site = numbers[0]["site"]["site_id"]
    zp_group = pick(_groups(api), lambda g: g["display_name"] == "Premises Group A")["sip_group_id"]
    common = pick(_groups(api), lambda g: g["source_system"] == "COMMON")["sip_group_id"]
    cc_group = pick(_groups(api, "ZOOM_CONTACT_CENTER"),
                    lambda g: g["source_system"] == "ZOOM_CONTACT_CENTER")["sip_group_id"]
    one = ["+12095550199"]
    body = assert_error(_byoc(api, allocated_product="ZOOM_PHONE", site_id=site,
                              phone_numbers=[f"+1209555{i:04d}" for i in range(101)]), 400, 1003001)
    assert body["message"].startswith("Too many numbers, should less than 100")
    body = assert_error(_byoc(api, allocated_product="ZOOM_PHONE", site_id=site, phone_numbers=one,
                              sip_group_id="noSuchGroup"), 400, 100001)
    assert body["message"] == "Sip Group not found"
    # a Contact Center number needs a Contact Center (or common) SIP group
    assert_error(_byoc(api, allocated_product="ZOOM_CONTACT_CENTER", phone_numbers=one), 400, 100001)
    assert_error(_byoc(api, allocated_product="ZOOM_CONTACT_CENTER", phone_numbers=one,
                       sip_group_id=zp_group), 400, 100001)
    body = assert_error(_byoc(api, allocated_product="ZOOM_PHONE", site_id=site, phone_numbers=one,
                              sip_group_id=common, enable_pci_pal=True), 400, 200005)
    assert body["message"] == "Current sip group don't support PCIPal"
    assert_error(_byoc(api, allocated_product="ZOOM_CONTACT_CENTER", phone_numbers=one, sip_group_id=cc_group,
                       enable_pci_pal=True), 400, 200005)
    body = assert_error(_byoc(api, allocated_product="ZOOM_PHONE", phone_numbers=one), 400, 1002003)
    assert body["message"] == "Site cannot be empty in zoom phone"
    assert_error(_byoc(api, allocated_product="ZOOM_PHONE", phone_numbers=one, site_id="noSite"), 400, 1002010)
    body = assert_error(_byoc(api, allocated_product="ZOOM_PHONE", site_id=site, phone_numbers=one,
                              country_iso="ZZ"), 400, 300)
    assert body["errors"][0]["field"] == "country_iso"
    body = assert_error(_byoc(api, allocated_product="UNALLOCATED", phone_numbers=one), 400, 300)
    assert body["errors"][0]["field"] == "allocated_product"
    assert numbers_of(api, keyword="+12095550199") == []


def test_byoc_disabled_account_is_1004(tenant):
    client = tenant("No BYOC", byoc=False, multiple_sites=False)
    body = assert_error(_byoc(client, allocated_product="ZOOM_PHONE", phone_numbers=["+12095550100"]), 400, 1004)
    assert body["message"] == "BYOC Phone Numbers are not enabled for this account"
    assert numbers_of(client) == []


def test_byoc_single_site_account_needs_no_site(tenant):
    client = tenant("One site", multiple_sites=False)
    assert _byoc(client, allocated_product="ZOOM_PHONE", phone_numbers=["+12095550100"]).status_code == 201
    got = numbers_of(client)
    assert [n["number"] for n in got] == ["+12095550100"]
    assert "site" not in got[0]  # the account has no site at all


def test_concurrent_adds_of_one_number_never_fail_with_500(api, numbers):
    from concurrent.futures import ThreadPoolExecutor

    site = numbers[0]["site"]["site_id"]
    body = {"allocated_product": "ZOOM_PHONE", "site_id": site, "phone_numbers": ["+12095550777", "+12095550778"]}
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: api.post(f"{NM}/byoc_numbers", json=body), range(6)))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [400] * 5, [r.text for r in results]
    assert all(r.json()["code"] == 1000 for r in results if r.status_code == 400)
    assert len(numbers_of(api, keyword="+120955507")) == 2


def test_a_number_inserted_meanwhile_fails_as_already_existing(server, api, numbers):
    """The unique constraint (account, number) backs the "already exists" check when a
    concurrent request (another worker) adds the same number between check and insert."""
    from types import SimpleNamespace

    import pytest
    from sqlalchemy import select

    from phonestack import spec
    from phonestack.http.errors import ApiError
    from phonestack.numbers.provider import _insert_numbers
    from phonestack.store import schema as t
    from phonestack.store.util import new_id, stamps

    op = next(o for o in spec.operations().values() if o.path.endswith("/number_management/byoc_numbers"))
    taken = numbers[0]["number"]
    row = {"id": new_id(), "account_id": api.account_id, "number": taken, "capability": [], **stamps()}
    fresh = {**row, "id": new_id(), "number": "+12095550999"}
    with server.app.engine.begin() as conn:
        ctx = SimpleNamespace(conn=conn, account_id=api.account_id, op=op)
        with pytest.raises(ApiError) as err:
            _insert_numbers(ctx, [fresh, row])
        assert err.value.code == 1000
        assert err.value.errors == [{"phoneNumber": taken, "reason": "Phone Number already exists"}]
        # the savepoint rolled back: the transaction is usable and added nothing
        assert conn.execute(select(t.phone_numbers.c.id).where(
            t.phone_numbers.c.number == "+12095550999")).first() is None
        conn.rollback()
