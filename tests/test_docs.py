"""The README and the pages under docs/ kept true (Datasette's `tests/test_docs.py` is the model):
a setting, a command, an option or a metric nobody documented fails here, and so does a README
request that no longer answers, a resource the README shows no request for, or a broken link."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import httpx
import orjson
import pytest
from prometheus_client import REGISTRY

from app.api.front import metrics  # noqa: F401  (registers the metrics below)
from app.cli import build_parser
from app.core.config import PROJECT_ROOT, Settings

DOCS = PROJECT_ROOT / "docs"
README = (PROJECT_ROOT / "README.md").read_text()
PAGES = {path.name: path.read_text() for path in sorted(DOCS.glob("*.md"))}
EVERYTHING = README + "".join(PAGES.values())
OPENAPI = orjson.loads((PROJECT_ROOT / "openapi.json").read_bytes())

# Pages other branches are writing: linked from the README already, checked once they exist.
PENDING = {"limits.md", "webhooks.md", "detection.md", "extraction.md"}
# Environment variables the docs name that are not settings: the test and tool variables.
NOT_SETTINGS = {
    "ESSAY_API_TEST_DATABASE_URL",
    "ESSAY_API_TOKEN",
    "ESSAY_API_ADMIN_TOKEN",
    "ESSAY_API_SCREENSHOTS",
}
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def requests_in_readme() -> list[list[str]]:
    """Each `curl` of the README's "One request per resource", as words, `$E` spelled out."""
    section = README.split("## One request per resource", 1)[1].split("\n## ", 1)[0]
    (essay,) = re.findall(r"^E=(\S+)$", section, re.MULTILINE)
    return [
        shlex.split(line.replace("$E", essay), comments=True)
        for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
        for line in block.replace("\\\n", " ").splitlines()
        if line.startswith("curl ")
    ]


def target(words: list[str]) -> tuple[str, str]:
    """(method, path and query) of a curl command line."""
    method = words[words.index("-X") + 1] if "-X" in words else "GET"
    (url,) = [w for w in words if w.startswith(("localhost:", "http://"))]
    return method, re.sub(r"^(http://)?(localhost|127\.0\.0\.1):8000", "", url)


def operation_of(method: str, path: str) -> dict[str, object] | None:
    """The OpenAPI operation a concrete path (no query) is an instance of."""
    for template, operations in OPENAPI["paths"].items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    return None


def test_every_setting_is_documented_and_every_documented_setting_exists() -> None:
    settings = {f"ESSAY_API_{name.upper()}" for name in Settings.model_fields}
    assert not {s for s in settings if s not in EVERYTHING}, "settings missing from docs/"
    documented = set(re.findall(r"ESSAY_API_[A-Z_]*[A-Z]", EVERYTHING))
    assert not documented - settings - NOT_SETTINGS, "docs name settings that do not exist"
    table = PAGES["operating.md"].split("## Configuration", 1)[1]
    assert "| `ESSAY_API_DATABASE_URL` |" in table


def test_every_command_and_option_is_in_the_cli_page() -> None:
    page = PAGES["cli.md"]
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"serve", "import", "export", "token", "openapi"} <= set(commands)
    for name, command in commands.items():
        assert f"`essay-api {name}" in page, f"essay-api {name} is not in docs/cli.md"
        for action in command._actions:
            longest = max(action.option_strings, key=len, default=None)
            if longest and longest != "--help":
                assert longest in page, f"essay-api {name} {longest} is not in docs/cli.md"


def test_every_metric_is_in_the_operating_page() -> None:
    page = PAGES["operating.md"]
    names = [
        family.name + ("_total" if family.type == "counter" else "")
        for family in REGISTRY.collect()
        if family.name.startswith("essay_api_")
    ]
    assert len(names) >= 8
    assert not [n for n in names if f"`{n}`" not in page], "metrics missing from docs/operating.md"


def test_links_between_the_pages_resolve_and_every_page_is_linked_from_the_readme() -> None:
    sources = {PROJECT_ROOT / "README.md": README} | {DOCS / n: t for n, t in PAGES.items()}
    for source, text in sources.items():
        for link in LINK.findall(text):
            resolved = (source.parent / link).resolve()
            if resolved.parent == DOCS and resolved.name in PENDING:
                continue
            assert resolved.exists(), f"{source.name} links {link}, which does not exist"
    linked = {Path(link).name for link in LINK.findall(README) if link.startswith("docs/")}
    assert not set(PAGES) - linked, "docs/ pages the README does not link"
    assert linked >= PENDING


def test_the_readme_shows_a_request_for_every_resource() -> None:
    shown_tags = set()
    for words in requests_in_readme():
        method, url = target(words)
        operation = operation_of(method, url.split("?")[0])
        assert operation is not None, f"{method} {url} is not an operation of openapi.json"
        shown_tags.update(operation["tags"])  # type: ignore[arg-type]
    every_tag = {
        tag for ops in OPENAPI["paths"].values() for op in ops.values() for tag in op["tags"]
    }
    assert not every_tag - shown_tags, "resources the README shows no request for"


@pytest.mark.parametrize(
    "words",
    [w for w in requests_in_readme() if "-X" not in w],
    ids=lambda words: target(words)[1][:60],
)
async def test_each_read_the_readme_shows_answers(
    client: httpx.AsyncClient, words: list[str]
) -> None:
    _, url = target(words)
    headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "-H")
    url = url.replace("http://127.0.0.1:8000", str(client.base_url))
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.text[:300])
    assert response.content
