"""Common area settings by type through HTTP: desk phones, holiday hours, custom hours (issue 3)."""

from __future__ import annotations

from typing import Any

CA = "/phone/common_areas"


def areas(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(CA, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {a["display_name"]: a for a in r.json()["common_areas"]}


def settings(api, area_id: str) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"{CA}/{area_id}/settings")
    assert r.status_code == 200, r.text
    return r.json()


def spare_phone(api, site_id: str | None = None) -> dict[str, Any]:  # noqa: ANN001
    params: dict[str, Any] = {"type": "unassigned", "page_size": 100}
    if site_id:
        params["site_id"] = site_id
    devices = api.get("/phone/devices", params=params).json()["devices"]
    assert devices, "the demo seed has unassigned desk phones"
    return devices[0]


def test_get_settings_reads_real_rows(api):
    a = areas(api)
    s = settings(api, a["Lobby"]["id"])
    assert [d["id"] for d in s["desk_phones"]] == [d["id"] for d in a["Lobby"]["desk_phones"]]
    phone = s["desk_phones"][0]
    assert len(phone["mac_address"]) == 12 and phone["hot_desking"]["status"] == "off"
    # holidays: the Lobby inherits its site's; the Front Desk has its own
    site_id = a["Lobby"]["site"]["id"]
    site_holidays = api.get(f"/phone/sites/{site_id}/settings/holiday_hours")
    lobby_names = [h["name"] for h in s["holiday_hours"]]
    if site_holidays.status_code == 200:
        body = site_holidays.json()
        site_list = (body.get("holiday_hours") or {}).get("holidays", body.get("holidays", []))
        assert lobby_names == [h["name"] for h in site_list]
    assert lobby_names  # the sites seed gives every site holidays
    fd = settings(api, a["Front Desk"]["id"])
    assert [h["name"] for h in fd["holiday_hours"]] == ["Office closed: inventory", "Company offsite"]
    assert fd["custom_hours_settings"]["custom_hour_type"] == 2
    assert fd["custom_hours_settings"]["custom_hours"][1] == {"weekday": 2, "type": 2, "from": "07:30", "to": "19:00"}


def test_settings_of_unknown_area(api, other_api):
    lobby = areas(api)["Lobby"]
    r = other_api.get(f"{CA}/{lobby['id']}/settings")
    assert r.status_code == 400 and r.json()["code"] == 404
    assert r.json()["message"] == f"Common area does not exist: {lobby['id']}."
    for method in ("post", "patch", "delete"):
        r = getattr(api, method)(f"{CA}/nope/settings/holiday_hours", **({} if method == "delete" else {"json": {}}))
        assert r.status_code == 400 and r.json()["code"] == 404, (method, r.text)


def test_unknown_setting_type(api):
    lobby = areas(api)["Lobby"]
    for method in ("post", "patch", "delete"):
        r = getattr(api, method)(f"{CA}/{lobby['id']}/settings/ringtones", **({} if method == "delete" else {"json": {}}))
        assert r.status_code == 400 and r.json()["code"] == 300, (method, r.text)


def test_desk_phone_add_patch_delete(api):
    a = areas(api)
    lobby = a["Lobby"]
    spare = spare_phone(api, lobby["site"]["id"])
    r = api.post(f"{CA}/{lobby['id']}/settings/desk_phone", json={"device_id": spare["id"]})
    assert r.status_code == 201, r.text
    assert spare["id"] in [d["id"] for d in r.json()["desk_phones"]]
    assert spare["id"] in [d["id"] for d in settings(api, lobby["id"])["desk_phones"]]
    dev = api.get(f"/phone/devices/{spare['id']}").json()
    assert dev["assignee"]["id"] == lobby["id"] and dev["assignee"]["extension_type"] == "commonArea"
    # hot desking per desk phone
    r = api.patch(f"{CA}/{lobby['id']}/settings/desk_phone",
                  json={"desk_phones": [{"id": spare["id"], "hot_desking": {"status": "on"}}]})
    assert r.status_code == 204, r.text
    got = {d["id"]: d for d in settings(api, lobby["id"])["desk_phones"]}
    assert got[spare["id"]]["hot_desking"]["status"] == "on"
    # a desk phone that is not the common area's
    other = a["Break Room"]["desk_phones"][0]["id"]
    r = api.patch(f"{CA}/{lobby['id']}/settings/desk_phone",
                  json={"desk_phones": [{"id": other, "hot_desking": {"status": "on"}}]})
    assert r.status_code == 400
    r = api.delete(f"{CA}/{lobby['id']}/settings/desk_phone", params={"device_id": other})
    assert r.status_code == 400
    # remove it
    assert api.delete(f"{CA}/{lobby['id']}/settings/desk_phone", params={"device_id": spare["id"]}).status_code == 204
    ids = [d["id"] for d in settings(api, lobby["id"])["desk_phones"]]
    assert spare["id"] not in ids and ids  # the Lobby's own phone stays
    assert "assignee" not in api.get(f"/phone/devices/{spare['id']}").json()


def test_desk_phone_add_errors(api):
    a = areas(api)
    london = a["Conference Room B"]
    r = api.post(f"{CA}/{london['id']}/settings/desk_phone", json={"device_id": "nope"})
    assert r.status_code == 400
    r = api.post(f"{CA}/{london['id']}/settings/desk_phone", json={})
    assert r.status_code == 400
    # a phone already serving extensions of another site
    main_phone = a["Lobby"]["desk_phones"][0]["id"]
    r = api.post(f"{CA}/{london['id']}/settings/desk_phone", json={"device_id": main_phone})
    assert r.status_code == 400 and "same site" in str(r.json())
    assert [d["id"] for d in settings(api, london["id"])["desk_phones"]] == [
        d["id"] for d in london["desk_phones"]]


def test_holiday_hours_add_update_delete(api):
    lobby = areas(api)["Lobby"]
    inherited = settings(api, lobby["id"])["holiday_hours"]
    r = api.post(f"{CA}/{lobby['id']}/settings/holiday_hours", json={"holiday_hours": {"holidays": [
        {"name": "Lobby renovation", "from": "2027-03-01T00:00:00Z", "to": "2027-03-02T23:59:00Z"}]}})
    assert r.status_code == 201, r.text
    holidays = r.json()["holiday_hours"]["holidays"]
    added = holidays[-1]
    assert added["name"] == "Lobby renovation" and added["holiday_id"]
    got = settings(api, lobby["id"])["holiday_hours"]
    assert [h["name"] for h in got] == [h["name"] for h in inherited] + ["Lobby renovation"]
    r = api.patch(f"{CA}/{lobby['id']}/settings/holiday_hours", json={"holiday_hours": {"holidays": [
        {"holiday_id": added["holiday_id"], "name": "Lobby closed"}]}})
    assert r.status_code == 204, r.text
    got = {h["holiday_id"]: h for h in settings(api, lobby["id"])["holiday_hours"]}
    assert got[added["holiday_id"]]["name"] == "Lobby closed"
    assert got[added["holiday_id"]]["from"] == "2027-03-01T00:00:00Z"
    # delete: back to the site's holidays
    assert api.delete(f"{CA}/{lobby['id']}/settings/holiday_hours").status_code == 204
    assert settings(api, lobby["id"])["holiday_hours"] == inherited


def test_holiday_hours_errors(api):
    lobby = areas(api)["Lobby"]
    url = f"{CA}/{lobby['id']}/settings/holiday_hours"
    for holidays in ([], [{"name": "X", "from": "2027-03-01", "to": "2027-03-02T00:00:00Z"}],
                     [{"name": "X", "from": "2027-03-02T00:00:00Z", "to": "2027-03-01T00:00:00Z"}],
                     [{"from": "2027-03-01T00:00:00Z", "to": "2027-03-02T00:00:00Z"}],
                     [{"name": f"H{i}", "from": "2027-03-01T00:00:00Z", "to": "2027-03-02T00:00:00Z"}
                      for i in range(11)]):
        r = api.post(url, json={"holiday_hours": {"holidays": holidays}})
        assert r.status_code == 400 and r.json()["code"] == 300, (holidays, r.text)
    r = api.patch(url, json={"holiday_hours": {"holidays": [{"holiday_id": "nope", "name": "X"}]}})
    assert r.status_code == 400


def test_custom_hours(api):
    wh = areas(api)["Warehouse"]
    url = f"{CA}/{wh['id']}/settings/custom_hours"
    hours = [{"weekday": d, "type": 2, "from": "06:00", "to": "14:00"} for d in range(2, 7)]
    r = api.patch(url, json={"custom_hours_settings": {"custom_hour_type": 2, "custom_hours": hours}})
    assert r.status_code == 204, r.text
    got = settings(api, wh["id"])["custom_hours_settings"]
    assert got["custom_hour_type"] == 2 and got["custom_hours"] == hours
    r = api.patch(url, json={"custom_hours_settings": {"custom_hour_type": 1}})
    assert settings(api, wh["id"])["custom_hours_settings"]["custom_hour_type"] == 1
    r = api.patch(url, json={"custom_hours_settings": {"custom_hours": [{"weekday": 2, "type": 2, "from": "25:00",
                                                                         "to": "26:00"}]}})
    assert r.status_code == 400
    assert api.delete(url).status_code == 204
    # back to what the site says
    got = settings(api, wh["id"])["custom_hours_settings"]
    assert got.get("custom_hours") != hours
