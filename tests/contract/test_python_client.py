"""A Python client generated from the live server's document runs the SDK scenario first time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import PROJECT_ROOT
from tests.contract.conftest import LiveServer, assert_edited_with_if_match

pytestmark = pytest.mark.slow  # a generated client: `-m "not slow"` leaves it out

SDK = PROJECT_ROOT / "sdk" / "python"
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path, **env: str) -> str:
    # The venv's bin first: the generator formats its output with the pinned ruff.
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    done = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_generated_python_client_runs_the_scenario(live_server: LiveServer, tmp_path: Path) -> None:
    run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--url",
            f"{live_server.url}/openapi.json",
            "--config",
            str(SDK / "config.yaml"),
            "--output-path",
            "client",
        ],
        cwd=tmp_path,
    )
    assert (tmp_path / "client" / "essay_api_client" / "models" / "page_quote.py").exists()
    out = run(
        [sys.executable, str(SDK / "scenario.py"), live_server.url],
        cwd=tmp_path,
        PYTHONPATH=str(tmp_path / "client"),
        ESSAY_API_TOKEN=live_server.mint("python-sdk-scenario", "admin"),
    )
    assert "list_quotes: 15 quotes in 4 pages of 4" in out, out
    assert "get_essay missing: 404 /problems/not-found" in out, out
    assert_edited_with_if_match(out)
    assert "webhook delivery: essay.updated" in out and ", verified, delivered" in out, out
