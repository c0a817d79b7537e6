// The SDK scenario, in TypeScript: types generated from our document by openapi-typescript, calls
// made by openapi-fetch, as a client author would. The same steps, in Python: sdk/python/scenario.py.
//
//   ESSAY_API_URL=http://127.0.0.1:8000 npm run generate && npm run build
//   ESSAY_API_URL=http://127.0.0.1:8000 ESSAY_API_TOKEN=... npm run scenario
//
// The edit and the webhook need an `admin` token in ESSAY_API_TOKEN (`essay-api token create
// --scope admin`); the webhook is posted to a receiver this script runs on a loopback port (the
// server needs ESSAY_API_WEBHOOKS_ALLOW_HTTP and ESSAY_API_IMPORT_ALLOW_PRIVATE_URLS for it).
import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import createClient from "openapi-fetch";
import { Webhook } from "standardwebhooks";
import type { components, paths } from "./schema.js";

type Essay = components["schemas"]["Essay"];
type Quote = components["schemas"]["Quote"];
type WebhookWithSecret = components["schemas"]["WebhookWithSecret"];
type DeliveryAttempt = components["schemas"]["DeliveryAttempt"];
type Client = ReturnType<typeof createClient<paths>>;
interface Received {
  body: string;
  headers: Record<string, string>;
}

class ScenarioFailed extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ScenarioFailed(what);
}

/** What one step learns for the next: the essay read, and its ETag for a later `If-Match`. */
interface State {
  client: Client;
  writer: Client;
  slug: string;
  essay?: Essay;
  etag: string;
  webhook?: WebhookWithSecret;
  deliveries: Received[];
  log: string[];
}

async function listsEssays(state: State): Promise<void> {
  const { data, error } = await state.client.GET("/v1/essays");
  check(data !== undefined, `list_essays: ${JSON.stringify(error)}`);
  const first = data.items[0];
  check(first !== undefined, "list_essays returned no essay");
  state.slug = first.slug;
  state.log.push(`list_essays: ${data.items.length} essay(s), first ${state.slug}`);
}

async function readsTheEssayWithInclude(state: State): Promise<void> {
  const { data, error, response } = await state.client.GET("/v1/essays/{slug}", {
    params: { path: { slug: state.slug }, query: { include: "quotes,figures,dates,scenarios" } },
  });
  check(data !== undefined, `get_essay: ${JSON.stringify(error)}`);
  check(data.slug === state.slug && data.sections.length > 0, "get_essay: no sections");
  const quoteIds = new Set((data.quotes ?? []).map((q) => q.id));
  const figureIds = new Set((data.figures ?? []).map((f) => f.id));
  for (const section of data.sections) {
    for (const block of section.blocks) {
      if (block.type === "pull_quote") {
        check(quoteIds.has(block.quote_id ?? ""), `block ${block.position}: unknown quote`);
      }
      if (block.type === "figure") {
        check(figureIds.has(block.figure_id ?? ""), `block ${block.position}: unknown figure`);
      }
    }
  }
  state.essay = data;
  state.etag = response.headers.get("etag") ?? "";
  state.log.push(
    `get_essay: v${data.version}, ${data.sections.length} sections, ${quoteIds.size} quotes, ` +
      `ETag ${state.etag}`,
  );
}

async function pagesThroughQuotes(state: State): Promise<void> {
  const seen: Quote[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const { data, error } = await state.client.GET("/v1/essays/{slug}/quotes", {
      params: { path: { slug: state.slug }, query: { limit: 4, cursor } },
    });
    check(data !== undefined, `list_quotes page ${pages + 1}: ${JSON.stringify(error)}`);
    pages += 1;
    check(data.items.length <= 4, "list_quotes: more than `limit` items");
    seen.push(...data.items);
    cursor = data.next_cursor ?? undefined;
  } while (cursor !== undefined);
  const expected = (state.essay?.quotes ?? []).map((q) => q.id);
  check(JSON.stringify(seen.map((q) => q.id)) === JSON.stringify(expected), "paged quotes differ");
  state.log.push(`list_quotes: ${seen.length} quotes in ${pages} pages of 4`);
}

async function readsTheTimeline(state: State): Promise<void> {
  const { data, error } = await state.client.GET("/v1/essays/{slug}/timeline", {
    params: { path: { slug: state.slug } },
  });
  check(data !== undefined, `get_essay_timeline: ${JSON.stringify(error)}`);
  const starts = data.items.map((entry) => entry.start);
  const ordered = starts.every((start, i) => i === 0 || starts[i - 1]! <= start);
  check(starts.length > 0 && ordered, "timeline: not oldest first");
  const mentions = new Set(data.items.flatMap((entry) => entry.mentions.map((m) => m.id)));
  const dates = new Set((state.essay?.dates ?? []).map((d) => d.id));
  const same = mentions.size === dates.size && [...dates].every((id) => mentions.has(id));
  check(same, "timeline: mentions differ from dates");
  state.log.push(`get_essay_timeline: ${starts.length} dates, ${starts[0]} to ${starts.at(-1)}`);
}

async function getsA404AsAProblem(state: State): Promise<void> {
  const { data, error, response } = await state.client.GET("/v1/essays/{slug}", {
    params: { path: { slug: "no-such-essay" } },
  });
  check(data === undefined && error !== undefined, "get_essay of a missing slug answered");
  check(response.status === 404 && error.status === 404, "not a 404");
  check(error.type === "/problems/not-found", `problem type ${error.type}`);
  state.log.push(`get_essay missing: ${error.status} ${error.type}: ${error.detail}`);
}

/** PATCH the standfirst with the ETag read earlier: one version more and a new ETag; the old
 * ETag is then stale, and a second PATCH with it is refused with a typed 412. */
async function editsWithIfMatch(state: State): Promise<void> {
  check(state.essay !== undefined, "edit: no essay read");
  const before = state.essay.version;
  const subtitle = `Edited by the TypeScript SDK scenario at version ${before}.`;
  const patch = (ifMatch: string) =>
    state.writer.PATCH("/v1/essays/{slug}", {
      params: { path: { slug: state.slug }, header: { "If-Match": ifMatch } },
      body: { subtitle, message: "SDK scenario: an edit with If-Match" },
      headers: { "Content-Type": "application/merge-patch+json" },
    });
  const { data, error, response } = await patch(state.etag);
  check(data !== undefined, `update_essay (${response.status}): ${JSON.stringify(error)}`);
  check(data.version === before + 1, `update_essay: v${before} became v${data.version}`);
  check(data.subtitle === subtitle, "update_essay: the standfirst did not change");
  const etag = response.headers.get("etag") ?? "";
  const named = new RegExp(`^"v${data.version}-[0-9a-f]+"$`).test(etag);
  check(named && etag !== state.etag, `update_essay: ETag ${etag} after ${state.etag}`);
  const again = await state.client.GET("/v1/essays/{slug}", {
    params: { path: { slug: state.slug } },
  });
  check(again.response.headers.get("etag") === etag, "update_essay: a read serves another ETag");

  const stale = await patch(state.etag);
  check(stale.data === undefined && stale.error !== undefined, "the old ETag was accepted");
  check(stale.response.status === 412 && stale.error.status === 412, "not a 412");
  check(stale.error.type === "/problems/precondition-failed", `problem type ${stale.error.type}`);
  state.log.push(
    `update_essay: v${before} -> v${data.version}, ETag ${etag}; ` +
      `the old ETag again: ${stale.error.status} ${stale.error.type}`,
  );
  state.etag = etag;
}

/** A receiver on a free loopback port that keeps each POST's body and headers. */
function receive(state: State): Promise<string> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") headers[name] = value;
      }
      state.deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), headers });
      response.writeHead(204).end();
    });
  });
  server.unref(); // node exits when the steps are done
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve(`http://127.0.0.1:${port}/essay-hook`);
    });
  });
}

async function registersAWebhook(state: State): Promise<void> {
  const url = await receive(state);
  const { data, error, response } = await state.writer.POST("/v1/webhooks", {
    body: { url, events: ["essay.updated"] },
  });
  check(data !== undefined, `create_webhook (${response.status}): ${JSON.stringify(error)}`);
  check(response.status === 201, `create_webhook: ${response.status}`);
  check(data.secret.startsWith("whsec_"), "create_webhook: no signing secret");
  state.webhook = data;
  state.log.push(`create_webhook: ${data.id} at ${data.url}, events ${data.events.join(",")}`);
}

/** The edit's change arrives signed; `standardwebhooks` verifies it with the secret. */
async function verifiesADelivery(state: State): Promise<void> {
  const webhook = state.webhook;
  check(webhook !== undefined && state.essay !== undefined, "no webhook registered");
  for (let n = 0; n < 300 && state.deliveries.length === 0; n += 1) await sleep(100);
  const received = state.deliveries[0];
  check(received !== undefined, "no delivery within 30 s");
  const payload = new Webhook(webhook.secret).verify(received.body, received.headers) as {
    type: string;
    data: { version: number };
  };
  check(payload.type === "essay.updated", `delivery type ${payload.type}`);
  check(payload.data.version === state.essay.version + 1, "delivery of another version");
  const path = { params: { path: { webhook_id: webhook.id } } };
  let status = "";
  let attempts = 0;
  let tried: DeliveryAttempt[] = [];
  for (let n = 0; n < 100 && status !== "delivered"; n += 1) {
    const { data } = await state.writer.GET("/v1/webhooks/{webhook_id}/deliveries", path);
    status = data?.items[0]?.status ?? "";
    attempts = data?.items[0]?.attempt ?? 0;
    tried = data?.items[0]?.attempts ?? [];
    if (status !== "delivered") await sleep(100); // the sender records the answer just after
  }
  check(status === "delivered", `the delivery is ${status}`);
  const last = tried[tried.length - 1];
  check(tried.length === attempts, "an attempt is missing from the list");
  check(last?.response_status === 204, "the last attempt is not the 204");
  await state.writer.DELETE("/v1/webhooks/{webhook_id}", path);
  state.log.push(
    `webhook delivery: ${payload.type} v${payload.data.version}, verified, ` +
      `${status} in ${attempts} attempt(s), the last answered ${last?.response_status} ` +
      `in ${last?.duration_ms} ms`,
  );
}

const STEPS: ReadonlyArray<(state: State) => Promise<void>> = [
  listsEssays,
  readsTheEssayWithInclude,
  pagesThroughQuotes,
  readsTheTimeline,
  getsA404AsAProblem,
  registersAWebhook,
  editsWithIfMatch,
  verifiesADelivery,
];

async function main(baseUrl: string, token: string): Promise<number> {
  const state: State = {
    client: createClient<paths>({ baseUrl }),
    writer: createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } }),
    slug: "",
    etag: "",
    deliveries: [],
    log: [],
  };
  for (const step of STEPS) {
    try {
      await step(state);
    } catch (failure) {
      if (!(failure instanceof ScenarioFailed)) throw failure;
      console.error(`FAILED ${step.name}: ${failure.message}`);
      return 1;
    }
  }
  console.log(state.log.join("\n"));
  return 0;
}

const baseUrl = process.argv[2];
const token = process.env["ESSAY_API_TOKEN"];
if (baseUrl === undefined) throw new Error("usage: node build/scenario.js BASE_URL");
if (!token) throw new Error("ESSAY_API_TOKEN: an admin token (essay-api token create --scope admin)");
process.exitCode = await main(baseUrl, token);
