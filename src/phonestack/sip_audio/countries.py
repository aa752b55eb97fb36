"""Countries a call-out country or an internal number may name (the shared table of
``phonestack.countries``), and how SIP Connected Audio shows one."""

from __future__ import annotations

from ..countries import COUNTRIES


def country_view(code: str) -> dict[str, str]:
    calling, name = COUNTRIES.get(code, ("", code))
    return {"id": code, "name": name, "code": calling}
