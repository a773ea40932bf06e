// A real HTTP server standing in for Shopify: the Admin GraphQL endpoint answers from a per-test
// script of fixtures, and JSONL result files stream with back-pressure like a download would.
// Every request is recorded so tests can check headers and how often the client came back.
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures/admin-api");

/** A fixture from test/fixtures/admin-api, parsed (`.json`) or as lines (`.jsonl`). */
export function adminApiFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
}

export function adminApiJsonlFixture(name: string): string[] {
  return fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), "utf8").split("\n").filter(Boolean);
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-encoded unless it is a string. */
  body?: unknown;
  /** Holds the answer back this long (to test client timeouts). */
  delayMs?: number;
}

/** Answers a named operation from its variables, for a stand-in that keeps state (the demo's Shopify). */
export type OperationAnswerer = (variables: Record<string, unknown>) => ScriptedAnswer;

export interface RecordedRequest {
  /** Date.now() when the request's body had arrived. */
  receivedAt: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface JsonlDownload {
  bytesSent: number;
  finished: boolean;
  /** The client hung up before the end. */
  abandoned: boolean;
}

export interface AdminApiServer {
  /** http://127.0.0.1:<port>; pass as the client's `baseUrl`. */
  url: string;
  requests: RecordedRequest[];
  /** Queues answers for the next GraphQL requests, in order. An unscripted request gets a 400. */
  answer(...answers: ScriptedAnswer[]): void;
  /**
   * Answers every request for the named GraphQL operation (`query Name` / `mutation Name`) with
   * `answer` until replaced, outside the queue: for calls a page makes alongside others, in no fixed order.
   */
  answerOperation(name: string, answer: ScriptedAnswer | OperationAnswerer): void;
  /** Queues answers for the next requests to the OAuth token endpoint (token renewal), in order. */
  answerToken(...answers: ScriptedAnswer[]): void;
  /** Serves `lines()` at the returned URL; `lines` is called per download so it can be a generator. */
  serveJsonl(name: string, lines: () => Iterable<string>): string;
  download(name: string): JsonlDownload;
  close(): Promise<void>;
}

const GRAPHQL_PATH = /^\/admin\/api\/[^/]+\/graphql\.json$/;
const TOKEN_PATH = "/admin/oauth/access_token";
const OPERATION_NAME = /^\s*(?:#graphql\s+)?(?:query|mutation)\s+(\w+)/;

/** The operation a GraphQL request body names and its variables, if it is JSON with a named query. */
function operationOf(body: string): { name: string; variables: Record<string, unknown> } | undefined {
  try {
    const { query, variables } = JSON.parse(body) as { query?: unknown; variables?: Record<string, unknown> };
    const name = typeof query === "string" ? OPERATION_NAME.exec(query)?.[1] : undefined;
    return name ? { name, variables: variables ?? {} } : undefined;
  } catch {
    return undefined;
  }
}
const CHUNK_BYTES = 64 * 1024;

function drainedOrClosed(response: http.ServerResponse) {
  return new Promise<void>((resolve) => {
    const done = () => {
      response.off("drain", done).off("close", done);
      resolve();
    };
    response.on("drain", done).on("close", done);
  });
}

async function streamLines(response: http.ServerResponse, lines: Iterable<string>, download: JsonlDownload) {
  response.writeHead(200, { "Content-Type": "application/jsonl" });
  let chunk = "";
  const flush = async () => {
    download.bytesSent += Buffer.byteLength(chunk);
    const drained = response.write(chunk);
    chunk = "";
    // Wait like a real server would: the client reading slowly must slow the sender down.
    if (!drained) await drainedOrClosed(response);
  };
  response.once("close", () => {
    download.abandoned = !download.finished;
  });
  for (const line of lines) {
    if (response.destroyed) return;
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_BYTES) await flush();
  }
  if (chunk) await flush();
  response.end();
  download.finished = true;
}

export async function startAdminApiServer(): Promise<AdminApiServer> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedAnswer[] = [];
  const tokenScript: ScriptedAnswer[] = [];
  const standing = new Map<string, ScriptedAnswer | OperationAnswerer>();
  const standingAnswer = (body: string) => {
    const operation = operationOf(body);
    const answer = operation && standing.get(operation.name);
    return typeof answer === "function" ? answer(operation!.variables) : answer;
  };
  const files = new Map<string, () => Iterable<string>>();
  const downloads = new Map<string, JsonlDownload>();

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? "/", "http://localhost");
    const body = Buffer.concat(chunks).toString("utf8");
    requests.push({ receivedAt: Date.now(), method: request.method ?? "GET", path: url.pathname, headers: request.headers, body });

    const file = url.pathname.startsWith("/jsonl/") ? files.get(url.pathname.slice("/jsonl/".length)) : undefined;
    if (file) {
      const download = { bytesSent: 0, finished: false, abandoned: false };
      downloads.set(url.pathname.slice("/jsonl/".length), download);
      await streamLines(response, file(), download);
      return;
    }
    const queue = request.method !== "POST" ? undefined : GRAPHQL_PATH.test(url.pathname) ? script : url.pathname === TOKEN_PATH ? tokenScript : undefined;
    if (queue) {
      const next = (queue === script ? standingAnswer(body) : undefined) ?? queue.shift() ?? { status: 400, body: { errors: "the test scripted no answer for this request" } };
      const answerBody = typeof next.body === "string" ? next.body : JSON.stringify(next.body ?? {});
      if (next.delayMs) await new Promise((resolve) => setTimeout(resolve, next.delayMs));
      if (response.destroyed) return;
      response.writeHead(next.status ?? 200, { "Content-Type": "application/json", ...next.headers });
      response.end(answerBody);
      return;
    }
    response.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    answer: (...answers) => void script.push(...answers),
    answerOperation: (name, answer) => void standing.set(name, answer),
    answerToken: (...answers) => void tokenScript.push(...answers),
    serveJsonl(name, lines) {
      files.set(name, lines);
      return `${url}/jsonl/${name}`;
    },
    download(name) {
      const download = downloads.get(name);
      if (!download) throw new Error(`${name} was not downloaded`);
      return download;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
