"""Pick a representation from the `Accept` header (RFC 9110 §12.5.1), or refuse with 406."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.errors import NotAcceptable


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for order, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q, order))
    return ranges


def _matches(media_range: str, offered: str) -> int:
    """Specificity of the match (2 exact, 1 `type/*`, 0 `*/*`), or -1."""
    if media_range == offered:
        return 2
    kind, _, sub = media_range.partition("/")
    if sub == "*" and offered.startswith(kind + "/"):
        return 1
    return 0 if media_range == "*/*" else -1


def choose(accept: str | None, offered: Sequence[str]) -> str:
    """The offered type the client prefers; the first offered type for a missing header."""
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, media in enumerate(offered):
        # The most specific range that matches decides this type's q.
        matching = [(s, q) for r, q, _ in _ranges(accept) if (s := _matches(r, media)) >= 0]
        if not matching:
            continue
        _, q = max(matching)
        if q <= 0:
            continue
        rank = (q, -index, 0)
        if best is None or rank > best:
            best, chosen = rank, media
    if chosen is None:
        raise NotAcceptable(
            f"None of the requested types ({accept}) is available here; offered: "
            + ", ".join(offered)
            + ".",
            available=list(offered),
        )
    return chosen
