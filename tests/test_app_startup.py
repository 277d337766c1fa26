"""``python app.py`` with a configuration mistake or no index: one clear line and a non-zero exit, no traceback."""

import os
import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT


def start(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "app.py")],
        env={**os.environ, "INDEX_DIR": str(tmp_path / "no-index"), **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"REVIEWER_PASSWORD_HASH": "not-a-hash"}, "python -m review hash-password"),
        ({}, "Build it with: python -m ingest"),
    ],
)
def test_a_start_up_problem_is_one_line_that_says_what_to_do(tmp_path, env, expected):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
