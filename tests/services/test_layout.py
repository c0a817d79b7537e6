"""Edits lay the text out again; it must be the importer's text to the character, or the
first edit of an essay would move every selector."""

from __future__ import annotations

import httpx
import sqlalchemy as sa

from app.db.engine import create_db_engine
from app.services.editing.anchoring import changed_region, reanchor, selector_at
from app.services.editing.layout import lay_out


async def test_layout_matches_the_importer_for_every_document(
    client: httpx.AsyncClient, seeded_url: str
) -> None:
    engine = create_db_engine(seeded_url)
    with engine.connect() as connection:
        bylines = dict(connection.execute(sa.text("SELECT slug, byline FROM essay")).all())
    engine.dispose()
    assert len(bylines) >= 4
    for slug, byline in bylines.items():
        document = (
            await client.get(f"/v1/essays/{slug}", params={"include": "quotes,figures"})
        ).json()
        text = (await client.get(f"/v1/essays/{slug}", headers={"Accept": "text/plain"})).text
        laid_out, pieces = lay_out(document, byline)
        assert laid_out == text, slug
        assert [p.kind for p in pieces][:1] == ["title"]


def test_reanchoring_moves_shifts_and_finds() -> None:
    old = "Alpha beta. Gamma “delta” epsilon. Zeta eta."
    new = "Alpha beta gamma. Gamma “delta” epsilon. Zeta eta."
    region = changed_region(old, new)
    before = selector_at(old, 0, "Alpha")
    inside = selector_at(old, old.index("delta"), "delta")
    after = selector_at(old, old.index("Zeta"), "Zeta")
    assert reanchor(before, old, new, region)["start"] == 0
    assert reanchor(inside, old, new, region)["start"] == new.index("delta")
    assert reanchor(after, old, new, region)["start"] == new.index("Zeta")
    gone = "Alpha beta. Zeta eta."
    assert reanchor(inside, old, gone, changed_region(old, gone)) is None
