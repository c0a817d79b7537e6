"""Fixtures shared by every test: real databases built by the migrations, and an httpx client.

Database tests run on SQLite always and on PostgreSQL when ESSAY_API_TEST_DATABASE_URL is set;
each backend gets a database of its own, created here and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from app.core.config import PROJECT_ROOT, Settings
from app.db import migrations
from app.db.engine import create_db_engine, transaction
from app.main import create_app
from app.services import seeding
from app.services.exports import export_all
from app.services.tokens import SCOPES, create_token
from tests.live_server import free_port, live_server

__all__ = ["free_port", "live_server"]  # tests import both from here too

PG_URL = os.environ.get("ESSAY_API_TEST_DATABASE_URL")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
SEED_DIR = PROJECT_ROOT / "seed"
DOCUMENTS_DIR = PROJECT_ROOT / "tests" / "documents"
SEED_SLUG = "putins-opponents-are-leaving-russia"


class Databases:
    """Creates empty databases on the backends under test and drops them at the end."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.created: list[str] = []
        self.templates: dict[str, str] = {}  # backend: a seeded database that is only copied

    def new(self, backend: str, *, template: str | None = None) -> str:
        """An empty database (or, on PostgreSQL, a copy of the database named `template`)."""
        name = f"essay_api_test_{uuid.uuid4().hex[:10]}"
        if backend == "sqlite":
            return f"sqlite:///{self.tmp / name}.db"
        assert PG_URL is not None
        admin = create_db_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
        copied = f' TEMPLATE "{template}"' if template else ""
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"{copied}'))
        admin.dispose()
        self.created.append(name)
        return sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    def seeded(self, backend: str) -> str:
        """A new database as `seeded_engine` makes it, copied from one this worker built once:
        migrating and importing the documents again for each test was a fifth of the suite."""
        if backend not in self.templates:
            self.templates[backend] = self.new(backend)
            seeded_engine(self.templates[backend]).dispose()
        template = sa.make_url(self.templates[backend]).database or ""
        if backend != "sqlite":
            return self.new(backend, template=template)
        url = self.new(backend)
        with (
            contextlib.closing(sqlite3.connect(template)) as source,
            contextlib.closing(sqlite3.connect(sa.make_url(url).database or "")) as copy,
        ):
            source.backup(copy)
        return url

    def drop_all(self) -> None:
        """Eight at a time: each DROP DATABASE waits for a checkpoint, and concurrent ones share
        it (8 drops took 20 s one by one, 2.6 s together; a session's ~100, 70 s and more)."""
        if not self.created:
            return
        admin = create_db_engine(PG_URL or "").execution_options(isolation_level="AUTOCOMMIT")

        def drop(name: str) -> None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(drop, self.created))
        admin.dispose()
        for name in self.created:  # the search index each database's servers made
            url = sa.make_url(PG_URL or "").set(database=name)
            shutil.rmtree(
                Settings(database_url=url.render_as_string()).search_index_path(),
                ignore_errors=True,
            )


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(tmp_path_factory.mktemp("db"))
    yield dbs
    dbs.drop_all()


def settings_for(url: str) -> Settings:
    return Settings(database_url=url, seed_dir=SEED_DIR, migrate_on_start=False)


def seeded_engine(url: str) -> sa.Engine:
    """A database built by the migrations and filled by the real importer."""
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    settings = settings_for(url)
    for folder in (SEED_DIR, DOCUMENTS_DIR):
        for _ in seeding.seed_folder(
            engine, folder, timezone=settings.timezone, words_per_minute=settings.words_per_minute
        ):
            pass
    return engine


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def seeded_url(backend: str, databases: Databases) -> Iterator[str]:
    """A seeded database shared by the read-only tests of one backend."""
    yield databases.seeded(backend)


@pytest.fixture(scope="session")
async def client(seeded_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings_for(seeded_url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
    app.state.engine.dispose()


@dataclass
class Writable:
    """A freshly seeded database of its own, an httpx client on it, and tokens per scope."""

    url: str
    client: httpx.AsyncClient
    tokens: dict[str, str]

    def auth(self, scope: str = "write") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[scope]}"}

    async def etag(self, path: str = f"/v1/essays/{SEED_SLUG}") -> str:
        return (await self.client.get(path)).headers["etag"]

    def state(self) -> dict[str, object]:
        """Everything a write could touch: each essay's current snapshot and every row count."""
        engine = create_db_engine(self.url)
        with engine.connect() as connection:
            counts = {
                table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in WRITTEN_TABLES
            }
        exported = export_all(engine)
        engine.dispose()
        return {"export": exported, "counts": counts}


WRITTEN_TABLES = (
    "essay",
    "author",
    "section",
    "block",
    "quote",
    "figure",
    "date_mention",
    "scenario",
    "selector",
    "revision",
    "change",
)


def mint_tokens(url: str) -> dict[str, str]:
    engine = create_db_engine(url)
    with transaction(engine) as session:
        minted = {scope: create_token(session, f"{scope}-bot", scope) for scope in SCOPES}
    engine.dispose()
    return minted


@pytest.fixture
async def writable(backend: str, databases: Databases) -> AsyncIterator[Writable]:
    url = databases.seeded(backend)
    app = create_app(settings_for(url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield Writable(url, c, mint_tokens(url))
    app.state.engine.dispose()
