"""TypeScript types generated from the live server's document type-check and run the scenario.

openapi-typescript makes the types, openapi-fetch makes the calls, `tsc --strict` checks the
scenario before node runs it; the packages are pinned by `sdk/ts/package-lock.json`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.config import PROJECT_ROOT
from tests.contract.conftest import LiveServer, assert_edited_with_if_match

pytestmark = pytest.mark.slow  # npm ci, tsc and node: `-m "not slow"` leaves it out

SDK = PROJECT_ROOT / "sdk" / "ts"
SOURCES = ("package.json", "package-lock.json", ".npmrc", "tsconfig.json", "src/scenario.ts")


def run(command: list[str], cwd: Path, **env: str) -> str:
    environment = {**os.environ, **env}
    done = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.skipif(
    shutil.which("npm") is None and not os.environ.get("CI"),
    reason="npm is not installed (.ci/run installs it, and CI never skips this)",
)
def test_generated_typescript_client_runs_the_scenario(
    live_server: LiveServer, tmp_path: Path
) -> None:
    for name in SOURCES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SDK / name, tmp_path / name)
    run(["npm", "ci", "--no-audit", "--no-fund"], tmp_path)
    bin_ = tmp_path / "node_modules" / ".bin"
    run(
        [
            str(bin_ / "openapi-typescript"),
            f"{live_server.url}/openapi.json",
            "-o",
            "src/schema.d.ts",
        ],
        tmp_path,
    )
    run([str(bin_ / "tsc"), "-p", "tsconfig.json", "--strict"], tmp_path)
    out = run(
        ["node", "build/scenario.js", live_server.url],
        tmp_path,
        ESSAY_API_TOKEN=live_server.mint("typescript-sdk-scenario", "admin"),
    )
    assert "list_quotes: 15 quotes in 4 pages of 4" in out, out
    assert "get_essay missing: 404 /problems/not-found" in out, out
    assert_edited_with_if_match(out)
    assert "webhook delivery: essay.updated" in out and ", verified, delivered" in out, out
