"""Quotes across essays (`/v1/quotes`)."""

from __future__ import annotations

from app.schemas.common import Page
from app.schemas.essays import EssayRef
from app.schemas.quotes import Quote


class QuoteAcross(Quote):
    essay: EssayRef


class PageQuoteAcross(Page[QuoteAcross]):
    """A page of quotes across essays."""
