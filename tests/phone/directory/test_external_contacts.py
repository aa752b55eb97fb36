"""External contacts through HTTP: CRUD, validation, uniqueness, profile pictures (issue 4)."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from directory_helpers import err

EC = "/phone/external_contacts"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def contacts(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(EC, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["external_contacts"]


def test_list_seeded_contacts_and_paging(api):
    got = {c["name"]: c for c in contacts(api)}
    assert len(got) == 5
    acme = got["Acme Facilities"]
    assert acme["phone_numbers"] == ["+12025550143"] and acme["auto_call_recorded"] is True
    assert acme["id"] == "ext_contact_01" and acme["external_contact_id"]
    assert got["Legacy PBX Reception"]["routing_path"] == "Premises Group A"
    page1 = api.get(EC, params={"page_size": 2}).json()
    assert len(page1["external_contacts"]) == 2 and page1["next_page_token"]
    page2 = api.get(EC, params={"page_size": 2, "next_page_token": page1["next_page_token"]}).json()
    assert not {c["external_contact_id"] for c in page1["external_contacts"]} & {
        c["external_contact_id"] for c in page2["external_contacts"]}
    err(api.get(EC, params={"next_page_token": "forged"}), 400, 300)


def test_add_get_update_delete_contact(api):
    r = api.post(EC, json={"name": "Johnson", "email": "johnson@example.com", "id": "crm-42",
                           "extension_number": "101014", "phone_numbers": ["+12058945656"],
                           "description": "External contact Johnson", "auto_call_recorded": True,
                           "routing_path": "Common Group", "enable_internal_extension": True})
    assert r.status_code == 201, r.text
    cid = r.json()["external_contact_id"]
    assert r.json()["name"] == "Johnson"
    got = api.get(f"{EC}/{cid}").json()
    assert got == {"external_contact_id": cid, "id": "crm-42", "name": "Johnson", "email": "johnson@example.com",
                   "description": "External contact Johnson", "extension_number": "101014",
                   "phone_numbers": ["+12058945656"], "auto_call_recorded": True, "enable_internal_extension": True,
                   "routing_path": "Common Group"}
    # the customer-configured id names it too
    assert api.get(f"{EC}/crm-42").json()["external_contact_id"] == cid
    r = api.patch(f"{EC}/{cid}", json={"name": "Johnson & Co", "phone_numbers": ["+12058945657", "+442079460000"],
                                       "auto_call_recorded": False})
    assert r.status_code == 204, r.text
    got = api.get(f"{EC}/{cid}").json()
    assert got["name"] == "Johnson & Co" and got["phone_numbers"] == ["+12058945657", "+442079460000"]
    assert got["auto_call_recorded"] is False and got["email"] == "johnson@example.com"
    assert any(c["external_contact_id"] == cid for c in contacts(api))
    assert api.delete(f"{EC}/crm-42").status_code == 204
    err(api.get(f"{EC}/{cid}"), 400, 400, f"External contact does not exist: {cid}.")
    err(api.delete(f"{EC}/{cid}"), 400, 300)
    err(api.patch(f"{EC}/{cid}", json={"name": "x"}), 400, 400, f"External contact does not exist: {cid}.")


def test_contact_validation(api):
    err(api.post(EC, json={"name": "No number"}), 400, 300)  # an extension number or a phone number
    err(api.post(EC, json={"name": "Bad", "phone_numbers": ["2058945656"]}), 400, 300)  # not E.164
    err(api.post(EC, json={"name": "Bad", "phone_numbers": ["+1 205 894"]}), 400, 300)
    err(api.post(EC, json={"name": "Bad", "extension_number": "12a"}), 400, 300)
    err(api.post(EC, json={"name": "Bad", "extension_number": "5000", "email": "nope"}), 400, 300)
    err(api.post(EC, json={"name": "Bad", "extension_number": "5000", "routing_path": "No Such Group"}), 400, 300)
    err(api.post(EC, json={"name": " ", "extension_number": "5000"}), 400, 300)
    # unique: the customer id, the extension number (with the account's extensions too)
    err(api.post(EC, json={"name": "Dup", "id": "ext_contact_01", "extension_number": "5000"}), 400, 300)
    seeded_ext = contacts(api)[0]["extension_number"]
    err(api.post(EC, json={"name": "Dup", "extension_number": seeded_ext}), 400, 300)
    user_ext = api.get("/phone/users", params={"page_size": 1}).json()["users"][0]["extension_number"]
    err(api.post(EC, json={"name": "Dup", "extension_number": str(user_ext)}), 400, 300)
    assert len(contacts(api)) == 5
    cid = contacts(api)[0]["external_contact_id"]
    err(api.patch(f"{EC}/{cid}", json={"phone_numbers": ["12345"]}), 400, 400)
    err(api.patch(f"{EC}/{cid}", json={"extension_number": "", "phone_numbers": []}), 400, 400)
    assert api.get(f"{EC}/{cid}").json()["phone_numbers"] == ["+12025550143"]


def test_other_tenant_contact(api, other_api, sub_api):
    cid = contacts(api)[0]["external_contact_id"]
    err(other_api.get(f"{EC}/{cid}"), 400, 400)
    err(sub_api.patch(f"{EC}/{cid}", json={"name": "x"}), 400, 400)
    err(other_api.delete(f"{EC}/{cid}"), 400, 300)
    assert other_api.get(EC).json()["external_contacts"] == []


def test_profile_picture(api, server):
    data = base64.b64encode(PNG).decode()
    r = api.post(EC, json={"name": "Pic", "extension_number": "880001",
                           "profile_picture": {"type": "PNG", "base64_encoding": data}})
    assert r.status_code == 201, r.text
    cid = r.json()["external_contact_id"]
    url = api.get(f"{EC}/{cid}").json()["profile_picture_download_url"]
    got = httpx.get(url, headers={"Authorization": f"Bearer {api.token}"})
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"].startswith("image/png")
    err(api.post(EC, json={"name": "Pic2", "extension_number": "880002",
                           "profile_picture": {"type": "GIF", "base64_encoding": data}}), 400, 300,
        "Profile picture file type error.")
    err(api.post(EC, json={"name": "Pic2", "extension_number": "880002",
                           "profile_picture": {"type": "PNG", "base64_encoding": "***"}}), 400, 300,
        "Profile picture file data error.")
    # (a picture over 2 MB cannot arrive: its base64 text exceeds the server's 2 MB body limit, 413)
    # an empty base64_encoding resets the picture
    r = api.patch(f"{EC}/{cid}", json={"profile_picture": {"type": "PNG", "base64_encoding": ""}})
    assert r.status_code == 204, r.text
    assert "profile_picture_download_url" not in api.get(f"{EC}/{cid}").json()
    assert httpx.get(url, headers={"Authorization": f"Bearer {api.token}"}).status_code == 404
