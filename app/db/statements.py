"""For statements built once and run many times with their values bound at execution."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def bound(name: str, column: sa.ColumnElement[Any]) -> sa.BindParameter[Any]:
    """A parameter typed as `column`, so each backend gets the value in the form the column
    stores: untyped, a row-value comparison would bind a datetime as sqlite3's default text,
    which does not sort like the stored form."""
    return sa.bindparam(name, type_=column.type)
