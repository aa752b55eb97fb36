"""Responses are framed by Content-Length (as Zoom's are), not chunked; a 204 has no body or length."""

NM = "/accounts/me/number_management/numbers"


def test_content_length_frames_every_body(api, raw):
    page = api.get(NM, params={"page_size": 100})
    assert page.status_code == 200
    assert page.headers["content-length"] == str(len(page.content)) and "transfer-encoding" not in page.headers
    number_id = page.json()["numbers"][0]["id"]

    missing = api.get(f"{NM}/no-such-number")
    assert missing.status_code in (400, 404)
    assert missing.headers["content-length"] == str(len(missing.content)) and missing.json()["code"]

    token = raw.post("/oauth/token", params={"grant_type": "account_credentials"})  # no credentials: 4xx
    assert token.status_code >= 400 and token.headers["content-length"] == str(len(token.content))

    done = api.patch(f"{NM}/{number_id}", json={"display_name": "Framed"})
    assert done.status_code == 204 and done.content == b""
    assert "content-length" not in done.headers and "transfer-encoding" not in done.headers
