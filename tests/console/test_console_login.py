"""Console login: app credentials through /oauth/token, the admin password through
/_phonestack/console/login, errors shown on the page, logout clears the stored token."""

from __future__ import annotations

import httpx


def test_app_credentials_login_keeps_the_token_in_session_storage_and_logout_clears_it(console, demo) -> None:  # noqa: ANN001
    console.login_app(demo["account_id"], demo["client_id"], demo["client_secret"])
    console.wait_signed_in()
    token = console.session_token()
    assert token
    r = httpx.get(f"{console.server.base}/v2/phone/sites", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200  # the page's token is an ordinary API token of the account
    assert console.page.evaluate("localStorage.length") == 0
    console.page.click("#logout")
    console.page.wait_for_selector("#login:not([hidden])")
    assert console.session_token() is None
    console.page.reload()  # nothing left to sign in with
    console.page.wait_for_selector("#login:not([hidden])")


def test_wrong_credentials_show_an_error(console, demo) -> None:  # noqa: ANN001
    console.login_app(demo["account_id"], demo["client_id"], "not-the-secret")
    console.page.wait_for_selector("#login-error:not([hidden])")
    assert "Invalid client_id or client_secret" in console.page.text_content("#login-error")
    assert console.session_token() is None
    console.screenshot("login-error")
    console.login_app("no-such-account", demo["client_id"], demo["client_secret"])
    console.page.wait_for_selector("#login-error:not([hidden])")
    assert "Invalid account_id" in console.page.text_content("#login-error")


def test_admin_password_login(console, demo, console_password) -> None:  # noqa: ANN001
    console.login_password("wrong-password")
    console.page.wait_for_selector("#login-error:not([hidden])")
    assert "Invalid console password" in console.page.text_content("#login-error")

    console.login_password(console_password)
    console.wait_signed_in()
    console.page.wait_for_selector("#numbers tbody tr[data-number]")
    assert "Demo Master Account" in console.page.text_content("#who")
    assert "admin password" in console.page.text_content("#who")
    console.screenshot("login-password")
    # a named account (the demo sub account)
    console.page.click("#logout")
    console.login_password(console_password, demo["sub_account_id"])
    console.wait_signed_in()
    token = console.session_token()
    r = httpx.get(f"{console.server.base}/v2/phone/sites", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    me = httpx.get(f"{console.server.base}/_phonestack/activity", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["account_id"] == demo["sub_account_id"]


def test_password_login_is_off_without_a_password(console, demo) -> None:  # noqa: ANN001
    console.login_password("anything")
    console.page.wait_for_selector("#login-error:not([hidden])")
    assert "not enabled" in console.page.text_content("#login-error")


# --- the endpoint itself (HTTP) ----------------------------------------------------------------

def test_console_login_endpoint(raw, demo, console_password, server) -> None:  # noqa: ANN001
    url = "/_phonestack/console/login"
    assert raw.post(url, json={"password": "nope"}).json() == {"code": 401, "message": "Invalid console password."}
    assert raw.post(url, json={}).status_code == 401
    assert raw.post(url, content=b"{not json").status_code == 400
    r = raw.post(url, json={"password": console_password, "account_id": "unknown"})
    assert r.status_code == 404 and r.json()["code"] == 2001
    r = raw.post(url, json={"password": console_password})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["account_id"] == demo["account_id"] and body["token_type"] == "bearer"
    assert {a["id"] for a in body["accounts"]} >= {demo["account_id"], demo["sub_account_id"]}
    token = body["access_token"]
    assert raw.get("/v2/phone/users", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    # one console app per account, reused by the next login
    again = raw.post(url, json={"password": console_password}).json()["access_token"]
    assert raw.get("/v2/phone/users", headers={"Authorization": f"Bearer {again}"}).status_code == 200
    apps = raw.get("/_phonestack/state").json()["tables"]["apps"]
    assert len([a for a in apps if a["name"] == "phonestack console"]) == 1
    # with the admin token set, the password endpoint still needs only the password
    server.app.admin.token = "admin-secret"
    try:
        assert raw.post(url, json={"password": console_password}).status_code == 200
        assert raw.get("/_phonestack/demo").status_code == 401
    finally:
        server.app.admin.token = None


def test_console_login_endpoint_when_disabled(raw, demo) -> None:  # noqa: ANN001
    r = raw.post("/_phonestack/console/login", json={"password": "anything"})
    assert r.status_code == 403
    assert "not enabled" in r.json()["message"]


def test_console_login_throttles_guessing(raw, demo, console_password, server) -> None:  # noqa: ANN001
    server.app.console._failures.clear()
    try:
        codes = [raw.post("/_phonestack/console/login", json={"password": f"guess{i}"}).status_code for i in range(25)]
        assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
        assert raw.post("/_phonestack/console/login", json={"password": console_password}).status_code == 429
    finally:
        server.app.console._failures.clear()


def test_console_is_served_with_its_assets(raw) -> None:  # noqa: ANN001
    r = raw.get("/console", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == "/console/"
    r = raw.get("/console/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert 'src="/console/app.js"' in r.text and "http" not in r.text.split("<body>")[0].replace("http-equiv", "")
    for asset, ctype in [("app.js", "text/javascript"), ("pages/inventory.js", "text/javascript"),
                         ("console.css", "text/css"), ("icon.svg", "image/svg+xml")]:
        r = raw.get(f"/console/{asset}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(ctype), asset
    for bad in ["/console/../__init__.py", "/console/.hidden", "/console/nope.js", "/console/%2e%2e/activity.py"]:
        assert raw.get(bad).status_code == 404, bad
    assert raw.post("/console/").status_code == 405
