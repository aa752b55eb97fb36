"""Setting templates: list (site filter, pagination), add (type, name, site rules), get, update
(merge, documented validation)."""

from __future__ import annotations

import httpx

T = "/phone/setting_templates"


def _error(r, status: int, code: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def _sites(api) -> list[str]:  # noqa: ANN001
    numbers = api.get("/accounts/me/number_management/numbers", params={"page_size": 100}).json()["numbers"]
    seen: dict[str, str] = {}
    for n in numbers:
        if n.get("site"):
            seen.setdefault(n["site"]["name"], n["site"]["site_id"])
    return [seen["Main Site"], seen["London Office"], seen["Austin Branch"]]


def test_seeded_templates_and_site_filter(api):
    body = api.get(T).json()
    assert body["total_records"] == 2
    by_name = {t["name"]: t for t in body["templates"]}
    assert by_name["Main site user template"]["type"] == "user"
    assert by_name["Austin lobby phones"]["type"] == "commonArea"
    main, _london, austin = _sites(api)
    assert [t["name"] for t in api.get(T, params={"site_id": austin}).json()["templates"]] == ["Austin lobby phones"]
    assert [t["name"] for t in api.get(T, params={"site_id": main}).json()["templates"]] == [
        "Main site user template"]
    detail = api.get(f"{T}/{by_name['Main site user template']['id']}").json()
    assert detail["profile"] == {"country": "US", "area_code": "408"}
    assert detail["user_settings"]["desk_phone"] == {"pin_code": "2580"}


def test_site_filter_errors(api, server):
    body = _error(api.get(T, params={"site_id": "nope"}), 400, 300)
    assert "Site does not exist" in body["message"]
    r = httpx.patch(f"{server.base}/_phonestack/accounts/{api.account_id}", json={"options": {"multiple_sites": False}})
    assert r.status_code == 200
    body = _error(api.get(T, params={"site_id": _sites_after(api)}), 400, 300)
    assert body["message"] == "Multiple Sites option has been disabled. Enable it and try again."


def _sites_after(api) -> str:  # noqa: ANN001
    return api.get("/accounts/me/number_management/numbers").json()["numbers"][0]["site"]["site_id"]


def test_add_get_update_template(api):
    _main, london, _ = _sites(api)
    r = api.post(T, json={"name": "London users", "type": "user", "description": "UK defaults", "site_id": london})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["name"] == "London users" and created["type"] == "user" and created["description"] == "UK defaults"
    tid = created["id"]
    got = api.get(f"{T}/{tid}").json()
    assert got == {**created, "policy": {}, "profile": {}, "user_settings": {}}
    assert [t["id"] for t in api.get(T, params={"site_id": london}).json()["templates"]] == [tid]

    r = api.patch(f"{T}/{tid}", json={
        "name": "London users v2",
        "profile": {"country": "gb", "area_code": "20"},
        "policy": {"sms": {"enable": True}, "voicemail": {"enable": False}},
        "user_settings": {"audio_prompt_language": "en-GB", "desk_phone": {"pin_code": "4827"},
                          "call_handling": {"business_hours": {"ring_type": "sequential", "type": 2}}},
    })
    assert r.status_code == 204, r.text
    r = api.patch(f"{T}/{tid}", json={"policy": {"sms": {"international_sms": True}}})
    assert r.status_code == 204, r.text
    got = api.get(f"{T}/{tid}").json()
    assert got["name"] == "London users v2"
    assert got["profile"] == {"country": "GB", "area_code": "20"}
    assert got["policy"] == {"sms": {"enable": True, "international_sms": True}, "voicemail": {"enable": False}}
    assert got["user_settings"]["desk_phone"] == {"pin_code": "4827"}
    assert got["user_settings"]["call_handling"]["business_hours"] == {"ring_type": "sequential", "type": 2}
    # the list shows the new name
    names = {t["name"] for t in api.get(T).json()["templates"]}
    assert "London users v2" in names and "London users" not in names


def test_add_template_errors(api):
    _main, london, _ = _sites(api)
    body = _error(api.post(T, json={"name": "X", "type": "robot", "site_id": london}), 400, 300)
    assert body["message"].startswith("Validation failed. You provided an incorrect value for the template type.")
    # name unique per account
    _error(api.post(T, json={"name": "Main site user template", "type": "user", "site_id": london}), 400, 300)
    # the site must exist; several sites: site_id is required
    _error(api.post(T, json={"name": "Y", "type": "user", "site_id": "nope"}), 400, 300)
    _error(api.post(T, json={"name": "Y", "type": "user"}), 400, 300)
    assert api.get(T).json()["total_records"] == 2  # nothing was added
    # "autoReceptionist" is the documented "autReceptionist"
    r = api.post(T, json={"name": "AR", "type": "autoReceptionist", "site_id": london})
    assert r.status_code == 201 and r.json()["type"] == "autReceptionist"


def test_single_site_account_defaults_to_the_main_site(sub_api):
    r = sub_api.post(T, json={"name": "Lobby", "type": "commonArea"})
    assert r.status_code == 201, r.text
    assert any(t["name"] == "Lobby" for t in sub_api.get(T).json()["templates"])


def test_update_template_errors(api, other_api):
    tid = api.get(T).json()["templates"][0]["id"]
    _error(api.patch(f"{T}/{tid}", json={"profile": {"country": "ZZ"}}), 400, 300)
    _error(api.patch(f"{T}/{tid}", json={"profile": {"area_code": "1234567"}}), 400, 300)
    _error(api.patch(f"{T}/{tid}", json={"user_settings": {"audio_prompt_language": "xx-XX"}}), 400, 300)
    for pin, msg in (("12a4", "PIN code could only include numbers."),
                     ("12", "Invalid PIN code. PIN code must be 4 to 10 digits long."),
                     ("7777", "Invalid PIN code. The PIN code must not contain a group of repeated digits."),
                     ("3456", "PIN code cannot be an ascending or descending group of digits.")):
        body = _error(api.patch(f"{T}/{tid}", json={"user_settings": {"desk_phone": {"pin_code": pin}}}), 400, 300)
        assert body["message"] == msg
    _error(api.patch(f"{T}/{tid}", json={"user_settings": {"call_handling": {"business_hours": {
        "ring_type": "random"}}}}), 400, 300)
    body = _error(api.patch(f"{T}/{tid}", json={"policy": {"auto_call_recording": {
        "inbound_audio_notification": {"recording_start_prompt": True},
        "outbound_audio_notification": {"recording_start_prompt": False}}}}), 400, 13800)
    assert "Enable Caller Based Consent Options" in body["message"]
    # renaming onto another template's name
    other = api.get(T).json()["templates"][1]["name"]
    _error(api.patch(f"{T}/{tid}", json={"name": other}), 400, 300)
    # nothing changed
    assert api.get(f"{T}/{tid}").json()["user_settings"]["desk_phone"] == {"pin_code": "2580"}
    # unknown and other tenants' templates
    _error(api.get(f"{T}/nope"), 404, 404)
    _error(other_api.get(f"{T}/{tid}"), 404, 404)
    _error(other_api.patch(f"{T}/{tid}", json={"name": "stolen"}), 404, 404)
