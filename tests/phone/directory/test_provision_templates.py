"""Provision templates through HTTP: CRUD, names, reserved keys, use by desk phones (issue 4)."""

from __future__ import annotations

from typing import Any

from directory_helpers import err

PT = "/phone/provision_templates"


def templates(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(PT, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {t["name"]: t for t in r.json()["provision_templates"]}


def a_device(api) -> dict[str, Any]:  # noqa: ANN001
    devs = api.get("/phone/devices", params={"page_size": 100}).json()["devices"]
    return next(d for d in devs if not d.get("provision_template_id"))


def test_list_seeded_templates_with_bound_devices(api):
    got = templates(api)
    assert {"Yealink default", "Lobby phones", "Poly VVX defaults", "Cisco MPP defaults"} <= set(got)
    devs = api.get("/phone/devices", params={"page_size": 100}).json()["devices"]
    for t in got.values():
        assert t["bound_device_count"] == sum(1 for d in devs if d.get("provision_template_id") == t["id"])
    assert sum(t["bound_device_count"] for t in got.values()) > 0
    r = api.get(PT, params={"page_size": 1})
    assert r.json()["total_records"] == len(got) and r.json()["next_page_token"]
    second = api.get(PT, params={"page_size": 1, "next_page_token": r.json()["next_page_token"]}).json()
    assert second["provision_templates"][0]["id"] != r.json()["provision_templates"][0]["id"]
    err(api.get(PT, params={"next_page_token": "forged"}), 400, 300)


def test_add_get_update_template(api):
    r = api.post(PT, json={"name": "  Branch T5x ", "description": "Branch phones",
                           "content": "static.firmware.url = https://fw.example.com/t5x.rom"})
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    assert r.json()["name"] == "Branch T5x"
    got = api.get(f"{PT}/{tid}").json()
    assert got == {"id": tid, "name": "Branch T5x", "description": "Branch phones",
                   "content": "static.firmware.url = https://fw.example.com/t5x.rom", "bound_device_count": 0}
    assert templates(api)["Branch T5x"]["id"] == tid
    r = api.patch(f"{PT}/{tid}", json={"name": "Branch T5x v2", "content": "lang.gui = English"})
    assert r.status_code == 204, r.text
    got = api.get(f"{PT}/{tid}").json()
    assert (got["name"], got["description"], got["content"]) == ("Branch T5x v2", "Branch phones", "lang.gui = English")


def test_template_validation(api):
    err(api.post(PT, json={"description": "no name"}), 400, 300)
    err(api.post(PT, json={"name": "   "}), 400, 300)
    err(api.post(PT, json={"name": "yealink DEFAULT"}), 400, 400, "Provision template name (yealink DEFAULT) already exists.")
    err(api.post(PT, json={"name": "Bad", "content": "lang.gui = English\naccount.1.password = x"}), 400, 400,
        "template should not contain reserved parameters (Key: account.1.password).")
    assert "Bad" not in templates(api)
    tid = templates(api)["Poly VVX defaults"]["id"]
    err(api.patch(f"{PT}/{tid}", json={"name": "Lobby phones"}), 400, 400, "Provision template name (Lobby phones) already exists.")
    err(api.patch(f"{PT}/{tid}", json={"content": "static.auto_provision.server.url = http://x"}), 400, 400)
    assert api.get(f"{PT}/{tid}").json()["name"] == "Poly VVX defaults"
    # renaming to its own name is fine
    assert api.patch(f"{PT}/{tid}", json={"name": "Poly VVX defaults"}).status_code == 204


def test_unknown_and_other_tenant_template(api, other_api):
    missing = "Provision template does not exist."
    err(api.get(f"{PT}/nope"), 404, 404, missing)
    err(api.patch(f"{PT}/nope", json={"name": "x"}), 400, 404, missing)
    err(api.delete(f"{PT}/nope"), 400, 404, missing)
    tid = templates(api)["Poly VVX defaults"]["id"]
    err(other_api.get(f"{PT}/{tid}"), 404, 404, missing)
    err(other_api.delete(f"{PT}/{tid}"), 400, 404, missing)
    assert other_api.get(PT).json()["provision_templates"] == []


def test_devices_use_created_templates_and_delete_detaches(api):
    tid = api.post(PT, json={"name": "Desk rollout"}).json()["id"]
    dev = a_device(api)
    r = api.put(f"/phone/devices/{dev['id']}/provision_templates", json={"provision_template_id": tid})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/devices/{dev['id']}").json()["provision_template_id"] == tid
    assert api.get(f"{PT}/{tid}").json()["bound_device_count"] == 1
    # an unknown template is refused by the devices family
    r = api.put(f"/phone/devices/{dev['id']}/provision_templates", json={"provision_template_id": "nope"})
    assert r.status_code == 400 and r.json()["code"] in (300, 404), r.text
    # deleting the template detaches it
    assert api.delete(f"{PT}/{tid}").status_code == 204
    assert api.get(f"/phone/devices/{dev['id']}").json()["provision_template_id"] == ""
    err(api.get(f"{PT}/{tid}"), 404, 404)
    r = api.put(f"/phone/devices/{dev['id']}/provision_templates", json={"provision_template_id": tid})
    assert r.status_code == 400, r.text


def test_delete_seeded_template_detaches_all_its_devices(api):
    t = templates(api)["Yealink default"]
    assert t["bound_device_count"] >= 1
    assert api.delete(f"{PT}/{t['id']}").status_code == 204
    devs = api.get("/phone/devices", params={"page_size": 100}).json()["devices"]
    assert all(d.get("provision_template_id") != t["id"] for d in devs)
    assert "Yealink default" not in templates(api)


def test_read_only_scope_cannot_add_template(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get(PT).status_code == 200
    err(client.post(PT, json={"name": "x"}), 400, 4700)
