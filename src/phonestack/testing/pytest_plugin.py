"""The ``phonestack`` pytest fixture (loaded through the ``pytest11`` entry point).

- ``phonestack``: a :class:`phonestack.testing.Zoom`, reset to the demo seed before each test
  (fresh token, no recorded requests).
- ``phonestack_session``: the same server, started once per test session (per xdist worker),
  not reset.
- ``phonestack_options``: keyword arguments for :func:`phonestack.running`; override it in
  your ``conftest.py`` (session scope) to fix the port or the credentials.

Nothing starts unless a test asks for one of these fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .server import Zoom, running


@pytest.fixture(scope="session")
def phonestack_options() -> dict[str, Any]:
    """Arguments of ``phonestack.running()`` for the session's server: e.g. ``{"port": 9999,
    "client_id": "...", "client_secret": "...", "account_id": "..."}``."""
    return {}


@pytest.fixture(scope="session")
def phonestack_session(phonestack_options: dict[str, Any]) -> Iterator[Zoom]:
    """phonestack, started once for the session; tests share its state."""
    with running(**phonestack_options) as zoom:
        yield zoom


@pytest.fixture
def phonestack(phonestack_session: Zoom) -> Zoom:
    """phonestack reset to the demo seed: URLs, credentials, a fresh ``token``, ``users(n)``,
    ``numbers(n)``, ``requests``."""
    return phonestack_session.reset("demo")
