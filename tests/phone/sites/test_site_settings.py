"""Site settings by type and the dial-by-name directory of a site."""

from __future__ import annotations

from typing import Any


def err(r, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.json()["code"] == code, r.json()
    return r.json()


def site_ids(api) -> dict[str, str]:
    return {s["name"]: s["id"] for s in api.get("/phone/sites").json()["sites"]}


def extensions(api, site_id: str | None = None) -> list[dict[str, Any]]:
    from sqlalchemy import create_engine, select

    from phonestack.store import schema as t
    from phonestack.store.db import normalise_url

    eng = create_engine(normalise_url(api.server.database_url))
    with eng.connect() as conn:
        q = select(t.extensions).where(t.extensions.c.account_id == api.account_id).order_by(t.extensions.c.pk)
        rows = [r._asdict() for r in conn.execute(q)]
    eng.dispose()
    return [r for r in rows if site_id is None or r["site_id"] == site_id]


def test_get_setting_types_from_real_state(api):
    sid = site_ids(api)["Main Site"]
    bh = api.get(f"/phone/sites/{sid}/settings/business_hours").json()["business_hours"]
    assert bh["custom_hour_type"] == 2 and len(bh["custom_hours"]) == 7
    main_ar = api.get(f"/phone/sites/{sid}").json()["main_auto_receptionist"]
    assert bh["overflow"]["operator"]["extension_id"] == main_ar["id"]
    assert bh["overflow"]["operator"]["extension_type"] == "autoReceptionist"
    hh = api.get(f"/phone/sites/{sid}/settings/holiday_hours").json()["holiday_hours"]
    assert len(hh["holidays"]) == 3 and all(h["holiday_id"] for h in hh["holidays"])
    assert len(api.get(f"/phone/sites/{sid}/settings/security").json()["security"]["device_types"]) == 2
    assert api.get(f"/phone/sites/{sid}/settings/dial_by_name").json()["dial_by_name"]["rule"] == "last_name"
    assert api.get(f"/phone/sites/{sid}/settings/billing_account").json() == {"billing_account": {}}
    err(api.get(f"/phone/sites/{sid}/settings/nonsense"), 400, 300)
    err(api.get("/phone/sites/nope/settings/business_hours"), 400, 400)


def test_update_setting_reads_back(api):
    sid = site_ids(api)["London Office"]
    queue = next(e for e in extensions(api) if e["type"] == "callQueue")
    r = api.patch(f"/phone/sites/{sid}/settings/closed_hours", json={"closed_hours": {"overflow": {
        "allow_caller_to_reach_operator": True, "operator": {"extension_id": queue["id"]}}}})
    assert r.status_code == 204, r.text
    ov = api.get(f"/phone/sites/{sid}/settings/closed_hours").json()["closed_hours"]["overflow"]
    assert ov["operator"] == {"extension_id": queue["id"], "display_name": queue["name"],
                              "extension_type": "callQueue", "extension_number": queue["extension_number"]}
    r = api.patch(f"/phone/sites/{sid}/settings/desk_phone", json={
        "desk_phone": {"hot_desking_session_timeout": {"number": 15, "unit": "minutes"}},
        "general_setting": {"setting_type": "custom_setting", "web_interface": True}})
    assert r.status_code == 204, r.text
    dp = api.get(f"/phone/sites/{sid}/settings/desk_phone").json()["desk_phone"]
    assert dp["hot_desking_session_timeout"] == {"number": 15, "unit": "minutes"}
    assert dp["general_setting"] == {"setting_type": "custom_setting", "web_interface": True}
    assert api.patch(f"/phone/sites/{sid}/settings/outbound_caller_id",
                     json={"outbound_caller_id": {"call_queue_numbers": True}}).status_code == 204
    assert api.get(f"/phone/sites/{sid}/settings/outbound_caller_id").json()["outbound_caller_id"][
        "call_queue_numbers"] is True
    # holidays: by id updates, without id adds
    hh = api.get(f"/phone/sites/{sid}/settings/holiday_hours").json()["holiday_hours"]["holidays"]
    r = api.patch(f"/phone/sites/{sid}/settings/holiday_hours", json={"holiday_hours": {"holidays": [
        {"holiday_id": hh[0]["holiday_id"], "name": "Renamed"},
        {"name": "Company Day", "from": "2026-06-01T00:00:00Z", "to": "2026-06-01T23:00:00Z"}]}})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/sites/{sid}/settings/holiday_hours").json()["holiday_hours"]["holidays"]
    assert len(got) == 4 and got[0]["name"] == "Renamed" and got[-1]["name"] == "Company Day"
    # the other sites are untouched
    main = site_ids(api)["Main Site"]
    assert api.get(f"/phone/sites/{main}/settings/outbound_caller_id").json()["outbound_caller_id"][
        "call_queue_numbers"] is False


def test_update_setting_errors(api):
    sid = site_ids(api)["Main Site"]
    r = api.patch(f"/phone/sites/{sid}/settings/desk_phone",
                  json={"desk_phone": {"hot_desking_session_timeout": {"number": 7, "unit": "minutes"}}})
    assert err(r, 400, 300)["message"] == "Hot-desking session timeout setting is invalid."
    r = api.patch(f"/phone/sites/{sid}/settings/audio_prompt",
                  json={"audio_prompt": {"hold_music": {"audio_id": "missing1"}}})
    assert err(r, 400, 300)["message"] == "Prompt files do not exist, audio ids: missing1."
    err(api.patch(f"/phone/sites/{sid}/settings/billing_account", json={"billing_account": {"id": "nope"}}), 400, 300)
    err(api.patch(f"/phone/sites/{sid}/settings/closed_hours", json={"closed_hours": {"overflow": {
        "operator": {"extension_id": "nope"}}}}), 400, 300)
    err(api.patch(f"/phone/sites/{sid}/settings/business_hours", json={"dial_by_name": {}}), 400, 300)
    err(api.patch("/phone/sites/nope/settings/business_hours", json={"business_hours": {}}), 400, 300)


def test_add_and_delete_setting_entries(api):
    sid = site_ids(api)["Austin Branch"]
    r = api.post(f"/phone/sites/{sid}/settings/holiday_hours", json={"holidays": [
        {"name": "Founders Day", "from": "2026-05-01T00:00:00Z", "to": "2026-05-01T23:59:00Z"}]})
    assert r.status_code == 201, r.text
    added = r.json()["holidays"][0]
    assert added["name"] == "Founders Day" and added["holiday_id"]
    got = api.get(f"/phone/sites/{sid}/settings/holiday_hours").json()["holiday_hours"]["holidays"]
    assert added in got and len(got) == 4
    r = api.post(f"/phone/sites/{sid}/settings/device_security", json={"device_type": "Yealink T54W"})
    assert r.status_code == 201, r.text
    assert api.get(f"/phone/sites/{sid}/settings/security").json()["security"]["device_types"] == ["Yealink T54W"]
    err(api.post(f"/phone/sites/{sid}/settings/security", json={"device_type": "Yealink T54W"}), 400, 300)
    err(api.post(f"/phone/sites/{sid}/settings/holiday_hours", json={"holidays": [
        {"name": "Backwards", "from": "2026-05-02T00:00:00Z", "to": "2026-05-01T00:00:00Z"}]}), 400, 300)
    err(api.post(f"/phone/sites/{sid}/settings/dial_by_name", json={}), 400, 300)
    err(api.post("/phone/sites/nope/settings/holiday_hours", json={"holidays": []}), 400, 300)
    # delete: the site's setting of that type goes back to the inherited default
    assert api.delete(f"/phone/sites/{sid}/settings/holiday_hours").status_code == 204
    assert api.get(f"/phone/sites/{sid}/settings/holiday_hours").json()["holiday_hours"]["holidays"] == []
    assert api.delete(f"/phone/sites/{sid}/settings/security").status_code == 204
    assert api.get(f"/phone/sites/{sid}/settings/security").json()["security"]["device_types"] == []
    err(api.delete(f"/phone/sites/{sid}/settings/bogus"), 400, 300)
    err(api.delete("/phone/sites/nope/settings/security"), 400, 300)


def _directory(api, sid: str) -> list[dict[str, Any]]:
    return api.get(f"/phone/sites/{sid}/dial_by_name_directory/extensions", params={"page_size": 100}).json()[
        "result"]


def test_dial_by_name_directory(api):
    ids = site_ids(api)
    main, london = ids["Main Site"], ids["London Office"]
    seeded = _directory(api, main)
    assert seeded and all(e["site"]["id"] == main for e in seeded)
    assert _directory(api, london) == []
    london_users = [e for e in extensions(api, london) if e["type"] in ("user", "commonArea")]
    main_user = next(e for e in extensions(api, main) if e["type"] == "user")
    # by site: every user and common area of that site joins
    r = api.post(f"/phone/sites/{london}/dial_by_name_directory/extensions", json={"site_id": london})
    assert r.status_code == 201, r.text
    got = _directory(api, london)
    assert {e["extension_id"] for e in got} == {e["id"] for e in london_users}
    # by id, from another site too; adding twice keeps one entry
    for _ in range(2):
        r = api.post(f"/phone/sites/{london}/dial_by_name_directory/extensions",
                     json={"extension_ids": [main_user["id"]]})
        assert r.status_code == 201, r.text
    got = _directory(api, london)
    entry = next(e for e in got if e["extension_id"] == main_user["id"])
    assert entry["display_name"] == main_user["name"] and entry["extension_number"] == str(
        main_user["extension_number"]) and entry["site"] == {"id": main, "name": "Main Site"}
    assert len(got) == len(london_users) + 1
    page = api.get(f"/phone/sites/{main}/dial_by_name_directory/extensions", params={"page_size": 1}).json()
    assert len(page["result"]) == 1 and (page["next_page_token"] or len(seeded) == 1)
    # delete some, then all
    r = api.delete(f"/phone/sites/{london}/dial_by_name_directory/extensions",
                   params={"extension_ids": main_user["id"]})
    assert r.status_code == 204, r.text
    assert main_user["id"] not in {e["extension_id"] for e in _directory(api, london)}
    assert api.delete(f"/phone/sites/{london}/dial_by_name_directory/extensions",
                      params={"delete_all": "true"}).status_code == 204
    assert _directory(api, london) == []


def test_dial_by_name_directory_errors(api, other_api):
    ids = site_ids(api)
    main = ids["Main Site"]
    queue = next(e for e in extensions(api) if e["type"] == "callQueue")
    path = f"/phone/sites/{main}/dial_by_name_directory/extensions"
    before = _directory(api, main)
    err(api.post(path, json={"extension_ids": ["nope"]}), 400, 300)
    err(api.post(path, json={"extension_ids": [queue["id"]]}), 400, 300)  # not a user or common area
    london_user = next(e for e in extensions(api, ids["London Office"]) if e["type"] == "user")
    err(api.post(path, json={"extension_ids": [london_user["id"]], "site_id": main}), 400, 300)
    err(api.post(path, json={}), 400, 300)
    err(api.delete(path), 400, 300)
    err(api.delete(path, params={"extension_ids": london_user["id"]}), 400, 300)
    err(api.get("/phone/sites/nope/dial_by_name_directory/extensions"), 400, 300)
    err(other_api.get(path), 400, 300)
    other_site = other_api.post("/phone/sites", json={
        "name": "Theirs", "auto_receptionist_name": "AR", "default_emergency_address": {
            "address_line1": "1 Main St", "city": "Boston", "country": "US", "state_code": "MA", "zip": "02110"}})
    assert other_site.status_code == 201
    r = other_api.post(f"/phone/sites/{other_site.json()['id']}/dial_by_name_directory/extensions",
                       json={"extension_ids": [before[0]["extension_id"]]})
    err(r, 400, 300)  # another tenant's user
    assert _directory(api, main) == before
