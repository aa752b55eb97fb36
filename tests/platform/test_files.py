"""``/v2/files/{kind}/{id}``: the bytes behind download and play URLs, for the owner only."""

from __future__ import annotations

import httpx


def _tts(api) -> str:  # noqa: ANN001
    user = api.get("/phone/users", params={"page_size": 1}).json()["users"][0]
    r = api.post(f"/phone/users/{user['id']}/audios", json={
        "audio_name": "Welcome", "text": "Welcome to phonestack", "voice_language": "en-US",
        "voice_accent": "Joanna-Female"})
    assert r.status_code == 201, r.text
    return r.json()["audio_id"]


def test_an_audio_item_downloads_as_wav_for_its_account_only(server, api, other_api):
    audio_id = _tts(api)
    url = f"{server.base}/v2/files/audio/{audio_id}"
    r = httpx.get(url, headers={"Authorization": f"Bearer {api.token}"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "audio/wav"
    assert r.content[:4] == b"RIFF" and r.content[8:12] == b"WAVE" and len(r.content) > 1000
    # the token may come in the query, as players cannot send headers
    assert httpx.get(url, params={"access_token": api.token}).content == r.content
    # a range, for seeking
    part = httpx.get(url, headers={"Authorization": f"Bearer {api.token}", "Range": "bytes=0-11"})
    assert part.status_code == 206 and part.content == r.content[:12]
    assert part.headers["content-range"] == f"bytes 0-11/{len(r.content)}"
    # no token, another tenant's token, unknown ids and kinds
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"Authorization": f"Bearer {other_api.token}"}).status_code == 404
    for bad in ("audio/nope", "nope/" + audio_id):
        assert httpx.get(f"{server.base}/v2/files/{bad}",
                         headers={"Authorization": f"Bearer {api.token}"}).status_code == 404
    assert httpx.post(url, headers={"Authorization": f"Bearer {api.token}"}).status_code == 405
