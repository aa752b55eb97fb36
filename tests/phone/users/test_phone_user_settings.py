"""Phone users: profile settings and shared access settings (delegation, intercom, voicemail
and recording access, desk phones)."""

from __future__ import annotations

from users_helpers import a_user, all_users


def _settings(api, uid: str) -> dict:  # noqa: ANN001
    r = api.get(f"/phone/users/{uid}/settings")
    assert r.status_code == 200, r.text
    return r.json()


def test_get_settings_defaults_and_seeded_delegation(api):
    users = all_users(api)
    s = _settings(api, users[0]["id"])
    assert s["extension_number"] == users[0]["extension_number"]
    assert s["audio_prompt_language"] == "en-US" and s["status"] in ("Active", "Inactive")
    assert s["country"]["code"] in ("US", "GB")
    # the seed: the first new user delegates to the second, and shares voicemail with the third
    execs = [u for u in users if _settings(api, u["id"])["delegation"]["assistants"]]
    assert execs
    exec_ = _settings(api, execs[0]["id"])
    assistant = exec_["delegation"]["assistants"][0]
    assert exec_["voice_mail"] and exec_["voice_mail"][0]["download"] is True
    seen = _settings(api, assistant["id"])["shared_lines_call_setting"]["shared_line_appearances"]["executives"]
    assert [e["user_id"] for e in seen] == [execs[0]["id"]] and seen[0]["allow_opt_out"] is True


def test_get_settings_unknown_user(api, other_api):
    r = api.get("/phone/users/ghost/settings")
    assert r.status_code == 404 and r.json()["code"] == 1001
    r = other_api.get(f"/phone/users/{a_user(api)['id']}/settings")
    assert r.status_code == 404


def test_update_settings(api):
    u = a_user(api, with_numbers=True)
    number = u["phone_numbers"][0]["number"]
    r = api.patch(f"/phone/users/{u['id']}/settings", json={
        "area_code": "650", "audio_prompt_language": "fr-CA", "default_transcription_language": "de-DE",
        "country_iso_code": "CA", "outbound_caller_id": number})
    assert r.status_code == 204, r.text
    s = _settings(api, u["id"])
    assert s["area_code"] == "650" and s["audio_prompt_language"] == "fr-CA"
    assert s["default_transcription_language"] == "de-DE"
    assert s["country"] == {"code": "CA", "country_code": "1", "name": "Canada"}
    assert s["outbound_caller"] == {"number": number}
    assert [x for x in s["outbound_caller_ids"] if x["number"] == number][0]["is_default"] is True
    # hide the caller ID
    assert api.patch(f"/phone/users/{u['id']}/settings", json={"outbound_caller_id": ""}).status_code == 204
    assert _settings(api, u["id"])["outbound_caller"] == {"number": ""}


def test_update_settings_errors(api):
    u = a_user(api, with_numbers=True)
    r = api.patch(f"/phone/users/{u['id']}/settings", json={"outbound_caller_id": "+19995550000"})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Invalid outbound caller ID."}
    r = api.patch(f"/phone/users/{u['id']}/settings", json={"country_iso_code": "XX"})
    assert r.status_code == 400
    r = api.patch(f"/phone/users/{u['id']}/settings", json={"music_on_hold_id": "no-such-audio"})
    assert r.status_code == 400
    r = api.patch("/phone/users/ghost/settings", json={"area_code": "650"})
    assert r.status_code == 404


def test_delegation_lifecycle(api):
    users = all_users(api)
    boss, helper = users[10], users[11]
    r = api.post(f"/phone/users/{boss['id']}/settings/delegation",
                 json={"delegation_assistant_extension_id": helper["id"]})
    assert r.status_code == 201, r.text
    assert [a["id"] for a in r.json()["delegation"]["assistants"]] == [helper["id"]]
    r = api.patch(f"/phone/users/{boss['id']}/settings/delegation",
                  json={"delegation": {"privileges": [1, 2], "privacy": True}})
    assert r.status_code == 204, r.text
    d = _settings(api, boss["id"])["delegation"]
    assert d["privileges"] == [1, 2] and d["privacy"] is True
    # the assistant cannot opt out (privilege 5 not granted): 1151
    r = api.patch(f"/phone/users/{helper['id']}/settings", json={"shared_lines_call_setting": {
        "shared_line_appearances": {"executives": [{"user_id": boss["id"], "receive_calls": False}]}}})
    assert r.status_code == 400 and r.json()["code"] == 1151
    api.patch(f"/phone/users/{boss['id']}/settings/delegation", json={"delegation": {"privileges": [1, 2, 5]}})
    r = api.patch(f"/phone/users/{helper['id']}/settings", json={"shared_lines_call_setting": {
        "shared_line_appearances": {"executives": [{"user_id": boss["id"], "receive_calls": False}]}}})
    assert r.status_code == 204, r.text
    execs = _settings(api, helper["id"])["shared_lines_call_setting"]["shared_line_appearances"]["executives"]
    assert execs[0]["receive_calls"] is False
    assert api.delete(f"/phone/users/{boss['id']}/settings/delegation").status_code == 204
    assert _settings(api, boss["id"])["delegation"]["assistants"] == []


def test_delegation_errors(api):
    u = a_user(api, index=12)
    r = api.post(f"/phone/users/{u['id']}/settings/delegation", json={})
    assert r.status_code == 400 and r.json()["message"] == "Delegation assistant is required."
    r = api.post(f"/phone/users/{u['id']}/settings/delegation", json={"delegation_assistant_extension_id": "ghost"})
    assert r.status_code == 400 and "does not exist" in r.json()["message"]
    r = api.patch(f"/phone/users/{u['id']}/settings/delegation", json={"delegation": {"privileges": [1]}})
    assert r.status_code == 400 and r.json()["message"] == "Delegation assistants do not exist."
    helper = a_user(api, index=13)
    api.post(f"/phone/users/{u['id']}/settings/delegation", json={"delegation_assistant_extension_id": helper["id"]})
    r = api.patch(f"/phone/users/{u['id']}/settings/delegation", json={"delegation": {"privileges": []}})
    assert r.status_code == 400 and r.json()["message"] == "Delegation privileges error."
    r = api.post(f"/phone/users/{u['id']}/settings/teleport", json={})
    assert r.status_code == 400 and r.json()["message"] == "Invalid user sub-setting type."
    r = api.patch(f"/phone/users/{u['id']}/settings/teleport", json={})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.delete(f"/phone/users/{u['id']}/settings/teleport")
    assert r.status_code == 400 and r.json()["code"] == 300


def test_voicemail_access_lifecycle(api):
    users = all_users(api)
    owner, reader = users[20], users[21]
    r = api.post(f"/phone/users/{owner['id']}/settings/voice_mail", json={"voicemail_access_members": [
        {"access_user_id": reader["id"], "allow_download": True}]})
    assert r.status_code == 201, r.text
    member = r.json()["voicemail_access_members"][0]
    assert member["access_user_id"] == reader["id"] and member["allow_download"] is True
    # shown in the profile's policy and the settings
    p = api.get(f"/phone/users/{owner['id']}").json()
    assert [m["shared_id"] for m in p["policy"]["voicemail_access_members"]] == [member["shared_id"]]
    r = api.post(f"/phone/users/{owner['id']}/settings/voice_mail", json={"voicemail_access_members": [
        {"access_user_id": reader["id"]}]})
    assert r.status_code == 400 and r.json()["message"] == "Voicemail has already been shared to the user."
    r = api.patch(f"/phone/users/{owner['id']}/settings/voice_mail", json={"voicemail_access_members": [
        {"shared_id": member["shared_id"], "allow_delete": True}]})
    assert r.status_code == 204, r.text
    vm = _settings(api, owner["id"])["voice_mail"]
    assert vm[0]["delete"] is True and vm[0]["download"] is True
    assert api.delete(f"/phone/users/{owner['id']}/settings/voice_mail").status_code == 204
    assert _settings(api, owner["id"])["voice_mail"] == []


def test_recording_access_members(api):
    users = all_users(api)
    owner, reader = users[22], users[23]
    for kind in ("auto_call_recording", "ad_hoc_call_recording"):
        field = f"{kind}_access_members"
        r = api.post(f"/phone/users/{owner['id']}/settings/{kind}", json={field: [{"access_user_id": reader["id"]}]})
        assert r.status_code == 201, r.text
        shared = r.json()[field][0]["shared_id"]
        r = api.patch(f"/phone/users/{owner['id']}/settings/{kind}",
                      json={field: [{"shared_id": shared, "allow_download": True}]})
        assert r.status_code == 204
        assert _settings(api, owner["id"])[field][0]["allow_download"] is True
        r = api.post(f"/phone/users/{owner['id']}/settings/{kind}", json={field: [{"access_user_id": "ghost"}]})
        assert r.status_code == 400
        r = api.patch(f"/phone/users/{owner['id']}/settings/{kind}", json={field: [{"shared_id": "nope"}]})
        assert r.status_code == 400


def test_desk_phone_and_intercom(api):
    users = all_users(api)
    site = users[30]["site"]["name"]
    r = api.post("/phone/users/batch", json={"users": [
        {"email": "desk.owner@demo.phonestack.dev", "extension_number": "7861", "site_name": site,
         "calling_plans": ["US/CA Unlimited"], "desk_phones": [{"brand": "Poly", "model": "VVX 450",
                                                                 "mac": "64-16-7F-01-02-03"}]}]})
    assert r.status_code == 201, r.text
    uid = r.json()[0]["id"]
    device = _settings(api, uid)["desk_phone"]["devices"][0]
    assert device["device_type"] == "Poly VVX 450"
    r = api.patch(f"/phone/users/{uid}/settings/desk_phone", json={"desk_phone": {
        "pin_code": "4321", "phone_screen_lock": True,
        "devices": [{"id": device["id"], "policy": {"hot_desking": {"status": "on"}}}]}})
    assert r.status_code == 204, r.text
    desk = _settings(api, uid)["desk_phone"]
    assert desk["pin_code"] == "4321" and desk["phone_screen_lock"] is True
    assert desk["devices"][0]["policy"]["hot_desking"]["status"] == "on"
    r = api.patch(f"/phone/users/{uid}/settings/desk_phone", json={"desk_phone": {"devices": [{"id": "other"}]}})
    assert r.status_code == 400
    # intercom: the default device and an invited extension
    r = api.post(f"/phone/users/{uid}/settings/intercom", json={"device_id": device["id"]})
    assert r.status_code == 201, r.text
    r = api.patch(f"/phone/users/{uid}/settings/intercom", json={"intercom": {"extension_id": users[31]["id"]}})
    assert r.status_code == 204, r.text
    ic = _settings(api, uid)["intercom"]
    assert ic["device"]["id"] == device["id"]
    assert [x["extension_id"] for x in ic["audio_intercoms"]] == [users[31]["id"]]
    r = api.post(f"/phone/users/{uid}/settings/intercom", json={"device_id": "not-mine"})
    assert r.status_code == 400
    assert api.delete(f"/phone/users/{uid}/settings/intercom").status_code == 204
    assert _settings(api, uid)["intercom"]["audio_intercoms"] == []
