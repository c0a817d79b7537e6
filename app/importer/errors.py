"""The one exception the importer raises for bad input, so callers can turn it into a 4xx."""


class DocumentError(ValueError):
    """One clear message: what is wrong, naming the file and the item."""
