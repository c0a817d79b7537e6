"""schemathesis against the live server: every operation, every check, a fixed seed and budget.

No 5xx, no body outside its declared schema, no undeclared status code or content type (errors
are declared only as problem+json), invalid input refused. Bounded (`EXAMPLES` per operation,
seed `SEED`) so CI is stable and quick; the README shows the longer run by hand.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from app.core.config import PROJECT_ROOT

COMMITTED = PROJECT_ROOT / "openapi.json"
EXAMPLES = 50
SEED = 1


def test_schemathesis_finds_nothing(live_server: str, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(PROJECT_ROOT / "schemathesis.toml"),
        "--no-color",
        "run",
        f"{live_server}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "2",
    ]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    summary = done.stdout[done.stdout.rfind("SUMMARY") :]
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr
    operations = sum(len(item) for item in json.loads(COMMITTED.read_bytes())["paths"].values())
    tested = re.search(r"Tested: (\d+)", summary)
    assert tested and int(tested.group(1)) == operations, summary
    assert "No issues found" in summary, summary
