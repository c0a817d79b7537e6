"""The public shapes of API.md, one module per resource as the routes are (`app.api.routes`).
Snapshots are built through these, so JSON and docs agree; `common` and `inputs` hold what
every resource's shapes are built from.

Enums are named, not Literals: each becomes one component that generated SDKs share by
name. Pages are concrete classes, so the document names them `PageQuote`, not pydantic's
`Page_Quote_`. Examples are values from the seed essay; tests/contract/test_document.py
checks them."""
