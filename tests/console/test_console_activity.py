"""GET /_phonestack/activity: an account's own recent requests (a per-process ring filled by the
API path) and its rate-limit usage per label, read with the account's bearer token."""

from __future__ import annotations

from phonestack.console.activity import RequestLog

NM = "/accounts/me/number_management/numbers"


def activity(raw, token: str, **params) -> dict:  # noqa: ANN001
    r = raw.get("/_phonestack/activity", params=params, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


def test_activity_needs_the_accounts_bearer_token(raw) -> None:  # noqa: ANN001
    r = raw.get("/_phonestack/activity")
    assert r.status_code == 401 and r.json()["code"] == 124
    r = raw.get("/_phonestack/activity", headers={"Authorization": "Bearer forged.token.value"})
    assert r.status_code == 401


def test_an_account_sees_its_own_requests_newest_first(raw, api, other_api) -> None:  # noqa: ANN001
    assert api.get(NM, params={"page_size": 2, "number_type": "Toll"}).status_code == 200
    missing = api.get("/phone/users/not-a-user")
    assert missing.status_code == 404
    assert api.get("/phone/sites/nope").status_code in (400, 404)
    assert other_api.get("/phone/sites").status_code == 200

    mine = activity(raw, api.token)
    assert mine["account_id"] == api.account_id
    newest = mine["requests"][:3]
    assert [r["operation_id"] for r in newest] == ["getPhoneSiteDetails", "getUsersProfile", "listNumberManagementPhoneNumbers"]
    listed = newest[2]
    assert listed["method"] == "GET" and listed["path"] == NM and "number_type=Toll" in listed["query"]
    assert listed["status"] == 200 and listed["label"] == "LIGHT" and listed["latency_ms"] >= 0
    assert listed["time"].endswith("Z")
    assert newest[1]["status"] == 404
    assert mine["summary"]["errors"] >= 2 and mine["summary"]["requests"] >= 3
    assert mine["summary"]["by_label"]["LIGHT"]["last_minute"] >= 1
    assert mine["process"]["ring_size"] >= 100

    theirs = activity(raw, other_api.token)
    assert theirs["account_id"] == other_api.account_id
    assert [r["operation_id"] for r in theirs["requests"]] == ["listPhoneSites"]  # nothing of the other tenant

    assert len(activity(raw, api.token, limit=1)["requests"]) == 1
    r = raw.get("/_phonestack/activity", params={"limit": "many"}, headers={"Authorization": f"Bearer {api.token}"})
    assert r.status_code == 400


def test_rate_limit_usage_per_label(raw, server) -> None:  # noqa: ANN001
    r = raw.post("/_phonestack/accounts", json={"name": "Throttled", "options": {"rate_limits": "zoom"}})
    assert r.status_code == 201, r.text
    acct = r.json()
    token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(3):
        assert raw.get("/v2/phone/call_history", headers=headers).status_code == 200  # HEAVY: counts daily too
    out = activity(raw, token)["rate_limits"]
    assert out["enabled"] is True and out["plan"] == "business"
    labels = {label["label"]: label for label in out["labels"]}
    assert set(labels) == {"LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE", "DAILY"}
    assert labels["LIGHT"]["limit"] == 40 and labels["LIGHT"]["window_seconds"] == 1
    assert labels["RESOURCE-INTENSIVE"]["window_seconds"] == 60
    assert labels["DAILY"] == {**labels["DAILY"], "limit": 30000, "used": 3, "remaining": 29997, "window_seconds": 86400}
    assert 0 <= labels["HEAVY"]["used"] <= 3
    # reading the usage counts nothing
    assert activity(raw, token)["rate_limits"]["labels"][-1]["used"] == 3


def test_rate_limits_off_report_traffic_per_label_from_the_ring(raw, api) -> None:  # noqa: ANN001
    api.get("/phone/users")
    out = activity(raw, api.token)
    assert out["rate_limits"] == {"enabled": False, "plan": "business", "labels": []}
    assert out["summary"]["by_label"]["MEDIUM"]["requests"] >= 1


def test_the_ring_is_bounded_per_account_and_newest_first() -> None:
    log = RequestLog(size=5)
    for i in range(12):
        log.record("a", (float(i), "GET", f"/p/{i}", "", "op", "LIGHT", 200, 0.1))
    log.record("b", (0.0, "GET", "/other", "", "op", "LIGHT", 200, 0.1))
    assert [e[2] for e in log.recent("a")] == ["/p/11", "/p/10", "/p/9", "/p/8", "/p/7"]
    assert [e[2] for e in log.recent("b")] == ["/other"]
    assert log.recent("nobody") == []

