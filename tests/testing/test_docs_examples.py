"""The examples of docs/testing-your-integration.md run as written.

Every ``python`` block that starts with ``# file: NAME`` is written to a fresh folder and the
folder is run by pytest in a subprocess (the phonestack plugin loads through its entry point).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing-your-integration.md"
BLOCK = re.compile(r"```python\n# file: (\S+)\n(.*?)```", re.S)


def _files() -> dict[str, str]:
    files = {name: body for name, body in BLOCK.findall(DOC.read_text())}
    assert {"test_with_httpx.py", "test_with_zoomus.py", "conftest.py"} <= set(files)
    return files


def test_documented_examples_pass(pytester: pytest.Pytester) -> None:
    pytest.importorskip("zoomus")
    for name, body in _files().items():
        pytester.path.joinpath(name).write_text(textwrap.dedent(body))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    tests = sum(1 for name, body in _files().items() if name.startswith("test_")
                for _ in re.finditer(r"^\s*def test_", body, re.M))
    result.assert_outcomes(passed=tests)
