"""The `essay-api` command line, run as a user would, against a real database per backend."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from app.core.config import Settings
from app.db.engine import create_db_engine
from app.services.search_engine import SearchIndex
from tests.api.import_documents import HTML_PAGE, write_mixed
from tests.api.page_server import page_server
from tests.conftest import SEED_DIR, SEED_SLUG, Databases

pytestmark = pytest.mark.slow  # `essay-api` run as a process: `-m "not slow"` leaves it out


def run(url: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ESSAY_API_DATABASE_URL": url, "ESSAY_API_SEED_DIR": str(SEED_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def counts(url: str) -> dict[str, int]:
    engine = create_db_engine(url)
    with engine.connect() as connection:
        tables = ("essay", "section", "block", "quote", "figure", "date_mention", "revision")
        result = {
            t: connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
        }
    engine.dispose()
    return result


@pytest.fixture
def empty_url(backend: str, databases: Databases) -> str:
    return databases.new(backend)


def test_seed_is_idempotent(empty_url: str) -> None:
    first = run(empty_url, "seed")
    assert first.returncode == 0, first.stderr
    assert f"created   {SEED_SLUG} v1" in first.stdout
    before = counts(empty_url)
    assert before["essay"] == 1 and before["revision"] == 1
    second = run(empty_url, "seed")
    assert second.returncode == 0, second.stderr
    assert f"unchanged {SEED_SLUG} v1" in second.stdout
    assert counts(empty_url) == before


def test_changed_source_becomes_the_next_version(empty_url: str, tmp_path: Path) -> None:
    source = (SEED_DIR / f"{SEED_SLUG}.txt").read_text()
    document = tmp_path / f"{SEED_SLUG}.txt"
    document.write_text(source)
    annotations = SEED_DIR / f"{SEED_SLUG}.annotations.yaml"
    assert (
        run(empty_url, "import", str(document), "--annotations", str(annotations)).returncode == 0
    )
    document.write_text(
        source.replace("There is one big difficulty", "There is one great difficulty")
    )
    result = run(empty_url, "import", str(document), "--annotations", str(annotations))
    assert result.returncode == 0, result.stderr
    assert f"updated   {SEED_SLUG} v2" in result.stdout
    assert counts(empty_url)["revision"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe not utf-8 \xc3\x28", "UTF-8"),
    ],
)
def test_bad_documents_stop_with_one_message_and_write_nothing(
    empty_url: str, tmp_path: Path, content: bytes, message: str
) -> None:
    assert run(empty_url, "seed").returncode == 0
    before = counts(empty_url)
    bad = tmp_path / "bad-essay.txt"
    bad.write_bytes(content)
    result = run(empty_url, "import", str(bad))
    assert result.returncode == 2
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert counts(empty_url) == before


def test_unanchored_annotation_is_refused(empty_url: str, tmp_path: Path) -> None:
    document = tmp_path / "essay.txt"
    document.write_bytes((SEED_DIR / f"{SEED_SLUG}.txt").read_bytes())
    annotations = tmp_path / "essay.annotations.yaml"
    annotations.write_text(
        "quotes:\n  - exact: words nobody ever wrote\n    attributed_to: Nobody\n"
    )
    result = run(empty_url, "import", str(document))
    assert result.returncode == 2
    assert "essay.annotations.yaml" in result.stderr
    assert "words nobody ever wrote" in result.stderr
    assert counts(empty_url)["essay"] == 0


def test_export_round_trips(
    empty_url: str, backend: str, databases: Databases, tmp_path: Path
) -> None:
    assert run(empty_url, "seed").returncode == 0
    exported = run(empty_url, "export")
    assert exported.returncode == 0, exported.stderr
    data = orjson.loads(exported.stdout)
    assert [e["essay"]["slug"] for e in data["essays"]] == [SEED_SLUG]
    dump = tmp_path / "export.json"
    dump.write_text(exported.stdout)
    other = databases.new(backend)
    result = run(other, "import", str(dump))
    assert result.returncode == 0, result.stderr
    again = orjson.loads(run(other, "export").stdout)

    def content(export: dict) -> list[dict]:
        volatile = ("version", "created_at", "updated_at")
        return [
            {**{k: v for k, v in e["essay"].items() if k not in volatile}, "text": e["plain_text"]}
            for e in export["essays"]
        ]

    assert content(again) == content(data)


def test_import_takes_every_format_one_file_or_a_folder(empty_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    html, markdown, _word = write_mixed(folder)
    (folder / "notes.txt").write_bytes((SEED_DIR / f"{SEED_SLUG}.txt").read_bytes())
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document: left alone
    bulk = run(empty_url, "import", str(folder))
    assert bulk.returncode == 0, bulk.stderr
    assert "4/4 essays" in bulk.stderr and bulk.stdout.strip() == "4 created"
    assert "search index" in bulk.stderr  # brought up to the import
    assert counts(empty_url)["essay"] == 4
    renamed = tmp_path / "page.htm"
    renamed.write_bytes(html.read_bytes())
    single = run(empty_url, "import", str(renamed))
    assert single.returncode == 0, single.stderr
    assert single.stdout.split()[:2] == ["created", "page"]
    again = run(empty_url, "import", str(markdown))
    assert again.stdout.split()[:2] == ["unchanged", "eastgate-library"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("essay.docx", b"not a zip at all", "Word"),
        ("essay.md", b"---\ntitle: [unclosed\n---\n\nText.\n", "front matter"),
        ("essay.html", b"<html><body><form><input type=password></form></body></html>", "article"),
    ],
)
def test_bad_documents_of_each_format_write_nothing(
    empty_url: str, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    assert run(empty_url, "seed").returncode == 0
    before = counts(empty_url)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run(empty_url, "import", str(bad))
    assert result.returncode == 2
    assert message.lower() in result.stderr.lower() and "Traceback" not in result.stderr
    assert counts(empty_url) == before


def test_import_by_url_fetches_as_the_api_does(
    empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {
        "/essay": (200, {"Content-Type": "text/html"}, HTML_PAGE.encode()),
        "/gone": (404, {}, b"gone"),
    }
    with page_server(pages) as base:
        refused = run(empty_url, "import", "--url", f"{base}/essay")
        assert refused.returncode == 2 and "private" in refused.stderr
        monkeypatch.setenv("ESSAY_API_IMPORT_ALLOW_PRIVATE_URLS", "true")
        created = run(empty_url, "import", "--url", f"{base}/essay")
        assert created.returncode == 0, created.stderr
        assert created.stdout.split()[:2] == ["created", "three-futures-for-the-harbour-town"]
        gone = run(empty_url, "import", "--url", f"{base}/gone")
        assert gone.returncode == 2 and "answered 404" in gone.stderr
    assert counts(empty_url)["essay"] == 1


def test_import_refuses_a_file_over_the_limit_before_reading_it(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(empty_url, "seed").returncode == 0
    before = counts(empty_url)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # 50 MB, sparse: reading it whole would take minutes to parse
        f.truncate(50 * 1024 * 1024)
    result = run(empty_url, "import", str(huge))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"essay-api: {huge}: 52428800 bytes, over the import limit of 10485760 "
        "(ESSAY_API_IMPORT_MAX_BYTES)"
    ]
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "small.txt").write_bytes((SEED_DIR / f"{SEED_SLUG}.txt").read_bytes())
    monkeypatch.setenv("ESSAY_API_IMPORT_MAX_BYTES", "2048")
    in_folder = run(empty_url, "import", str(folder))
    assert in_folder.returncode == 2 and "over the import limit of 2048" in in_folder.stderr
    assert "Traceback" not in result.stderr + in_folder.stderr
    assert counts(empty_url) == before


def test_search_rebuild_makes_the_index_again_from_the_database(
    empty_url: str, tmp_path: Path
) -> None:
    assert run(empty_url, "seed").returncode == 0
    index = Settings(database_url=empty_url).search_index_path()
    shutil.rmtree(index, ignore_errors=True)
    rebuilt = run(empty_url, "search", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"search index {index}: at change 1 " in rebuilt.stderr
    state = SearchIndex(index).held()
    assert state is not None and state.position == 1
    updated = run(empty_url, "search", "update")
    assert "at change 1 " in updated.stderr
    shutil.rmtree(index, ignore_errors=True)
