"""SMS campaigns and SMS consent policies."""

from __future__ import annotations

from nm_helpers import NM, all_pages, assert_error, pick

CAMPAIGNS = f"{NM}/sms_campaigns"
CONSENT = f"{NM}/sms_consent"
LOA = {"loa_authorizing_person": "Alex Carter", "contact_number": "+12090000000", "title": "IT Director",
       "contact_emails": "alex.carter@example.com"}


def _campaigns(api):
    return api.get(CAMPAIGNS).json()["sms_campaigns"]


def _in_campaigns(api) -> set[str]:
    return {e["phone_number_id"] for c in _campaigns(api)
            for e in api.get(f"{CAMPAIGNS}/{c['sms_campaign_id']}").json()["phone_numbers"]}


def _in_consents(api) -> set[str]:
    return {i["phone_number_id"] for c in api.get(CONSENT).json()["sms_consent"]
            for i in api.get(f"{CONSENT}/{c['consent_id']}/phone_numbers").json()["sms_consent_number"]}


# --- campaigns ----------------------------------------------------------------------------------


def test_list_and_get_campaigns(api):
    body = api.get(CAMPAIGNS).json()
    assert body["total_records"] == 2 and body["page_size"] == 30 and body["next_page_token"] == ""
    notif = pick(body["sms_campaigns"], lambda c: c["display_name"] == "Customer Notifications")
    assert notif["status"] == "active" and notif["brand"]["name"] == "Phonestack Demo Brand"
    got = api.get(f"{CAMPAIGNS}/{notif['sms_campaign_id']}").json()
    assert got["service_type"] == "zoomPhone"
    assert len(got["phone_numbers"]) == 2
    assert got["response_to_opt_out"].startswith("You are unsubscribed")
    for entry in got["phone_numbers"]:
        n = api.get(f"{NM}/numbers/{entry['phone_number_id']}").json()
        assert n["number"] == entry["number"]
    page1 = api.get(CAMPAIGNS, params={"page_size": 1}).json()
    page2 = api.get(CAMPAIGNS, params={"page_size": 1, "next_page_token": page1["next_page_token"]}).json()
    assert [c["sms_campaign_id"] for c in page1["sms_campaigns"] + page2["sms_campaigns"]] == [
        c["sms_campaign_id"] for c in body["sms_campaigns"]]


def test_unknown_or_foreign_campaign_is_404(api, other_api):
    assert_error(api.get(f"{CAMPAIGNS}/noSuchCampaign"), 404, 404)
    cid = _campaigns(api)[0]["sms_campaign_id"]
    assert_error(other_api.get(f"{CAMPAIGNS}/{cid}"), 404, 404)
    assert_error(other_api.post(f"{CAMPAIGNS}/{cid}/phone_numbers", json={**LOA, "phone_number_ids": ["x"]}), 404, 404)
    assert_error(other_api.delete(f"{CAMPAIGNS}/{cid}/phone_numbers", params={"phone_number_ids": "x"}), 404, 404)


def test_assign_and_unassign_campaign_numbers(api, numbers):
    cid = pick(_campaigns(api), lambda c: c["display_name"] == "Customer Notifications")["sms_campaign_id"]
    before = {e["phone_number_id"] for e in api.get(f"{CAMPAIGNS}/{cid}").json()["phone_numbers"]}
    busy = _in_campaigns(api)
    new = [n["id"] for n in numbers if n["id"] not in busy and n["allocated_product"] == "ZOOM_PHONE"][:3]
    r = api.post(f"{CAMPAIGNS}/{cid}/phone_numbers", json={**LOA, "phone_number_ids": new})
    assert r.status_code == 204
    after = {e["phone_number_id"] for e in api.get(f"{CAMPAIGNS}/{cid}").json()["phone_numbers"]}
    assert after == before | set(new)
    # assigning again is harmless
    assert api.post(f"{CAMPAIGNS}/{cid}/phone_numbers", json={**LOA, "phone_number_ids": new[:1]}).status_code == 204
    r = api.delete(f"{CAMPAIGNS}/{cid}/phone_numbers", params={"phone_number_ids": ",".join(new[:2])})
    assert r.status_code == 204
    assert {e["phone_number_id"] for e in api.get(f"{CAMPAIGNS}/{cid}").json()["phone_numbers"]} == (
        before | set(new[2:]))


def test_campaign_capacity_is_1003004(api, numbers):
    alerts = pick(_campaigns(api), lambda c: c["display_name"] == "Support Center Alerts")["sms_campaign_id"]
    taken = {e["phone_number_id"] for e in api.get(f"{CAMPAIGNS}/{alerts}").json()["phone_numbers"]}
    busy = _in_campaigns(api)
    free = [n["id"] for n in numbers if n["id"] not in busy][:3]  # capacity 3, one taken
    body = assert_error(api.post(f"{CAMPAIGNS}/{alerts}/phone_numbers", json={**LOA, "phone_number_ids": free}),
                        400, 1003004)
    assert body["message"] == "Insufficient campaign capacity."
    assert {e["phone_number_id"] for e in api.get(f"{CAMPAIGNS}/{alerts}").json()["phone_numbers"]} == taken
    assert api.post(f"{CAMPAIGNS}/{alerts}/phone_numbers", json={**LOA, "phone_number_ids": free[:2]}
                    ).status_code == 204


def test_campaign_assignment_errors(api, numbers):
    campaigns = _campaigns(api)
    notif = pick(campaigns, lambda c: c["display_name"] == "Customer Notifications")["sms_campaign_id"]
    alerts = pick(campaigns, lambda c: c["display_name"] == "Support Center Alerts")["sms_campaign_id"]
    in_alerts = api.get(f"{CAMPAIGNS}/{alerts}").json()["phone_numbers"][0]["phone_number_id"]
    busy = _in_campaigns(api)
    free = [n["id"] for n in numbers if n["id"] not in busy][:1]
    url = f"{CAMPAIGNS}/{notif}/phone_numbers"
    assert_error(api.post(url, json={**LOA, "phone_number_ids": [*free, "noSuchNumber"]}), 400, 100002)
    # a number is in one campaign at most
    assert_error(api.post(url, json={**LOA, "phone_number_ids": [in_alerts]}), 400, 300)
    body = assert_error(api.post(url, json={**LOA, "contact_number": "555-0100", "phone_number_ids": free}), 400, 300)
    assert body["errors"][0]["field"] == "contact_number"
    body = assert_error(api.post(url, json={"phone_number_ids": free}), 400, 300)
    assert body["errors"][0]["field"] in ("contact_number", "loa_authorizing_person", "title")
    r = api.post(url, json={**LOA, "phone_number_ids": [f"id{i}" for i in range(201)]})
    assert r.status_code == 400 and r.json()["code"] in (1003, 300)  # 1003 documented; maxItems answers first
    r = api.delete(url, params={"phone_number_ids": ",".join(f"id{i}" for i in range(201))})
    assert r.status_code == 400 and r.json()["code"] in (1003, 300)
    assert_error(api.delete(url, params={"phone_number_ids": "noSuchNumber"}), 400, 100002)
    body = assert_error(api.delete(url), 400, 300)
    assert body["errors"][0]["field"] == "phone_number_ids"


# --- consent policies ---------------------------------------------------------------------------

IN_OUT = {
    "opt_in_message": {"prompt": "Text START to join", "keywords": ["START", "JOIN"], "confirmation_message": "Joined!"},
    "opt_out_message": {"message": "Bye.", "keywords": ["STOP"]},
    "help_message": {"message": "Help text", "keywords": ["HELP"]},
    "disclaimer": {"message": "Rates may apply", "enable": False},
}


def _create(api, name="Appointments", **extra):
    return api.post(CONSENT, json={"consent_name": name, "description": "Appointment reminders",
                                   "in_out_bound": IN_OUT, "status": True, **extra})


def test_create_get_list_consent(api):
    r = _create(api)
    assert r.status_code == 201
    made = r.json()
    assert made["consent_id"].startswith("C-")
    assert made["consent_name"] == "Appointments" and made["description"] == "Appointment reminders"
    assert made["in_out_bound"] == IN_OUT and made["status"] is True
    assert made["account_id"] == api.account_id
    assert made["capacity"] == 999 and made["used_number"] == 0
    assert made["create_time"] == made["modify_time"]
    assert api.get(f"{CONSENT}/{made['consent_id']}").json() == made
    items, total = all_pages(api, CONSENT, "sms_consent", page_size=2)
    assert total == 3
    listed = pick(items, lambda c: c["consent_id"] == made["consent_id"])
    assert listed == {k: v for k, v in made.items() if k not in ("capacity", "user_id")}
    seeded = pick(items, lambda c: c["consent_name"] == "ZPconsent")
    assert seeded["used_number"] == 2 and seeded["status"] is True
    assert pick(items, lambda c: c["consent_name"] == "Marketing Opt-in")["status"] is False


def test_create_consent_errors(api):
    body = assert_error(_create(api, name="ZPconsent"), 400, 999)
    assert body["errors"][0]["field"] == "consent_name"
    assert_error(_create(api, name="   "), 400, 999)
    bad = {**IN_OUT, "help_message": {"message": "Help", "keywords": []}}
    body = assert_error(api.post(CONSENT, json={"consent_name": "X", "in_out_bound": bad, "status": True}), 400, 1002)
    assert body["message"] == "The request body format does not match, please refer to the document"
    dup = {**IN_OUT, "opt_out_message": {"message": "Bye", "keywords": ["STOP", "stop"]}}
    assert_error(api.post(CONSENT, json={"consent_name": "X", "in_out_bound": dup, "status": True}), 400, 1002)
    body = assert_error(api.post(CONSENT, json={"consent_name": "X", "status": True}), 400, 300)
    assert body["errors"][0]["field"] == "in_out_bound"
    body = assert_error(api.post(CONSENT, json={"consent_name": "X", "in_out_bound": IN_OUT, "status": "on"}), 400, 300)
    assert body["errors"][0]["field"] == "status"
    body = assert_error(_create(api, name="Y", description={"text": "x"}), 400, 300)
    assert body["errors"][0]["field"] == "description"
    assert api.get(CONSENT).json()["total_records"] == 2


def test_update_consent(api):
    made = _create(api).json()
    url = f"{CONSENT}/{made['consent_id']}"
    r = api.patch(url, json={"consent_name": "Appointments v2", "status": False,
                             "in_out_bound": {"opt_out_message": {"keywords": ["STOP", "END"]}}})
    assert r.status_code == 204
    got = api.get(url).json()
    assert got["consent_name"] == "Appointments v2" and got["status"] is False
    assert got["in_out_bound"]["opt_out_message"] == {"message": "Bye.", "keywords": ["STOP", "END"]}
    assert got["in_out_bound"]["opt_in_message"] == IN_OUT["opt_in_message"]
    assert got["description"] == "Appointment reminders"
    assert_error(api.patch(url, json={"consent_name": "ZPconsent"}), 400, 999)
    assert_error(api.patch(url, json={"in_out_bound": {"help_message": {"keywords": [""]}}}), 400, 999)
    assert_error(api.patch(url, json={"description": 5}), 400, 300)
    assert api.get(url).json() == got
    assert_error(api.patch(f"{CONSENT}/noSuchConsent", json={"status": True}), 404, 1002013)


def test_unknown_or_foreign_consent_is_1002013(api, other_api):
    cid = api.get(CONSENT).json()["sms_consent"][0]["consent_id"]
    for client, consent in ((api, "noSuchConsent"), (other_api, cid)):
        body = assert_error(client.get(f"{CONSENT}/{consent}"), 404, 1002013)
        assert body["message"] == "The consent does not exist."
        assert_error(client.get(f"{CONSENT}/{consent}/phone_numbers"), 404, 1002013)
        assert_error(client.post(f"{CONSENT}/{consent}/phone_numbers", json={"phone_number_ids": ["x"]}), 404, 1002013)
        assert_error(client.request("DELETE", f"{CONSENT}/{consent}/phone_numbers", json={"phone_number_ids": ["x"]}),
                     404, 1002013)
    assert_error(other_api.request("DELETE", CONSENT, json={"consent_ids": [cid]}), 400, 999)
    assert api.get(f"{CONSENT}/{cid}").status_code == 200


def test_consent_numbers(api, numbers):
    made = _create(api).json()
    url = f"{CONSENT}/{made['consent_id']}/phone_numbers"
    zp = api.get(CONSENT).json()["sms_consent"]
    zp_id = pick(zp, lambda c: c["consent_name"] == "ZPconsent")["consent_id"]
    in_zp = {i["phone_number_id"] for i in api.get(f"{CONSENT}/{zp_id}/phone_numbers").json()["sms_consent_number"]}
    busy = _in_consents(api)
    free = [n for n in numbers if n["id"] not in busy][:5]
    assert api.post(url, json={"phone_number_ids": [n["id"] for n in free]}).status_code == 201
    items, total = all_pages(api, url, "sms_consent_number", page_size=2)
    assert total == 5
    assert items == [{"phone_number_id": n["id"], "phone_number": n["number"], "account_id": api.account_id}
                     for n in free]
    assert api.get(f"{CONSENT}/{made['consent_id']}").json()["used_number"] == 5
    r = api.request("DELETE", url, json={"phone_number_ids": [free[0]["id"], free[1]["id"]]})
    assert r.status_code == 204
    assert [i["phone_number_id"] for i in api.get(url).json()["sms_consent_number"]] == [n["id"] for n in free[2:]]
    # a number belongs to one policy at most
    assert_error(api.post(url, json={"phone_number_ids": [next(iter(in_zp))]}), 400, 300)
    assert_error(api.post(url, json={"phone_number_ids": ["noSuchNumber"]}), 400, 100002)
    body = assert_error(api.post(url, json={"phone_number_ids": [f"n{i}" for i in range(201)]}), 400, 1003)
    assert body["message"] == "Too many numbers, should less than 200"
    assert_error(api.request("DELETE", url, json={"phone_number_ids": [f"n{i}" for i in range(201)]}), 400, 1003)
    assert api.get(f"{CONSENT}/{made['consent_id']}").json()["used_number"] == 3


def test_delete_consents(api):
    made = _create(api).json()
    zp = pick(api.get(CONSENT).json()["sms_consent"], lambda c: c["consent_name"] == "ZPconsent")
    members = api.get(f"{CONSENT}/{zp['consent_id']}/phone_numbers").json()["sms_consent_number"]
    # all or nothing
    body = assert_error(api.request("DELETE", CONSENT, json={"consent_ids": [made["consent_id"], "nope"]}), 400, 999)
    assert body["errors"][0]["field"] == "consent_ids"
    assert api.get(CONSENT).json()["total_records"] == 3
    assert_error(api.request("DELETE", CONSENT, json={"consent_ids": []}), 400, 999)
    r = api.request("DELETE", CONSENT, json={"consent_ids": [made["consent_id"], zp["consent_id"]]})
    assert r.status_code == 204
    assert_error(api.get(f"{CONSENT}/{made['consent_id']}"), 404, 1002013)
    assert api.get(CONSENT).json()["total_records"] == 1
    # the policy's numbers are free for another policy
    other = _create(api, name="Second").json()
    ids = [m["phone_number_id"] for m in members]
    assert api.post(f"{CONSENT}/{other['consent_id']}/phone_numbers", json={"phone_number_ids": ids}).status_code == 201
