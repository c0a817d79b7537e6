"""Standard Webhooks signatures: every live secret signs, so a receiver that knows either the
old or the new one during a rotation verifies the delivery."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from standardwebhooks.webhooks import Webhook as Signer

from app.db import tables

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def live_secrets(webhook: tables.Webhook, now: datetime) -> list[str]:
    """The current secret, and the previous one while its overlap lasts."""
    keys = [webhook.secret]
    until = webhook.previous_secret_until
    if webhook.previous_secret and until is not None and until > now:
        keys.append(webhook.previous_secret)
    return keys


def headers(keys: list[str], message_id: str, now: datetime, body: str) -> dict[str, str]:
    """`webhook-id`, `webhook-timestamp` and `webhook-signature` (one `v1,…` per key)."""
    signatures = " ".join(Signer(key).sign(message_id, now, body) for key in keys)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
    }
