"""Alert settings: the documented module/rule/target/condition rules, real targets, deleted
targets, pagination, another tenant's alerts."""

from __future__ import annotations

import httpx
from roles_helpers import error, users

A = "/phone/alert_settings"


def _cq_alert(queue_id: str, **over) -> dict:  # noqa: ANN003
    body = {"alert_setting_name": "Billing waiting calls", "module": 1, "rule": 6,
            "rule_conditions": [{"rule_condition_type": 2, "rule_condition_value": "5"},
                                {"rule_condition_type": 3, "rule_condition_value": "10"}],
            "target_type": 3, "target_ids": [queue_id], "time_frame_type": "specific_time",
            "time_frame_from": "09:00:00", "time_frame_to": "17:30:00", "frequency": 10,
            "email_recipients": ["ops@example.com"],
            "chat_channels": [{"chat_channel_name": "ops", "end_point": "https://hooks.example.com/ops",
                               "token": "t0k"}]}
    body.update(over)
    return body


def _queues(api) -> list[dict]:  # noqa: ANN001
    return api.get("/phone/call_queues").json()["call_queues"]


def test_seeded_alerts_listed(api, sub_api):
    r = api.get(A)
    assert r.status_code == 200, r.text
    listed = r.json()["alert_settings"]
    assert [a["alert_setting_name"] for a in listed] == ["Sales queue service level", "Desk phones offline",
                                                         "Emergency calls at HQ"]
    assert listed[0]["targets"] == [{"target_name": _queues(api)[0]["name"]}]
    assert sub_api.get(A).json()["alert_settings"] == []
    page = api.get(A, params={"page_size": 2}).json()
    assert len(page["alert_settings"]) == 2 and page["next_page_token"]
    rest = api.get(A, params={"page_size": 2, "next_page_token": page["next_page_token"]}).json()
    assert [a["alert_setting_name"] for a in rest["alert_settings"]] == ["Emergency calls at HQ"]


def test_add_get_update_delete(api, other_api):
    queue = _queues(api)[2]
    r = api.post(A, json=_cq_alert(queue["id"]))
    assert r.status_code == 201, r.text
    aid = r.json()["alert_setting_id"]
    assert r.json()["alert_setting_name"] == "Billing waiting calls"
    got = api.get(f"{A}/{aid}").json()
    assert got["module"] == 1 and got["rule"] == 6 and got["frequency"] == 10 and got["status"] == 1
    assert got["rule_conditions"] == [{"rule_condition_type": 2, "rule_condition_value": "5"},
                                      {"rule_condition_type": 3, "rule_condition_value": "10"}]
    (target,) = got["targets"]
    assert target["target_id"] == queue["id"] and target["target_type"] == 3
    assert target["target_name"] == queue["name"] and target["target_extension_number"] == queue["extension_number"]
    assert target["site"] == queue["site"]
    assert got["time_frame_from"] == "09:00:00" and got["time_frame_to"] == "17:30:00"
    assert got["chat_channels"][0]["end_point"] == "https://hooks.example.com/ops"

    r = api.patch(f"{A}/{aid}", json={"alert_setting_name": "Renamed", "status": 0, "time_frame_type": "all_day",
                                      "rule_conditions": [{"rule_condition_type": 3, "rule_condition_value": "12"}],
                                      "target_ids": [queue["id"], _queues(api)[3]["id"]]})
    assert r.status_code == 204, r.text
    got = api.get(f"{A}/{aid}").json()
    assert got["alert_setting_name"] == "Renamed" and got["status"] == 0
    assert (got["time_frame_type"], got["time_frame_from"], got["time_frame_to"]) == ("all_day", "00:00:00",
                                                                                      "00:00:00")
    assert got["rule_conditions"] == [{"rule_condition_type": 3, "rule_condition_value": "12"}]
    assert len(got["targets"]) == 2

    # another tenant cannot see, change or delete it
    error(other_api.get(f"{A}/{aid}"), 404, 13003)
    error(other_api.patch(f"{A}/{aid}", json={"status": 1}), 404, 13003)
    error(other_api.delete(f"{A}/{aid}"), 404, 13003)
    assert api.delete(f"{A}/{aid}").status_code == 204
    body = error(api.get(f"{A}/{aid}"), 404, 13003)
    assert body["message"] == f"The alert setting does not exist, alertSettingId:{aid}."
    error(api.delete(f"{A}/{aid}"), 404, 13003)
    error(api.patch(f"{A}/{aid}", json={"status": 1}), 404, 13003)


def test_add_validation(api):
    q = _queues(api)[2]["id"]
    body = error(api.post(A, json=_cq_alert(q, rule=9)), 400, 13012)
    assert body["message"] == "The module:1 does not support this rule:9."
    body = error(api.post(A, json=_cq_alert(q, target_type=4)), 400, 13013)
    assert body["message"] == "The rule:6 does not support this target type:4."
    body = error(api.post(A, json=_cq_alert("ghost")), 400, 13014)
    assert body["message"] == "The target id:ghost is invalid."
    error(api.post(A, json=_cq_alert(q, target_ids=[])), 400, 13006)
    error(api.post(A, json=_cq_alert(q, rule_conditions=[{"rule_condition_type": 4,
                                                          "rule_condition_value": "5"}])), 400, 13015)
    error(api.post(A, json=_cq_alert(q, rule_conditions=[{"rule_condition_type": 2, "rule_condition_value": "5"},
                                                         {"rule_condition_type": 2,
                                                          "rule_condition_value": "6"}])), 400, 13020)
    error(api.post(A, json=_cq_alert(q, rule_conditions=[{"rule_condition_type": 2, "rule_condition_value": "5"},
                                                         {"rule_condition_type": 3,
                                                          "rule_condition_value": "5"}])), 400, 13021)
    error(api.post(A, json=_cq_alert(q, rule=1)), 400, 13016)  # Service Level needs its Threshold
    error(api.post(A, json=_cq_alert(q, rule=2, rule_conditions=[{"rule_condition_type": 2,
                                                                  "rule_condition_value": "101"}])), 400, 13017)
    error(api.post(A, json=_cq_alert(q, email_recipients=[f"u{i}@example.com" for i in range(11)])), 400, 13007)
    error(api.post(A, json=_cq_alert(q, chat_channels=[{"chat_channel_name": f"c{i}", "end_point": "https://x.io"}
                                                       for i in range(4)])), 400, 13008)
    error(api.post(A, json=_cq_alert(q, time_frame_from="09:15:00")), 400, 13018)
    error(api.post(A, json=_cq_alert(q, time_frame_from="18:00:00")), 400, 13018)  # from after to
    error(api.post(A, json=_cq_alert(q, module=9)), 400, 13018)
    # the same rule on the same queue twice
    assert api.post(A, json=_cq_alert(q)).status_code == 201
    body = error(api.post(A, json=_cq_alert(q, alert_setting_name="again")), 400, 13004)
    assert body["message"] == "Alert rule on this target already exists."
    assert api.get(A).json()["alert_settings"][-1]["alert_setting_name"] == "Billing waiting calls"


def test_account_device_site_user_targets(api, server):
    # Devices go offline on the account exists in the seed: once only
    body = {"alert_setting_name": "Offline again", "module": 3, "rule": 10,
            "rule_conditions": [{"rule_condition_type": 4, "rule_condition_value": "30"}],
            "target_type": 2, "time_frame_type": "all_day", "time_frame_from": "00:00:00",
            "time_frame_to": "00:00:00"}
    error(api.post(A, json=body), 400, 13005)
    devices = api.get("/phone/devices", params={"type": "assigned"}).json()["devices"]
    assert devices
    r = api.post(A, json={**body, "rule": 11, "target_type": 5, "target_ids": [devices[0]["id"]]})
    assert r.status_code == 201, r.text
    got = api.get(f"{A}/{r.json()['alert_setting_id']}").json()
    (t,) = got["targets"]
    assert t["target_type"] == 5 and t["target_name"] == devices[0]["display_name"]
    assert t["assignees"] and t["assignees"][0]["extension_id"]
    error(api.post(A, json={**body, "rule": 11, "target_type": 5, "target_ids": ["d1", "d2", "d3", "d4", "d5",
                                                                                 "d6"]}), 400, 13006)
    # QoS alert on users; a deleted user disappears from the targets
    a, b = users(api)[10:12]
    qos = {"alert_setting_name": "QoS", "module": 4, "rule": 13, "target_type": 1, "target_ids": [a["id"], b["id"]],
           "rule_conditions": [{"rule_condition_type": 2, "rule_condition_value": "3"}],
           "time_frame_type": "all_day", "time_frame_from": "00:00:00", "time_frame_to": "00:00:00"}
    r = api.post(A, json=qos)
    assert r.status_code == 201, r.text
    aid = r.json()["alert_setting_id"]
    got = api.get(f"{A}/{aid}").json()
    assert [x["target_id"] for x in got["targets"]] == [a["id"], b["id"]]
    assert got["targets"][0]["target_extension_number"] == a["extension_number"]
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{api.account_id}/users/{a['id']}")
    assert r.status_code == 204
    assert [x["target_id"] for x in api.get(f"{A}/{aid}").json()["targets"]] == [b["id"]]
    # and the alert can still be edited
    assert api.patch(f"{A}/{aid}", json={"alert_setting_name": "QoS 2"}).status_code == 204
    # update: invalid target, invalid count
    error(api.patch(f"{A}/{aid}", json={"target_ids": ["ghost"]}), 400, 13014)
    error(api.patch(f"{A}/{aid}", json={"target_ids": [u["id"] for u in users(api)[20:26]]}), 400, 13006)
    error(api.patch(f"{A}/{aid}", json={"email_recipients": [f"u{i}@example.com" for i in range(11)]}), 400, 13007)
    # an emergency call alert on a site
    site = api.get("/phone/sites").json()["sites"][1]
    r = api.post(A, json={"alert_setting_name": "911 London", "module": 5, "rule": 14, "target_type": 4,
                          "target_ids": [site["id"]], "time_frame_type": "all_day", "time_frame_from": "00:00:00",
                          "time_frame_to": "00:00:00",
                          "rule_conditions": [{"rule_condition_type": 5, "rule_condition_value": "Warning"}]})
    assert r.status_code == 201, r.text
    got = api.get(f"{A}/{r.json()['alert_setting_id']}").json()
    assert got["targets"] == [{"target_id": site["id"], "target_type": 4, "target_name": site["name"],
                               "site": {"id": site["id"], "name": site["name"]}}]


def test_alerts_missing_scope(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get(A).status_code == 200
    r = client.post(A, json={"alert_setting_name": "x"})
    assert r.status_code == 400 and r.json()["code"] == 4700
