"""What can be checked of packaging without a Docker engine or a network: the Dockerfile's
promises, pinned dependencies, and the README's quick start naming real commands."""

from __future__ import annotations

import re
import tomllib

from app.core.config import PROJECT_ROOT, Settings

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
README = (PROJECT_ROOT / "README.md").read_text()


def instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_dockerfile_is_slim_non_root_healthy_and_serves() -> None:
    assert instructions("FROM") == ["python:3.11-slim"]
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    assert any("/readyz" in h for h in instructions("HEALTHCHECK"))
    assert "essay-api" in instructions("CMD")[-1] and "serve" in instructions("CMD")[-1]
    assert any("--require-hashes" in run for run in instructions("RUN"))
    for copy in instructions("COPY"):
        *sources, _ = copy.split()
        for source in sources:
            assert (PROJECT_ROOT / source).exists(), source


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
    for name in Settings.model_fields:
        assert f"ESSAY_API_{name.upper()}" in README, name
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
