"""The SDK scenario, in Python: what a client author does with a client generated from our document.

    openapi-python-client generate --url BASE_URL/openapi.json --config sdk/python/config.yaml
    ESSAY_API_TOKEN=... PYTHONPATH=essay-api-client python sdk/python/scenario.py BASE_URL

Each step goes through the generated `essay_api_client` only, and fails (exit 1) on anything a
typed client should not see. The edit and the webhook need an `admin` token in
`ESSAY_API_TOKEN` (`essay-api token create --name sdk --scope admin`); the webhook is posted to
a receiver this script runs on a loopback port (the server needs
`ESSAY_API_WEBHOOKS_ALLOW_HTTP` and `ESSAY_API_IMPORT_ALLOW_PRIVATE_URLS` for it). The same
steps, in TypeScript, are in `sdk/ts/src/scenario.ts`.
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import TypeVar

from essay_api_client import AuthenticatedClient, Client
from essay_api_client.api.essays import get_essay, list_essays, update_essay
from essay_api_client.api.quotes import list_quotes
from essay_api_client.api.timeline import get_essay_timeline
from essay_api_client.api.webhooks import create_webhook, delete_webhook, list_webhook_deliveries
from essay_api_client.models import (
    BlockType,
    DeliveryStatus,
    Essay,
    EssayPatch,
    Event,
    PageDelivery,
    PageEssaySummary,
    PageQuote,
    PageTimelineEntry,
    Problem,
    Quote,
    WebhookCreate,
    WebhookWithSecret,
)
from essay_api_client.types import UNSET, Unset
from standardwebhooks.webhooks import Webhook as Verifier

T = TypeVar("T")


class ScenarioFailed(Exception):
    pass


def expect(value: object, kind: type[T], what: str) -> T:
    if not isinstance(value, kind):
        raise ScenarioFailed(f"{what}: expected {kind.__name__}, got {value!r}")
    return value


def check(condition: bool, what: str) -> None:
    if not condition:
        raise ScenarioFailed(what)


@dataclass
class State:
    """What one step learns for the next: the essay read, and its ETag for a later `If-Match`."""

    client: Client
    writer: AuthenticatedClient
    slug: str = ""
    essay: Essay | None = None
    etag: str = ""
    webhook: WebhookWithSecret | None = None
    deliveries: queue.Queue[tuple[bytes, dict[str, str]]] = field(default_factory=queue.Queue)
    log: list[str] = field(default_factory=list)


def lists_essays(state: State) -> None:
    page = expect(list_essays.sync(client=state.client), PageEssaySummary, "list_essays")
    check(bool(page.items), "list_essays returned no essay")
    state.slug = page.items[0].slug
    state.log.append(f"list_essays: {len(page.items)} essay(s), first {state.slug}")


def reads_the_essay_with_include(state: State) -> None:
    response = get_essay.sync_detailed(
        state.slug, client=state.client, include="quotes,figures,dates,scenarios"
    )
    essay = expect(response.parsed, Essay, "get_essay")
    check(essay.slug == state.slug and bool(essay.sections), "get_essay: no sections")
    quotes = expect(essay.quotes, list, "get_essay include=quotes")
    figures = expect(essay.figures, list, "get_essay include=figures")
    quote_ids = {q.id for q in quotes}
    figure_ids = {f.id for f in figures}
    for section in essay.sections:
        for block in section.blocks:
            if block.type_ is BlockType.PULL_QUOTE:
                check(block.quote_id in quote_ids, f"block {block.position}: unknown quote")
            if block.type_ is BlockType.FIGURE:
                check(block.figure_id in figure_ids, f"block {block.position}: unknown figure")
    state.essay, state.etag = essay, response.headers["etag"]
    state.log.append(
        f"get_essay: v{essay.version}, {len(essay.sections)} sections, {len(quotes)} quotes, "
        f"ETag {state.etag}"
    )


def pages_through_quotes(state: State) -> None:
    seen: list[Quote] = []
    cursor: str | Unset = UNSET
    pages = 0
    while True:
        page = expect(
            list_quotes.sync(state.slug, client=state.client, limit=4, cursor=cursor),
            PageQuote,
            f"list_quotes page {pages + 1}",
        )
        pages += 1
        check(len(page.items) <= 4, "list_quotes: more than `limit` items")
        seen += page.items
        if not isinstance(page.next_cursor, str):
            break
        cursor = page.next_cursor
    assert state.essay is not None and isinstance(state.essay.quotes, list)
    check([q.id for q in seen] == [q.id for q in state.essay.quotes], "paged quotes differ")
    state.log.append(f"list_quotes: {len(seen)} quotes in {pages} pages of 4")


def reads_the_timeline(state: State) -> None:
    page = expect(
        get_essay_timeline.sync(state.slug, client=state.client),
        PageTimelineEntry,
        "get_essay_timeline",
    )
    starts = [entry.start for entry in page.items]
    check(bool(starts) and starts == sorted(starts), "timeline: not oldest first")
    assert state.essay is not None and isinstance(state.essay.dates, list)
    mentions = {m.id for entry in page.items for m in entry.mentions}
    check(mentions == {d.id for d in state.essay.dates}, "timeline: mentions differ from dates")
    state.log.append(f"get_essay_timeline: {len(starts)} dates, {starts[0]} to {starts[-1]}")


def gets_a_404_as_a_problem(state: State) -> None:
    response = get_essay.sync_detailed("no-such-essay", client=state.client)
    problem = expect(response.parsed, Problem, "get_essay of a missing slug")
    check(response.status_code == 404 and problem.status == 404, "not a 404")
    check(problem.type_ == "/problems/not-found", f"problem type {problem.type_}")
    state.log.append(f"get_essay missing: {problem.status} {problem.type_}: {problem.detail}")


def edits_with_if_match(state: State) -> None:
    """PATCH the standfirst with the ETag read earlier: one version more and a new ETag; the old
    ETag is then stale, and a second PATCH with it is refused with a typed 412."""
    assert state.essay is not None
    before = state.essay.version
    patch = EssayPatch(
        subtitle=f"Edited by the Python SDK scenario at version {before}.",
        message="SDK scenario: an edit with If-Match",
    )
    response = update_essay.sync_detailed(
        state.slug, client=state.writer, body=patch, if_match=state.etag
    )
    essay = expect(response.parsed, Essay, f"update_essay ({response.status_code})")
    check(essay.version == before + 1, f"update_essay: v{before} became v{essay.version}")
    check(essay.subtitle == patch.subtitle, "update_essay: the standfirst did not change")
    etag = response.headers["etag"]
    check(
        re.fullmatch(rf'"v{essay.version}-[0-9a-f]+"', etag) is not None and etag != state.etag,
        f"update_essay: ETag {etag} after {state.etag}",
    )
    again = get_essay.sync_detailed(state.slug, client=state.client)
    check(again.headers["etag"] == etag, "update_essay: a read serves another ETag")

    stale = update_essay.sync_detailed(
        state.slug, client=state.writer, body=patch, if_match=state.etag
    )
    problem = expect(stale.parsed, Problem, "update_essay with the old ETag")
    check(stale.status_code == 412 and problem.status == 412, f"not a 412: {stale.status_code}")
    check(problem.type_ == "/problems/precondition-failed", f"problem type {problem.type_}")
    state.log.append(
        f"update_essay: v{before} -> v{essay.version}, ETag {etag}; "
        f"the old ETag again: {problem.status} {problem.type_}"
    )
    state.etag = etag


def receive(state: State) -> str:
    """A receiver on a free loopback port that queues each POST's body and headers."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            state.deliveries.put((body, dict(self.headers)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/essay-hook"


def registers_a_webhook(state: State) -> None:
    body = WebhookCreate(url=receive(state), events=[Event("essay.updated")])
    response = create_webhook.sync_detailed(client=state.writer, body=body)
    webhook = expect(response.parsed, WebhookWithSecret, f"create_webhook ({response.status_code})")
    check(response.status_code == 201, f"create_webhook: {response.status_code}")
    check(webhook.secret.startswith("whsec_"), "create_webhook: no signing secret")
    state.webhook = webhook
    state.log.append(f"create_webhook: {webhook.id} at {webhook.url}, events {body.events}")


def verifies_a_delivery(state: State) -> None:
    """The edit's change arrives signed; `standardwebhooks` verifies it with the secret."""
    assert state.webhook is not None and state.essay is not None
    try:
        body, headers = state.deliveries.get(timeout=30)
    except queue.Empty:
        raise ScenarioFailed("no delivery within 30 s") from None
    payload = Verifier(state.webhook.secret).verify(body, headers)
    check(payload["type"] == "essay.updated", f"delivery type {payload['type']}")
    check(payload["data"]["version"] == state.essay.version + 1, "delivery of another version")
    for _ in range(100):  # the sender records the answer just after it
        page = expect(
            list_webhook_deliveries.sync(state.webhook.id, client=state.writer),
            PageDelivery,
            "list_webhook_deliveries",
        )
        if page.items and page.items[0].status is DeliveryStatus.DELIVERED:
            break
        time.sleep(0.1)
    delivery = page.items[0]
    check(delivery.status is DeliveryStatus.DELIVERED, "the delivery is not delivered")
    check(len(delivery.attempts) == delivery.attempt, "an attempt is missing from the list")
    check(delivery.attempts[-1].response_status == 204, "the last attempt is not the 204")
    delete_webhook.sync_detailed(state.webhook.id, client=state.writer)
    state.log.append(
        f"webhook delivery: {payload['type']} v{payload['data']['version']}, verified, "
        f"{delivery.status.value} in {delivery.attempt} attempt(s), the last answered "
        f"{delivery.attempts[-1].response_status} in {delivery.attempts[-1].duration_ms} ms"
    )


STEPS: tuple[Callable[[State], None], ...] = (
    lists_essays,
    reads_the_essay_with_include,
    pages_through_quotes,
    reads_the_timeline,
    gets_a_404_as_a_problem,
    registers_a_webhook,
    edits_with_if_match,
    verifies_a_delivery,
)


def main(base_url: str, token: str) -> int:
    state = State(
        client=Client(base_url=base_url, raise_on_unexpected_status=True),
        writer=AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True),
    )
    for step in STEPS:
        try:
            step(state)
        except ScenarioFailed as failure:
            print(f"FAILED {step.__name__}: {failure}", file=sys.stderr)
            return 1
    print("\n".join(state.log))
    return 0


if __name__ == "__main__":
    if not os.environ.get("ESSAY_API_TOKEN"):
        raise SystemExit("ESSAY_API_TOKEN: an admin token (essay-api token create --scope admin)")
    raise SystemExit(main(sys.argv[1], os.environ["ESSAY_API_TOKEN"]))
