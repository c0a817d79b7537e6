"""What stands in front of the router for every request: the request id and the
ledger of metrics and access lines, size limits, rate limits, and the fast path that
answers repeated essay reads from memory."""
