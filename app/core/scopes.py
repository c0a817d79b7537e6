"""Token scopes, apart from `app.services.tokens` so the CLI's parser names them without
importing the database layer."""

SCOPES = ("read", "write", "admin")  # each scope includes the ones before it
