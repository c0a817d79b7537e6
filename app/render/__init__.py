"""Renderers that cut a representation from an essay snapshot document, never from the database."""
