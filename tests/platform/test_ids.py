"""Ids are safe to pass on a command line: none starts with '-' or '_'."""

from phonestack.store import util


def test_new_id_never_starts_with_option_character(monkeypatch):
    # b"\xfb\xef\xbe" encodes to "----" in URL-safe base64, b"\xff\xff\xff" to "____"
    draws = iter([b"\xfb\xef\xbe" + bytes(13), b"\xff\xff\xff" + bytes(13), b"A" * 16])
    monkeypatch.setattr(util.secrets, "token_bytes", lambda n: next(draws))
    value = util.new_id()
    assert value == "QUFBQUFBQUFBQUFBQUFBQQ" and len(value) == 22
