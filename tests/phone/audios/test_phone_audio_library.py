"""Audio library (/phone/audios/{audioId}): get with a play URL that serves the real bytes,
rename and re-synthesise, delete (references read as none), tenancy and scopes."""

from __future__ import annotations

import base64
import io
import wave

import httpx

from phonestack.phone.users.audio import tones


def _user_id(api) -> str:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 1}).json()["users"][0]["id"]


def _tts(api, text: str = "Welcome to the demo line.", **extra) -> str:  # noqa: ANN001, ANN003
    r = api.post(f"/phone/users/{_user_id(api)}/audios", json={"text": text, "audio_name": "Welcome", **extra})
    assert r.status_code == 201, r.text
    return r.json()["audio_id"]


def _download(api, url: str) -> httpx.Response:  # noqa: ANN001
    r = httpx.get(url, headers={"Authorization": f"Bearer {api.token}"})
    assert r.status_code == 200, r.text
    return r


def _is_wav(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def test_get_text_to_speech_item_plays_a_wav(api):
    audio_id = _tts(api, "Thanks for calling. Please hold.", voice_language="en-GB", voice_accent="Amy-Female")
    r = api.get(f"/phone/audios/{audio_id}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["audio_id"] == audio_id and body["name"] == "Welcome"
    assert body["text"] == "Thanks for calling. Please hold."
    assert body["voice_language"] == "en-GB" and body["voice_accent"] == "Amy-Female"
    assert body["play_url"].endswith(f"/v2/files/audio/{audio_id}")
    data = _download(api, body["play_url"]).content
    assert _is_wav(data)
    with wave.open(io.BytesIO(data)) as w:
        assert w.getnframes() / w.getframerate() > 0.5


def test_uploaded_item_comes_back_byte_for_byte(api):
    wav = tones("one two three four five")
    mp3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
    r = api.post(f"/phone/users/{_user_id(api)}/audios/batch", json={"attachments": [
        {"name": "hold.wav", "audio_type": "audio/wav", "base64_encoding": base64.b64encode(wav).decode()},
        {"name": "intro.mp3", "audio_type": "audio/mpeg", "base64_encoding": base64.b64encode(mp3).decode()}]})
    assert r.status_code == 201, r.text
    ids = [a["audio_id"] for a in r.json()["audios"]]
    for audio_id, original in zip(ids, (wav, mp3), strict=True):
        body = api.get(f"/phone/audios/{audio_id}").json()
        assert "text" not in body and "voice_language" not in body  # an upload is not speech
        assert _download(api, body["play_url"]).content == original


def test_account_level_library_item(api):
    """An audio item with no owner (the account's library) reads like a user's."""
    from sqlalchemy import create_engine

    from phonestack.phone.audios.seed import library
    from phonestack.store.db import normalise_url

    engine = create_engine(normalise_url(api.server.database_url))
    try:
        with engine.begin() as conn:
            library(conn, api.account_id, master=True)
    finally:
        engine.dispose()
    from sqlalchemy import select

    from phonestack.store import schema as t

    engine = create_engine(normalise_url(api.server.database_url))
    try:
        with engine.connect() as conn:
            ids = conn.execute(select(t.audio_items.c.id).where(
                t.audio_items.c.account_id == api.account_id, t.audio_items.c.owner_id.is_(None))
                .order_by(t.audio_items.c.pk)).scalars().all()
    finally:
        engine.dispose()
    assert len(ids) == 3
    body = api.get(f"/phone/audios/{ids[0]}").json()
    assert body["name"] == "Main Greeting.wav" and "press 1" in body["text"]
    assert _is_wav(_download(api, body["play_url"]).content)
    assert api.delete(f"/phone/audios/{ids[0]}").status_code == 204
    assert api.get(f"/phone/audios/{ids[0]}").status_code == 404


def test_get_unknown_and_other_tenants_audio(api, other_api):
    r = api.get("/phone/audios/no-such-audio")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Audio does not exist: no-such-audio."}
    audio_id = _tts(api)
    for call in (other_api.get, other_api.delete):
        r = call(f"/phone/audios/{audio_id}")
        assert r.status_code in (400, 404) and "does not exist" in r.json()["message"], r.text
    r = other_api.patch(f"/phone/audios/{audio_id}", json={"name": "stolen"})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.get(f"/phone/audios/{audio_id}").json()["name"] == "Welcome"


def test_rename_and_resynthesise(api):
    audio_id = _tts(api, "short")
    before = _download(api, api.get(f"/phone/audios/{audio_id}").json()["play_url"]).content
    assert api.patch(f"/phone/audios/{audio_id}", json={"name": "Renamed.wav"}).status_code == 204
    body = api.get(f"/phone/audios/{audio_id}").json()
    assert body["name"] == "Renamed.wav" and body["text"] == "short"
    assert _download(api, body["play_url"]).content == before  # a rename keeps the bytes
    r = api.patch(f"/phone/audios/{audio_id}", json={
        "name": "Longer.wav", "text": "a much longer message for the callers of the demo line",
        "voice_language": "fr-FR"})
    assert r.status_code == 204, r.text
    body = api.get(f"/phone/audios/{audio_id}").json()
    assert body["text"].startswith("a much longer") and body["voice_language"] == "fr-FR"
    assert body["voice_accent"] == "Lea-Female"
    after = _download(api, body["play_url"]).content
    assert _is_wav(after) and len(after) > len(before)


def test_update_errors(api):
    audio_id = _tts(api)
    cases = [
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": "ok", "voice_language": "xx-XX"}, "voice_language"),
        ({"name": "ok", "voice_accent": "Robot-Male"}, "voice_accent"),
        ({"name": "ok", "text": "y" * 3001}, "text"),
    ]
    for body, field in cases:
        r = api.patch(f"/phone/audios/{audio_id}", json=body)
        assert r.status_code == 400 and r.json()["code"] == 300, (body, r.text)
        assert r.json()["errors"][0]["field"] == field
    assert api.get(f"/phone/audios/{audio_id}").json()["name"] == "Welcome"  # nothing changed
    r = api.patch("/phone/audios/ghost", json={"name": "x"})
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "Audio does not exist: ghost."}
    r = api.patch(f"/phone/audios/{audio_id}", json={})
    assert r.status_code == 400 and r.json()["code"] == 300  # name is required by the contract


def test_delete_then_404_and_references_read_as_none(api):
    audio_id = _tts(api)
    ar = api.get("/phone/auto_receptionists").json()["auto_receptionists"][0]["id"]
    site = api.get("/phone/sites").json()["sites"][0]["id"]
    assert api.patch(f"/phone/auto_receptionists/{ar}/ivr", json={"audio_prompt_id": audio_id}).status_code == 204
    r = api.patch(f"/phone/sites/{site}/settings/audio_prompt",
                  json={"audio_prompt": {"hold_music": {"audio_id": audio_id}}})
    assert r.status_code in (200, 204), r.text
    assert api.get(f"/phone/auto_receptionists/{ar}/ivr").json()["audio_prompt"] == {"id": audio_id, "name": "Welcome"}
    # a rename shows where it is used
    assert api.patch(f"/phone/audios/{audio_id}", json={"name": "Hello"}).status_code == 204
    assert api.get(f"/phone/auto_receptionists/{ar}/ivr").json()["audio_prompt"] == {"id": audio_id, "name": "Hello"}
    prompt = api.get(f"/phone/sites/{site}/settings/audio_prompt").json()["audio_prompt"]
    assert prompt["hold_music"] == {"audio_id": audio_id, "name": "Hello"}

    url = api.get(f"/phone/audios/{audio_id}").json()["play_url"]
    assert api.delete(f"/phone/audios/{audio_id}").status_code == 204
    r = api.get(f"/phone/audios/{audio_id}")
    assert r.status_code == 404 and r.json()["code"] == 404
    r = api.delete(f"/phone/audios/{audio_id}")
    assert r.status_code == 400 and r.json()["code"] == 300
    assert httpx.get(url, headers={"Authorization": f"Bearer {api.token}"}).status_code == 404
    assert "audio_prompt" not in api.get(f"/phone/auto_receptionists/{ar}/ivr").json()
    prompt = api.get(f"/phone/sites/{site}/settings/audio_prompt").json()["audio_prompt"]
    assert prompt["hold_music"].get("name") is None and prompt["hold_music"]["audio_id"] != audio_id
    assert audio_id not in [a["audio_id"] for a in api.get(f"/phone/users/{_user_id(api)}/audios").json()["audios"]]


def test_deleting_the_owner_deletes_its_audio(api):
    users = api.get("/phone/users", params={"page_size": 100}).json()["users"]
    owner = users[-1]["id"]
    r = api.post(f"/phone/users/{owner}/audios", json={"text": "bye"})
    audio_id = r.json()["audio_id"]
    r = api.delete(f"/phone/users/{owner}")
    if r.status_code != 204:  # the users family may refuse some users; the audio stays then
        return
    assert api.get(f"/phone/audios/{audio_id}").status_code == 404


def test_audio_scopes(scoped_api):
    client = scoped_api(["phone:write:admin"])
    r = client.get("/phone/audios/anything")
    assert r.status_code == 400 and r.json()["code"] == 4700
