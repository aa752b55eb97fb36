"""Customized outbound caller ID numbers at account, site and user level."""

from __future__ import annotations

import httpx

NM = "/accounts/me/number_management"
CID = "outbound_caller_id/customized_numbers"


def _error(r, status: int, code: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def _numbers(client, nm: str = NM, **params) -> list[dict]:  # noqa: ANN001
    r = client.get(f"{nm}/numbers", params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()["numbers"]


def _phone_numbers(client, nm: str = NM) -> list[dict]:  # noqa: ANN001
    return [n for n in _numbers(client, nm, allocated_product="ZOOM_PHONE") if n["status"] == "Normal"]


def _site_ids(client) -> dict[str, str]:  # noqa: ANN001
    out: dict[str, str] = {}
    for n in _numbers(client):
        if n.get("site"):
            out.setdefault(n["site"]["name"], n["site"]["site_id"])
    return out


def _all(client, path: str, page_size: int = 1) -> tuple[list[dict], int]:  # noqa: ANN001
    items, token, total = [], "", None
    while True:
        params = {"page_size": page_size, **({"next_page_token": token} if token else {})}
        body = client.get(path, params=params).json()
        total = body["total_records"] if total is None else total
        items += body["customize_numbers"]
        token = body["next_page_token"]
        if not token:
            return items, total


def test_site_level_seeded_add_list_paginate_remove(api):
    sites = _site_ids(api)
    path = f"/phone/sites/{sites['Main Site']}/{CID}"
    seeded, total = _all(api, path)
    assert total == len(seeded) == 2
    first = seeded[0]
    inventory = {n["id"]: n for n in _numbers(api)}
    number = inventory[first["phone_number_id"]]
    assert first["phone_number"] == number["number"]
    assert first["incoming"] is True and first["outgoing"] is True
    assigned = number["assigned_list"][0]
    assert first["extension_id"] == assigned["assigned_to_id"]
    assert first["extension_number"] == assigned["extension_number"]
    assert first["site"] == {"id": number["site"]["site_id"], "name": number["site"]["name"]}

    have = {c["phone_number_id"] for c in seeded}
    new = [n["id"] for n in _phone_numbers(api) if n["id"] not in have][:3]
    r = api.post(path, json={"phone_number_ids": new + [seeded[0]["phone_number_id"]]})  # one already there
    assert r.status_code == 201, r.text
    items, total = _all(api, path, page_size=2)
    assert total == 5 and {c["phone_number_id"] for c in items} == have | set(new)
    # the other sites are untouched
    assert _all(api, f"/phone/sites/{sites['Austin Branch']}/{CID}")[1] == 0

    gone = [c["customize_id"] for c in items if c["phone_number_id"] in new[:2]]
    r = api.delete(path, params={"customize_ids": ",".join(gone)})
    assert r.status_code == 204, r.text
    items, total = _all(api, path)
    assert total == 3 and not {c["customize_id"] for c in items} & set(gone)


def test_site_level_errors(api, other_api, server):
    sites = _site_ids(api)
    path = f"/phone/sites/{sites['Main Site']}/{CID}"
    body = _error(api.post(f"/phone/sites/nope/{CID}", json={"phone_number_ids": ["x"]}), 400, 300)
    assert body["message"] == "Validation Failed. Site does not exist."
    _error(api.get(f"/phone/sites/nope/{CID}"), 400, 300)
    _error(other_api.get(path), 400, 300)
    _error(other_api.delete(path, params={"customize_ids": "x"}), 400, 300)
    # numbers must be the account's Zoom Phone numbers
    _error(api.post(path, json={"phone_number_ids": ["nope"]}), 400, 300)
    cc = next(n["id"] for n in _numbers(api) if n["allocated_product"] == "ZOOM_CONTACT_CENTER")
    _error(api.post(path, json={"phone_number_ids": [cc]}), 400, 300)
    _error(api.post(path, json={"phone_number_ids": []}), 400, 300)
    _error(api.post(path, json={"phone_number_ids": [f"id{i}" for i in range(101)]}), 400, 300)  # max 100
    # an unknown customize id: nothing is removed
    seeded = _all(api, path)[0]
    _error(api.delete(path, params={"customize_ids": f"{seeded[0]['customize_id']},nope"}), 400, 300)
    assert _all(api, path)[1] == 2
    # multiple sites switched off: site-level numbers cannot be managed
    httpx.patch(f"{server.base}/_phonestack/accounts/{api.account_id}", json={"options": {"multiple_sites": False}})
    _error(api.get(path), 400, 300)


def test_account_level_on_a_single_site_account(sub_api, api):
    path = f"/phone/{CID}"
    seeded, total = _all(sub_api, path)
    assert total == 2
    sub_nm = f"/accounts/{sub_api.account_id}/number_management"  # the master manages the sub's numbers
    sub_numbers = _phone_numbers(api, sub_nm)
    have = {c["phone_number_id"] for c in seeded}
    new = next(n for n in sub_numbers if n["id"] not in have)
    assert sub_api.post(path, json={"phone_number_ids": [new["id"]]}).status_code == 201
    items, total = _all(sub_api, path)
    assert total == 3
    added = next(c for c in items if c["phone_number_id"] == new["id"])
    assert added["phone_number"] == new["number"]
    assert sub_api.delete(path, params={"customize_ids": added["customize_id"]}).status_code == 204
    assert _all(sub_api, path)[1] == 2
    # a master's number is not the sub account's
    master_number = _phone_numbers(api)[0]["id"]
    _error(sub_api.post(path, json={"phone_number_ids": [master_number]}), 400, 300)
    # deleting a number removes its customization (FK cascade)
    unassigned = next((n for n in sub_numbers if not n["assigned_list"] and n["id"] in have), None)
    if unassigned is None:
        unassigned = next(n for n in sub_numbers if not n["assigned_list"])
        assert sub_api.post(path, json={"phone_number_ids": [unassigned["id"]]}).status_code == 201
    count = _all(sub_api, path)[1]
    assert api.delete(f"{sub_nm}/numbers", params={"phone_numbers": unassigned["id"]}).status_code == 204
    assert _all(sub_api, path)[1] == count - 1


def test_account_level_cannot_be_managed_with_several_sites(api):
    path = f"/phone/{CID}"
    assert api.get(path).json()["total_records"] == 0
    number = _phone_numbers(api)[0]["id"]
    body = _error(api.post(path, json={"phone_number_ids": [number]}), 400, 300)
    assert "multiple sites" in body["message"]
    _error(api.delete(path, params={"customize_ids": "x"}), 400, 300)
    _error(api.delete(f"/phone/sites/{_site_ids(api)['Main Site']}/{CID}"), 400, 300)  # customize_ids required


def test_user_level(api, other_api):
    users = [n["assigned_list"][0] for n in _numbers(api) if n["assigned_list"]
             and n["assigned_list"][0].get("assigned_to_type") == "User"]
    alice = users[0]["assigned_to_id"]
    path = f"/phone/users/{alice}/{CID}"
    seeded, total = _all(api, path)
    assert total == 2
    have = {c["phone_number_id"] for c in seeded}
    new = [n["id"] for n in _phone_numbers(api) if n["id"] not in have][:2]
    assert api.post(path, json={"phone_number_ids": new}).status_code == 201
    items, total = _all(api, path)
    assert total == 4
    # another user's list is separate
    other_user = next(u["assigned_to_id"] for u in users if u["assigned_to_id"] != alice)
    assert all(c["phone_number_id"] not in new for c in _all(api, f"/phone/users/{other_user}/{CID}")[0])
    ids = [c["customize_id"] for c in items if c["phone_number_id"] in new]
    assert api.delete(path, params={"customize_ids": ",".join(ids)}).status_code == 204
    assert _all(api, path)[1] == 2
    # an id of another owner is not this user's
    site_item = _all(api, f"/phone/sites/{_site_ids(api)['Main Site']}/{CID}")[0][0]
    _error(api.delete(path, params={"customize_ids": site_item["customize_id"]}), 400, 300)
    # unknown users and other tenants' users
    body = _error(api.get(f"/phone/users/nope/{CID}"), 404, 1001)
    assert body["message"] == "User does not exist:nope."
    _error(other_api.get(path), 404, 1001)
    _error(other_api.post(path, json={"phone_number_ids": new}), 404, 1001)
    body = _error(other_api.delete(path, params={"customize_ids": ids[0]}), 400, 300)  # Remove documents no 404
    assert body["message"] == "Invalid user id."
