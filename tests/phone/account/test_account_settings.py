"""Account settings: GET/PATCH /phone/settings (documents + account options) and GET
/phone/account_settings (the account level of the policy chain)."""

from __future__ import annotations

import httpx

from phonestack import spec
from phonestack.phone.documents import example_of

NM = "/accounts/me/number_management"


def _error(r, status: int, code: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def test_get_settings_shows_the_seeded_account(api):
    s = api.get("/phone/settings").json()
    billing = {b["name"]: b["id"] for b in api.get("/phone/billing_accounts").json()["billing_accounts"]}
    assert s["billing_account"] == {"id": billing["US billing"], "name": "US billing"}
    assert s["byoc"] == {"enable": True}
    assert s["country"] == {"code": "US", "name": "United States"}
    assert s["multiple_sites"] == {"enabled": True, "site_code": False}
    assert s["show_device_ip_for_call_log"] == {"enable": True}


def test_patch_settings_then_get_returns_them(api):
    billing = {b["name"]: b["id"] for b in api.get("/phone/billing_accounts").json()["billing_accounts"]}
    r = api.patch("/phone/settings", json={
        "billing_account": {"id": billing["Delhi billing"]},
        "show_device_ip_for_call_log": {"enable": False},
        "multiple_sites": {"site_code": {"enable": True, "short_extension_length": 3}},
    })
    assert r.status_code == 204, r.text
    s = api.get("/phone/settings").json()
    assert s["billing_account"] == {"id": billing["Delhi billing"], "name": "Delhi billing"}
    assert s["show_device_ip_for_call_log"] == {"enable": False}
    assert s["multiple_sites"] == {"enabled": True, "site_code": True}
    # unchanged keys stay
    assert s["multiple_party_conference"] == {"enable": True}


def test_byoc_switch_is_the_account_option_number_management_reads(api):
    assert api.patch("/phone/settings", json={"byoc": {"enable": False}}).status_code == 204
    assert api.get("/phone/settings").json()["byoc"] == {"enable": False}
    r = api.post(f"{NM}/byoc_numbers", json={"phone_numbers": ["+14155550199"], "allocated_product": "ZOOM_PHONE",
                                              "site_id": _main_site(api)})
    _error(r, 400, 1004)
    assert api.patch("/phone/settings", json={"byoc": {"enable": True}}).status_code == 204
    assert api.get("/phone/settings").json()["byoc"] == {"enable": True}


def _main_site(api) -> str:  # noqa: ANN001
    numbers = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    return next(n["site"]["site_id"] for n in numbers if n.get("site"))


def test_settings_validation(api):
    _error(api.patch("/phone/settings", json={"billing_account": {"id": "nope"}}), 400, 300)
    # site code needs a short extension length, within [2, 5]
    _error(api.patch("/phone/settings", json={"multiple_sites": {"site_code": {"enable": True}}}), 400, 300)
    _error(api.patch("/phone/settings", json={"multiple_sites": {"site_code": {"short_extension_length": 7}}}),
           400, 300)
    # the master has three sites: multiple sites cannot be switched off
    body = _error(api.patch("/phone/settings", json={"multiple_sites": {"enabled": False}}), 412, 412)
    assert body["message"] == "Disable multiple sites after deleting other sites."
    s = api.get("/phone/settings").json()
    assert s["multiple_sites"] == {"enabled": True, "site_code": False}


def test_single_site_account_can_switch_multiple_sites_off(sub_api):
    assert sub_api.patch("/phone/settings", json={"multiple_sites": {"enabled": False}}).status_code == 204
    assert sub_api.get("/phone/settings").json()["multiple_sites"] == {"enabled": False, "site_code": False}
    # site codes need multiple sites
    r = sub_api.patch("/phone/settings", json={"multiple_sites": {"site_code": {"enable": True,
                                                                                 "short_extension_length": 3}}})
    _error(r, 400, 300)
    # no billing accounts in the sub account
    assert "billing_account" not in sub_api.get("/phone/settings").json()


def test_zoom_phone_disabled_is_2031(server, api):
    r = httpx.patch(f"{server.base}/_phonestack/accounts/{api.account_id}", json={"options": {"zoom_phone": False}})
    assert r.status_code == 200, r.text
    _error(api.get("/phone/settings"), 403, 2031)
    _error(api.patch("/phone/settings", json={"byoc": {"enable": False}}), 403, 2031)


def test_settings_need_their_scopes(scoped_api):
    client = scoped_api(["phone:read:list_billing_accounts:admin"])
    body = _error(client.get("/phone/settings"), 400, 4700)
    assert "phone:read:admin" in body["message"]
    assert client.get("/phone/billing_accounts").status_code == 200


# --- /phone/account_settings ----------------------------------------------------------------------


def test_account_settings_are_the_documented_defaults_plus_the_account_policy(api, sub_api):
    example = example_of(spec.operations()["listAccountsZoomPhoneSettings"])
    sub = sub_api.get("/phone/account_settings").json()
    assert sub == example  # an account that changed nothing answers the documented defaults
    master = api.get("/phone/account_settings").json()
    assert set(master) == set(example)
    assert master["e2e_encryption"]["enable"] is False
    assert master["zoom_phone_on_pwa"]["enable"] is False
    assert master["hide_phone_call_history_in_ios"] == {"enable": True, "locked": True, "locked_by": "account"}
    assert master["voicemail"] == example["voicemail"]


def test_account_settings_filter_by_setting_types(api):
    r = api.get("/phone/account_settings", params={"setting_types": "e2e_encryption,voicemail"})
    assert r.status_code == 200
    assert set(r.json()) == {"e2e_encryption", "voicemail"}
    body = _error(api.get("/phone/account_settings", params={"setting_types": "voicemail,bogus"}), 400, 400)
    assert body["message"] == "Setting type(s) supplied in query parameter setting_types is invalid."
