"""What a crash must never leave behind: an essay whose version is not its last revision, a
gap in its revisions, or a change feed that disagrees with the revisions."""

from __future__ import annotations

import sqlalchemy as sa

from app.db.engine import create_db_engine


def assert_consistent(url: str) -> dict[str, int]:
    """Checks the invariants; returns each essay's version by slug."""
    engine = create_db_engine(url)
    with engine.connect() as connection:
        essays = connection.execute(
            sa.text(
                "SELECT e.slug, e.version, count(r.id), max(r.version) FROM essay e"
                " LEFT JOIN revision r ON r.essay_id = e.id GROUP BY e.id, e.slug, e.version"
            )
        ).all()
        revisions = connection.execute(
            sa.text("SELECT essay_id, version FROM revision ORDER BY essay_id, version")
        ).all()
        changes = connection.execute(
            sa.text("SELECT essay_id, version FROM change ORDER BY essay_id, version")
        ).all()
    engine.dispose()
    for slug, version, count, last in essays:
        assert version == last == count, f"{slug}: version {version}, {count} revisions to {last}"
    assert [tuple(r) for r in changes] == [tuple(r) for r in revisions]
    return {slug: version for slug, version, _, _ in essays}
