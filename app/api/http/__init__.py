"""HTTP semantics by the RFCs: conditional requests, validators and freshness, content
negotiation, keyset paging, HEAD, JSON Merge Patch, deprecation headers and the headers every
answer carries. (`app.api.http`, a subpackage: the standard library's `http` is untouched.)"""
