"""Browser fixtures of the console's end-to-end tests: headless Debian Chromium driven by
Playwright (never ``playwright install``: the browser is the system's /usr/bin/chromium).

The tests skip, with the reason, only when that browser is absent; .ci/run installs it.
Screenshots go to ``$PHONESTACK_ARTIFACTS`` or ``artifacts/console/`` at the repository root.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from console_helpers import Hook

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}  # a laptop screen: the console must fit it


def artifacts_dir() -> Path:
    root = os.environ.get("PHONESTACK_ARTIFACTS")
    path = Path(root) / "console" if root else Path(__file__).resolve().parents[2] / "artifacts" / "console"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent: apt-get install -y chromium chromium-driver (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Console:
    """A browser page on the server's console, and what the page reported (errors)."""

    def __init__(self, page, server) -> None:  # noqa: ANN001
        self.page = page
        self.server = server
        self.base = f"{server.base}/console/"
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)

    def open(self, route: str = "") -> None:
        self.page.goto(self.base + (f"#/{route}" if route else ""))
        self.rendered()

    def rendered(self) -> None:
        """Wait until the page of the current URL has rendered (app.js marks #view): a change of
        hash alone keeps the previous page on screen until the new one has drawn."""
        self.page.wait_for_function("() => document.querySelector('#view').dataset.rendered === location.hash")

    def login_app(self, account_id: str, client_id: str, client_secret: str) -> None:
        self.open()
        p = self.page
        p.fill("#account_id", account_id)
        p.fill("#client_id", client_id)
        p.fill("#client_secret", client_secret)
        p.click("#login-app-submit")

    def login_password(self, password: str, account_id: str = "") -> None:
        self.open()
        p = self.page
        p.click("#tab-password")
        p.fill("#console_password", password)
        if account_id:
            p.fill("#password_account_id", account_id)
        p.click("#login-password-submit")

    def wait_signed_in(self) -> None:
        self.page.wait_for_selector("#top:not([hidden])")

    def screenshot(self, name: str) -> Path:
        path = artifacts_dir() / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def no_horizontal_scroll(self) -> None:
        width, inner = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, f"the page scrolls sideways: {width} > {inner}"

    def session_token(self) -> str | None:
        raw = self.page.evaluate("sessionStorage.getItem('phonestack.console.session')")
        if raw is None:
            return None
        import json

        return json.loads(raw)["token"]


@pytest.fixture
def console(browser, server, demo) -> Iterator[Console]:  # noqa: ANN001
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    c = Console(page, server)
    yield c
    context.close()


@pytest.fixture
def signed_in(console: Console, demo: dict[str, str]) -> Console:
    """The console, signed in with the demo master account's app credentials, on the inventory."""
    console.login_app(demo["account_id"], demo["client_id"], demo["client_secret"])
    console.wait_signed_in()
    console.page.wait_for_selector("#numbers tbody tr[data-number]")
    return console


@pytest.fixture
def console_password(server) -> Iterator[str]:  # noqa: ANN001
    """The session server with a console password (as ``serve --console-password``)."""
    before = server.app.console.password
    server.app.console.password = "open-sesame-42"
    yield "open-sesame-42"
    server.app.console.password = before


@pytest.fixture
def hook_url() -> Iterator[str]:
    """A local endpoint that accepts webhook deliveries."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook"
    srv.shutdown()
    srv.server_close()
