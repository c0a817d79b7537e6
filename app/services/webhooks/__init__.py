"""Webhooks: the change feed pushed to registered URLs, signed, retried, never lost.

`endpoints` registers them; `outbox` turns committed changes into deliveries; `leases` hands
each due delivery to exactly one sender; `sender` posts it, signed by `signing`.
"""
