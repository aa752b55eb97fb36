"""The ``phonestack`` pytest plugin, run on generated test files through ``pytester``.

The runs are subprocesses: an in-process run would drop and re-import SQLAlchemy's modules
(pytester restores ``sys.modules``), which breaks its compiled caches."""

from __future__ import annotations

import pytest


def test_fixture_serves_number_management(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_list_numbers(phonestack):
            assert phonestack.base_url.endswith("/v2")
            assert phonestack.oauth_url.endswith("/oauth/token")
            assert phonestack.account_id and phonestack.client_id and phonestack.client_secret
            r = httpx.get(f"{phonestack.base_url}/accounts/me/number_management/numbers",
                          headers={"Authorization": f"Bearer {phonestack.token}"})
            assert r.status_code == 200, r.text
            assert r.json()["numbers"]
            [seen] = phonestack.requests
            assert (seen.method, seen.path, seen.status) == (
                "GET", "/v2/accounts/me/number_management/numbers", 200)
            assert seen.duration >= 0
            assert phonestack.webhooks == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_state_is_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def numbers(zoom):
            r = httpx.get(f"{zoom.base_url}/accounts/me/number_management/numbers",
                          params={"page_size": 100}, headers=zoom.headers)
            assert r.status_code == 200, r.text
            return r.json()

        SEEDED = {}

        def test_1_modify(phonestack):
            SEEDED["total"] = numbers(phonestack)["total_records"]
            first = numbers(phonestack)["numbers"][0]
            r = httpx.patch(f"{phonestack.base_url}/accounts/me/number_management/numbers/{first['id']}",
                            json={"display_name": "Changed by test 1"}, headers=phonestack.headers)
            assert r.status_code == 204, r.text
            assert [n for n in numbers(phonestack)["numbers"] if n.get("display_name") == "Changed by test 1"]
            added = phonestack.numbers(3)
            assert len(added) == 3 and all(n["number"].startswith("+1415") for n in added)
            assert len(phonestack.users(2)) == 2
            assert len(phonestack.requests) == 4

        def test_2_sees_the_demo_seed_again(phonestack):
            body = numbers(phonestack)
            assert not [n for n in body["numbers"] if n.get("display_name") == "Changed by test 1"]
            assert body["total_records"] == SEEDED["total"] > 0
            assert phonestack.requests[0].path.endswith("/numbers") and len(phonestack.requests) == 1
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_options_fix_port_and_credentials(pytester: pytest.Pytester) -> None:
    from phonestack.testing.server import free_port

    port = free_port()
    pytester.makeconftest(
        f"""
        import pytest

        @pytest.fixture(scope="session")
        def phonestack_options():
            return {{"port": {port}, "account_id": "acct_fixed", "client_id": "cid_fixed",
                     "client_secret": "secret_fixed"}}
        """
    )
    pytester.makepyfile(
        f"""
        import httpx

        def test_fixed(phonestack):
            assert phonestack.base_url == "http://127.0.0.1:{port}/v2"
            assert (phonestack.account_id, phonestack.client_id, phonestack.client_secret) == (
                "acct_fixed", "cid_fixed", "secret_fixed")
            r = httpx.post(phonestack.oauth_url,
                           params={{"grant_type": "account_credentials", "account_id": "acct_fixed"}},
                           auth=("cid_fixed", "secret_fixed"))
            assert r.status_code == 200, r.text
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_plugin_starts_nothing_unless_asked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading

        def test_plain():
            assert not [t for t in threading.enumerate() if t.name == "phonestack"]
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
