"""Table models. Public schemas live in `app.schemas`; nothing here is serialised directly."""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Explicit constraint names, so migrations are the same on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores UTC and hands back aware datetimes on every backend (SQLite keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class CompressedText(sa.types.TypeDecorator[str]):
    """Text kept zlib-compressed (a quarter of its size for a snapshot's JSON): a revision's
    snapshot and plain text are read whole, and rarely, since the served version is cached.
    Bytes are taken as compressed already (the bulk importer's workers compress)."""

    impl = sa.LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | bytes | None, dialect: sa.Dialect) -> bytes | None:
        return compress(value) if isinstance(value, str) else value

    def process_result_value(self, value: bytes | None, dialect: sa.Dialect) -> str | None:
        return None if value is None else zlib.decompress(value).decode()


def compress(text: str | bytes) -> bytes:
    """As `CompressedText` stores `text` (bytes: UTF-8 already)."""
    return zlib.compress(text.encode() if isinstance(text, str) else text, 6)


def _fk(target: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(sa.ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=True)


def _found_by() -> Any:
    """How an item came to be (`annotation`, `detection`, `edit`); rows from before it was
    recorded read as detection's."""
    return Field(
        default="detection", max_length=16, sa_column_kwargs={"server_default": "detection"}
    )


def _confirmed() -> Any:
    return Field(default=False, sa_column_kwargs={"server_default": sa.false()})


def _time(*, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(UTCDateTime(), nullable=nullable)


class Essay(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    title: str
    subtitle: str | None = None
    kind: str = Field(max_length=40)
    publication_name: str | None = None  # None when the document names none
    publication_section: str | None = None
    published_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    timezone: str = Field(max_length=64)
    byline: str = Field(sa_type=sa.Text)  # author and date lines as written: part of plain_text
    language: str = Field(max_length=16)
    word_count: int
    reading_time_minutes: int
    plain_text: str = Field(sa_type=CompressedText)  # read whole, by writes and search hits
    version: int = 1
    source_hash: str | None = Field(default=None, max_length=64)
    source_url: str | None = Field(default=None, sa_type=sa.Text)  # where it was published
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())
    deleted_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    summary: str = Field(sa_type=sa.Text)  # canonical JSON of its EssaySummary, for list pages

    __table_args__ = (
        sa.Index("ix_essay_published_at_id", "published_at", "id"),
        # An import looks its page up by both; a hash index takes a URL of any length.
        sa.Index("ix_essay_source_url", "source_url", postgresql_using="hash"),
        sa.Index("ix_essay_source_hash", "source_hash"),
    )


ESSAY_COLUMNS = Essay.__table__.c  # type: ignore[attr-defined]
# The list's order: when it was published, else when it was imported (see essay_list).
LISTED_AT = sa.func.coalesce(ESSAY_COLUMNS.published_at, ESSAY_COLUMNS.created_at)
sa.Index("ix_essay_listed_at_id", LISTED_AT, ESSAY_COLUMNS.id)


class Author(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    position: int
    name: str = Field(index=True)


class Section(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    position: int
    heading: str | None = None
    anchor: str = Field(max_length=160)


class Block(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    section_id: str = Field(sa_column=_fk("section.id"))
    position: int
    type: str = Field(max_length=16)
    text: str | None = Field(default=None, sa_type=sa.Text)
    quote_id: str | None = Field(default=None, max_length=32)
    figure_id: str | None = Field(default=None, max_length=32)
    items: list[str] | None = Field(default=None, sa_type=sa.JSON)  # a list block's items


class Quote(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    section_id: str | None = Field(default=None, max_length=32)
    position: int
    kind: str = Field(max_length=16, index=True)
    text: str = Field(sa_type=sa.Text)
    attributed_to: str | None = None
    found_by: str = _found_by()
    confirmed: bool = _confirmed()

    # `GET /v1/quotes` walks this in keyset order, whatever the number of essays.
    __table_args__ = (sa.Index("ix_quote_essay_id_position", "essay_id", "position"),)


class Figure(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    section_id: str = Field(max_length=32)
    position: int
    caption: str = Field(sa_type=sa.Text)
    credit: str | None = None
    alt: str | None = Field(default=None, sa_type=sa.Text)
    image_url: str | None = None


class DateMention(SQLModel, table=True):
    __tablename__ = "date_mention"

    id: str = Field(primary_key=True, max_length=32)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    section_id: str | None = Field(default=None, max_length=32)
    position: int
    text: str
    value: str = Field(max_length=40)
    precision: str = Field(max_length=8)
    start_date: date = Field(index=True)
    end_date: date
    label: str | None = None
    location: str = Field(max_length=16)  # API name: `where` (reserved in SQL)
    found_by: str = _found_by()
    confirmed: bool = _confirmed()

    # `GET /v1/timeline`: (date, essay) entries in order, then the mentions of each.
    __table_args__ = (
        sa.Index(
            "ix_date_mention_start_date_end_date_value_essay_id",
            "start_date",
            "end_date",
            "value",
            "essay_id",
        ),
        sa.Index("ix_date_mention_value_essay_id_position", "value", "essay_id", "position"),
    )


class Scenario(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    key: str = Field(max_length=80)
    position: int
    title: str
    summary: str | None = Field(default=None, sa_type=sa.Text)
    description: str = Field(sa_type=sa.Text)
    found_by: str = _found_by()
    confirmed: bool = _confirmed()

    __table_args__ = (sa.UniqueConstraint("essay_id", "key"),)


class Selector(SQLModel, table=True):
    """Anchors a quote, a date mention or one passage of a scenario to the essay's plain text."""

    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    quote_id: str | None = Field(default=None, sa_column=_fk("quote.id", nullable=True))
    date_mention_id: str | None = Field(
        default=None, sa_column=_fk("date_mention.id", nullable=True)
    )
    scenario_id: str | None = Field(default=None, sa_column=_fk("scenario.id", nullable=True))
    position: int = 1
    exact: str = Field(sa_type=sa.Text)
    prefix: str
    suffix: str
    start_offset: int
    end_offset: int

    __table_args__ = (
        sa.CheckConstraint(
            "CASE WHEN quote_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN date_mention_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN scenario_id IS NULL THEN 0 ELSE 1 END = 1",
            name="one_owner",
        ),
    )


class Revision(SQLModel, table=True):
    """An immutable snapshot: exactly the JSON `GET /v1/essays/{slug}` answered at `version`."""

    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    version: int
    created_at: datetime = Field(sa_column=_time())
    created_by: str
    message: str | None = None
    changes: str = Field(sa_type=sa.Text)  # JSON list
    # canonical JSON of the whole essay, every list included
    snapshot: str = Field(sa_type=CompressedText)
    # None for the current version, whose plain text the essay row holds: copied here when
    # the next version claims its number (`revisions.claim_next_version`); read through
    # `REVISION_PLAIN_TEXT`.
    plain_text: str | None = Field(default=None, sa_type=CompressedText)
    byline: str = Field(sa_type=sa.Text)  # as laid out in plain_text, so a restore can lay it out

    __table_args__ = (sa.UniqueConstraint("essay_id", "version"),)


REVISION_COLUMNS = Revision.__table__.c  # type: ignore[attr-defined]
# A revision's plain text, from a query that joins its essay: the essay row's for the current
# version. One statement reads both, so a concurrent write is seen either whole or not at all.
REVISION_PLAIN_TEXT = sa.func.coalesce(REVISION_COLUMNS.plain_text, ESSAY_COLUMNS.plain_text).label(
    "plain_text"
)


class Change(SQLModel, table=True):
    """The change feed: one row per committed create/update/restore/delete; `id` is the cursor."""

    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    slug: str = Field(max_length=120)
    version: int
    kind: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=_time())


class ApiToken(SQLModel, table=True):
    """A bearer token: only its SHA-256 is stored; the token itself is shown once, at creation."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    scope: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_column=_time())
    revoked_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))


class SearchEntry(SQLModel, table=True):
    """One searchable passage of an essay's current version (title, standfirst, heading,
    paragraph, quote or caption), derived from its snapshot by `app.services.search_index`;
    the search index beside the database (`app.services.search_engine`) is a copy of these.
    A passage found in the plain text is stored as its offsets: the text is held once.
    """

    __tablename__ = "search_entry"

    id: int | None = Field(default=None, primary_key=True)
    essay_id: int = Field(sa_column=_fk("essay.id"))
    position: int
    kind: str = Field(max_length=16)
    section_id: str | None = Field(default=None, max_length=32)
    item_id: str | None = Field(default=None, max_length=32)  # the quote or figure
    # Where the passage is in the essay's plain text, which holds its words and context;
    # `text` only for a passage that is not in it.
    start_offset: int | None = None
    end_offset: int | None = None
    text: str | None = Field(default=None, sa_type=sa.Text)


class Webhook(SQLModel, table=True):
    """An endpoint the change feed is pushed to. `secret` signs (it cannot be a digest: HMAC
    needs it); `previous_secret` still signs beside it until `previous_secret_until`, so a
    receiver can switch keys without dropping a delivery. `change_cursor` is the last change
    turned into its deliveries (see `app.services.webhooks.outbox`)."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_type=sa.Text)
    events: list[str] = Field(sa_type=sa.JSON)
    description: str | None = Field(default=None, sa_type=sa.Text)
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, sa_type=sa.Text)
    secret: str = Field(max_length=80)
    previous_secret: str | None = Field(default=None, max_length=80)
    previous_secret_until: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    change_cursor: int = 0
    created_at: datetime = Field(sa_column=_time())
    updated_at: datetime = Field(sa_column=_time())


class Delivery(SQLModel, table=True):
    """One change (or a ping) to send to one webhook, with its latest attempt (every one is a
    `DeliveryAttempt`). A sender owns it while `lease_until` is in the future; one that dies
    loses it when the lease runs out."""

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(sa_column=_fk("webhook.id"))
    change_id: int | None = Field(default=None, sa_column=_fk("change.id", nullable=True))
    essay_id: int | None = None  # deliveries of one essay go out one at a time, in id order
    event: str = Field(max_length=40)
    payload: str = Field(sa_type=sa.Text)  # the signed body, fixed when the delivery is made
    status: str = Field(default="pending", max_length=16)
    attempt: int = 0
    response_status: int | None = None
    duration_ms: int | None = None
    error: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime = Field(sa_column=_time())
    # The retry horizon runs from here; a manual retry or re-enabling the webhook clears it.
    first_attempt_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    next_attempt_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    delivered_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=_time(nullable=True))

    __table_args__ = (
        sa.Index("ix_delivery_status_next_attempt_at", "status", "next_attempt_at"),
        sa.Index("ix_delivery_webhook_id_essay_id_status", "webhook_id", "essay_id", "status"),
    )


class DeliveryAttempt(SQLModel, table=True):
    """One post of a delivery and how it went, written with the delivery's outcome: the
    history the deliveries list shows (a sender killed mid-post leaves none for that post)."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("delivery.id", ondelete="CASCADE"), nullable=False)
    )
    attempt: int  # 1 for the first post
    attempted_at: datetime = Field(sa_column=_time())  # when the post started
    response_status: int | None = None
    duration_ms: int
    error: str | None = Field(default=None, sa_type=sa.Text)  # None: delivered
    next_attempt_at: datetime | None = Field(default=None, sa_column=_time(nullable=True))

    __table_args__ = (sa.UniqueConstraint("delivery_id", "attempt"),)
