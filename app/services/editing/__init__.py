"""Editing: every write applies an operation to a copy of the current snapshot, lays the plain
text out again, re-anchors every selector, and stores the result as the next version."""
