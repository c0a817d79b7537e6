"""`essay-api`: serve, seed, import and export from the command line."""

# Each command imports what it needs when it runs: `--help` and a worker process's start (which
# re-imports this module) load no web, database or importer code (tests/test_startup.py).

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.scopes import SCOPES

if TYPE_CHECKING:
    import sqlalchemy as sa

    from app.core.config import Settings


class CommandError(Exception):
    """A refusal to report in one line, like a bad document."""


def _engine(settings: Settings, *, migrate: bool = False) -> sa.Engine:
    from app.db.engine import create_db_engine

    engine = create_db_engine(
        settings.database_url,
        connect_timeout=settings.database_connect_timeout,
        busy_timeout=settings.database_busy_timeout,
    )
    if migrate:
        from app.db import migrations

        migrations.upgrade(engine)
    return engine


def _seed(settings: Settings, engine: sa.Engine) -> None:
    from app.services import seeding

    for path, result in seeding.seed_folder(
        engine,
        settings.seed_dir,
        timezone=settings.timezone,
        words_per_minute=settings.words_per_minute,
    ):
        essay = result.essay
        print(f"{result.outcome:9} {essay.slug} v{essay.version}  ({path.name})")


def cmd_seed(settings: Settings, _args: argparse.Namespace) -> None:
    _seed(settings, _engine(settings, migrate=True))


def cmd_import(settings: Settings, args: argparse.Namespace) -> None:
    from app.services import seeding

    engine = _engine(settings, migrate=True)
    if args.url:
        _import_url(settings, engine, args.url, args.annotations)
        return
    if Path(args.file).is_dir():
        seeding.refuse_oversized(
            seeding.source_documents(Path(args.file)), settings.import_max_bytes
        )
        _import_folder(settings, engine, Path(args.file))
        return
    seeding.refuse_oversized(
        [Path(p) for p in (args.file, args.annotations) if p], settings.import_max_bytes
    )
    results = seeding.import_file(
        engine,
        Path(args.file),
        annotations=Path(args.annotations) if args.annotations else None,
        timezone=settings.timezone,
        words_per_minute=settings.words_per_minute,
    )
    for result in results:
        print(f"{result.outcome:9} {result.essay.slug} v{result.essay.version}")


def _import_url(settings: Settings, engine: sa.Engine, url: str, notes: str | None) -> None:
    """A page fetched as `POST /v1/imports {url}` fetches it (same checks and limits)."""
    from app.db.engine import transaction
    from app.services import creating
    from app.services.imports import save_parsed_essay

    annotations = Path(notes).read_text() if notes else None
    parsed = creating.read_import(
        creating.ImportRequest(None, None, annotations, None, url), settings
    )
    with transaction(engine) as session:
        result = save_parsed_essay(session, parsed, created_by="importer")
    print(f"{result.outcome:9} {result.essay.slug} v{result.essay.version}")


def _import_folder(settings: Settings, engine: sa.Engine, folder: Path) -> None:
    from collections import Counter

    from app.core.progress import ProgressBar
    from app.services import bulk_import
    from app.services.budgeted_parsing import parse_limits

    outcomes: Counter[str] = Counter()
    bar = ProgressBar(bulk_import.count_documents(folder), "essays")
    for result in bulk_import.import_folder(
        engine,
        folder,
        timezone=settings.timezone,
        words_per_minute=settings.words_per_minute,
        limits=parse_limits(settings),
    ):
        outcomes[result.outcome] += 1
        bar.advance()
    bar.close()
    print(", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "no documents")
    _update_search_index(settings, engine, rebuild=False)


def _update_search_index(
    settings: Settings, engine: sa.Engine, *, rebuild: bool, report: bool = True
) -> None:
    """The search index brought up to the change feed (or made again), so the server's first
    search after a bulk import need not do it."""
    import time

    from app.services.search_engine import SearchIndex

    index = SearchIndex(settings.search_index_path())
    started = time.perf_counter()
    with engine.connect() as connection:
        state = index.rebuild(connection) if rebuild else index.catch_up(connection)
    if not report:  # `serve`: its log lines are the logger's alone (JSON when so set)
        return
    print(
        f"search index {index.directory}: at change {state.position if state else '?'} "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )


def _search_index_at_start(settings: Settings, engine: sa.Engine) -> None:
    """Up to the feed before serving, so no first search pays for a bulk import; a database
    that does not answer yet is the server's to report (`/readyz`), and searches catch up."""
    from contextlib import suppress

    import sqlalchemy as sa

    with suppress(sa.exc.SQLAlchemyError):
        _update_search_index(settings, engine, rebuild=False, report=False)


def cmd_search(settings: Settings, args: argparse.Namespace) -> None:
    _update_search_index(settings, _engine(settings), rebuild=args.action == "rebuild")


def cmd_export(settings: Settings, args: argparse.Namespace) -> None:
    import orjson

    from app.services.exports import export_all

    engine = _engine(settings)
    data = orjson.dumps(export_all(engine), option=orjson.OPT_INDENT_2)
    if args.output == "-":
        sys.stdout.buffer.write(data + b"\n")
    else:
        Path(args.output).write_bytes(data + b"\n")


def cmd_token(settings: Settings, args: argparse.Namespace) -> None:
    from app.db.engine import transaction
    from app.services import tokens

    engine = _engine(settings, migrate=True)
    with transaction(engine) as session:
        if args.action == "create":
            try:
                token = tokens.create_token(session, args.name, args.scope)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            print(token)
            print(
                f"(token '{args.name}', scope {args.scope}: shown once, only its hash is kept)",
                file=sys.stderr,
            )
        elif args.action == "revoke":
            if not tokens.revoke_token(session, args.name):
                raise CommandError(f"no live token is named '{args.name}'")
            print(f"revoked {args.name}")
        else:
            for row in tokens.list_tokens(session):
                state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "live"
                print(f"{row.name:24} {row.scope:6} {row.created_at:%Y-%m-%d} {state}")


def cmd_openapi(settings: Settings, args: argparse.Namespace) -> None:
    from app.api.openapi import document_bytes
    from app.main import create_app

    data = document_bytes(create_app(settings))
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    from app import serving

    engine = _engine(settings, migrate=settings.migrate_on_start)
    if settings.seed_on_start:
        from app.services import seeding

        if not seeding.has_essays(engine):
            _seed(settings, engine)
    _search_index_at_start(settings, engine)
    engine.dispose()
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker then writes its metrics there, and a scrape sums them all.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="essay-api-metrics-")
    if args.access_log is not None:
        # The app writes its own access log (cheaper, and with request ids); the workers
        # read the choice from the environment, like every other setting.
        from app.core.config import get_settings

        os.environ["ESSAY_API_ACCESS_LOG"] = "true" if args.access_log else "false"
        get_settings.cache_clear()
    try:
        serving.serve(settings, host=args.host, port=args.port, workers=args.workers)
    except serving.WorkersDidNotStart as exc:
        raise CommandError(f"serve: {exc}") from exc


def cmd_webhooks(settings: Settings, _args: argparse.Namespace) -> None:
    """The webhook sender alone, until SIGTERM or Ctrl-C (`serve` may then run without it)."""
    import asyncio
    import signal

    from app.core.logging import configure_logging
    from app.services.webhooks import sender

    configure_logging(settings.log_format, settings.log_level)
    engine = _engine(settings)

    async def work() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with sender.running(engine, settings):
            await stop.wait()

    asyncio.run(work())
    engine.dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="essay-api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate, seed an empty database, and serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="one log line a request (default: ESSAY_API_ACCESS_LOG, on)",
    )
    serve.set_defaults(run=cmd_serve)

    seed = commands.add_parser("seed", help="migrate, then import every document in the seed dir")
    seed.set_defaults(run=cmd_seed)

    imp = commands.add_parser("import", help="import a source document, an export, or a folder")
    imp.add_argument("file", nargs="?", help="a document, an export file, or a folder of them")
    imp.add_argument("--url", help="instead of a file: a page to fetch (http/https, public)")
    imp.add_argument("--annotations", help="annotations file (default: <stem>.annotations.yaml)")
    imp.set_defaults(run=cmd_import)

    token = commands.add_parser("token", help="create, revoke or list API tokens")
    token.add_argument("action", choices=["create", "revoke", "list"])
    token.add_argument("--name", help="who the token is for (recorded as created_by)")
    token.add_argument("--scope", choices=SCOPES, default="write")
    token.set_defaults(run=cmd_token)

    search = commands.add_parser("search", help="the search index: rebuild, or catch up")
    search.add_argument(
        "action",
        choices=["rebuild", "update"],
        help="rebuild: make it again from the database; update: apply the changes it lacks",
    )
    search.set_defaults(run=cmd_search)

    export = commands.add_parser("export", help="every essay as JSON")
    export.add_argument("-o", "--output", default="-", help="file, or - for standard output")
    export.set_defaults(run=cmd_export)

    webhooks = commands.add_parser("webhooks", help="the webhook sender")
    webhooks.add_argument("action", choices=["worker"], help="worker: send due deliveries")
    webhooks.set_defaults(run=cmd_webhooks)

    openapi = commands.add_parser("openapi", help="the OpenAPI document, as committed")
    openapi.add_argument("-o", "--output", default="-", help="file, or - for standard output")
    openapi.set_defaults(run=cmd_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "token" and args.action != "list" and not args.name:
        parser.error("token create/revoke need --name")
    if args.command == "import" and (args.file is None) == (args.url is None):
        parser.error("import needs a file or folder, or --url")
    from app.core.config import get_settings

    try:
        args.run(get_settings(), args)
    except Exception as exc:
        refusal = refusal_line(exc)
        if refusal is None:
            raise
        print(f"essay-api: {refusal[1]}", file=sys.stderr)
        return refusal[0]
    return 0


def refusal_line(exc: Exception) -> tuple[int, str] | None:
    """The exit code and one line for a refusal, or None for a bug. The error classes are looked
    up among the loaded modules: a command that raised one has loaded its module, and one that
    did not need not load it."""

    def raised(module: str, name: str) -> bool:
        cls = getattr(sys.modules.get(module), name, None)
        return cls is not None and isinstance(exc, cls)

    if isinstance(exc, CommandError) or raised("app.importer.errors", "DocumentError"):
        return 2, str(exc)
    if raised("app.core.errors", "ApiError"):  # --url: the page could not be fetched or read
        return 2, str(exc.detail)  # type: ignore[attr-defined]
    if raised("sqlalchemy.exc", "DBAPIError"):
        from app.db import faults

        if faults.is_unreachable(exc):  # type: ignore[arg-type]
            return 1, f"the database does not answer: {faults.describe(exc)}"  # type: ignore[arg-type]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
