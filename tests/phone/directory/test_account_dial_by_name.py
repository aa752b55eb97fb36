"""The account-level dial-by-name directory through HTTP, on the sites' directories (issue 4)."""

from __future__ import annotations

from typing import Any

from directory_helpers import common_areas, err, site_ids, users

DBN = "/phone/dial_by_name_directory/extensions"


def listed(api, site_id: str | None = None) -> list[dict[str, Any]]:  # noqa: ANN001
    if site_id:
        r = api.get(f"/phone/sites/{site_id}/dial_by_name_directory/extensions", params={"page_size": 100})
    else:
        r = api.get(DBN, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["result"]


def test_account_list_shows_the_sites_directories(api):
    ids = site_ids(api)
    main = listed(api, ids["Main Site"])
    assert main
    acct = listed(api)
    assert [e["extension_id"] for e in acct] == [e["extension_id"] for e in main]
    e = acct[0]
    assert e["site"] == {"id": ids["Main Site"], "name": "Main Site"} and e["display_name"] and e["extension_number"]
    page = api.get(DBN, params={"page_size": 2}).json()
    assert len(page["result"]) == 2 and page["next_page_token"]
    nxt = api.get(DBN, params={"page_size": 2, "next_page_token": page["next_page_token"]}).json()
    assert nxt["result"][0]["extension_id"] == acct[2]["extension_id"]
    err(api.get(DBN, params={"next_page_token": "forged"}), 400, 300)


def test_added_here_visible_at_site_level_and_back(api):
    ids = site_ids(api)
    london = ids["London Office"]
    assert listed(api, london) == []
    u1, u2 = users(api, london)[:2]
    r = api.post(DBN, json={"site_id": london, "extension_ids": [u1["id"]]})
    assert r.status_code == 201, r.text
    assert [e["extension_id"] for e in listed(api, london)] == [u1["id"]]
    assert u1["id"] in {e["extension_id"] for e in listed(api)}
    # added at site level: visible here
    r = api.post(f"/phone/sites/{london}/dial_by_name_directory/extensions", json={"extension_ids": [u2["id"]]})
    assert r.status_code == 201, r.text
    assert {u1["id"], u2["id"]} <= {e["extension_id"] for e in listed(api)}
    # deleted here (with site_id): gone at site level
    r = api.delete(DBN, params={"site_id": london, "extension_ids": u1["id"]})
    assert r.status_code == 204, r.text
    assert [e["extension_id"] for e in listed(api, london)] == [u2["id"]]
    # deleted at site level: gone here
    r = api.delete(f"/phone/sites/{london}/dial_by_name_directory/extensions", params={"extension_ids": u2["id"]})
    assert r.status_code == 204, r.text
    assert u2["id"] not in {e["extension_id"] for e in listed(api)}


def test_add_site_without_extension_ids_adds_its_users(api):
    ids = site_ids(api)
    austin = ids["Austin Branch"]
    r = api.post(DBN, json={"site_id": austin})
    assert r.status_code == 201, r.text
    got = {e["extension_id"] for e in listed(api, austin)}
    assert {u["id"] for u in users(api, austin)} <= got
    # adding again does not duplicate
    api.post(DBN, json={"site_id": austin})
    assert len(listed(api, austin)) == len(got)


def test_delete_without_site_acts_on_every_directory(api):
    ids = site_ids(api)
    main_entry = listed(api, ids["Main Site"])[0]["extension_id"]
    london = ids["London Office"]
    api.post(DBN, json={"site_id": london, "extension_ids": [main_entry]})
    assert main_entry in {e["extension_id"] for e in listed(api, london)}
    assert sum(1 for e in listed(api) if e["extension_id"] == main_entry) == 1  # each extension once
    assert api.delete(DBN, params={"extension_ids": main_entry}).status_code == 204
    assert main_entry not in {e["extension_id"] for e in listed(api, london)}
    assert main_entry not in {e["extension_id"] for e in listed(api, ids["Main Site"])}
    assert api.delete(DBN, params={"delete_all": "true"}).status_code == 204
    assert listed(api) == [] and listed(api, ids["Main Site"]) == []


def test_directory_errors(api, other_api):
    ids = site_ids(api)
    err(api.post(DBN, json={"site_id": "nope", "extension_ids": []}), 400, 300)
    err(api.post(DBN, json={"extension_ids": ["x"]}), 400, 300)  # site_id required
    err(api.post(DBN, json={"site_id": ids["Main Site"], "extension_ids": ["nope"]}), 400, 300)
    err(api.delete(DBN, params={"extension_ids": "nope"}), 400, 300)
    err(api.delete(DBN), 400, 300)
    err(api.delete(DBN, params={"site_id": "nope", "delete_all": "true"}), 400, 300)
    # another tenant's site and users
    other_site = other_api.get("/phone/sites").json()["sites"]
    if other_site:
        err(api.post(DBN, json={"site_id": other_site[0]["id"]}), 400, 300)
    u = users(api, ids["Main Site"])[0]
    other_sites = other_api.get("/phone/sites").json()["sites"]
    if other_sites:
        err(other_api.post(DBN, json={"site_id": other_sites[0]["id"], "extension_ids": [u["id"]]}), 400, 300)
    assert listed(other_api) == []


def test_deleted_common_area_leaves_the_account_directory(api):
    areas = {a["id"] for a in common_areas(api)}
    entry = next(e for e in listed(api) if e["extension_id"] in areas)
    assert api.delete(f"/phone/common_areas/{entry['extension_id']}").status_code == 204
    assert entry["extension_id"] not in {e["extension_id"] for e in listed(api)}
    err(api.delete(DBN, params={"extension_ids": entry["extension_id"]}), 400, 300)
