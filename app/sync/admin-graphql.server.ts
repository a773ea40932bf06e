// A small Admin GraphQL client for the sync: plain fetch, aware of Shopify's cost-based throttle.
// Shopify's own client throws on any `errors` entry; the sync must instead carry on when the app is
// not (yet) approved for some protected customer fields, which come back as nulls with an error entry.
import type { Logger } from "pino";
import { z } from "zod";
import { log as processLog } from "../log.server";
import { AdminApiError } from "./admin-api-error.server";
import { processThrottleBuckets, throttleStatusSchema, type ThrottleBuckets } from "./throttle-buckets.server";

const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
});

const responseSchema = z.object({
  data: z.unknown().optional(),
  errors: z.array(graphqlErrorSchema).optional(),
  extensions: z
    .looseObject({
      cost: z
        .looseObject({ requestedQueryCost: z.number().min(0), throttleStatus: throttleStatusSchema })
        .optional(),
    })
    .optional(),
});

type GraphqlError = z.infer<typeof graphqlErrorSchema>;

/** A field the app may not read yet (protected customer data); its value came back null. */
export interface ProtectedFieldWarning {
  path: (string | number)[];
  /** Shopify's text: names the object and the Partner Dashboard page, never the customer's data. */
  message: string;
}

export interface AdminGraphqlResult<Data> {
  data: Data;
  /** Only protected-field warnings: every other GraphQL error is thrown as an AdminApiError. */
  errors: ProtectedFieldWarning[];
}

export interface AdminGraphqlClient {
  readonly shop: string;
  request<Schema extends z.ZodType>(options: {
    query: string;
    variables?: Record<string, unknown>;
    /** Shape of `data`; the answer is validated against it. */
    data: Schema;
  }): Promise<AdminGraphqlResult<z.infer<Schema>>>;
}

const optionsSchema = z.object({
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a *.myshopify.com domain"),
  accessToken: z.string().min(1),
  apiVersion: z.string().regex(/^(\d{4}-\d{2}|unstable)$/, "must look like 2026-10"),
  baseUrl: z.url().optional(),
  timeoutMs: z.number().int().positive().default(30_000),
  maxThrottleRetries: z.number().int().min(0).default(6),
  maxServerErrorRetries: z.number().int().min(0).default(3),
});

export type AdminGraphqlClientOptions = z.input<typeof optionsSchema> & {
  fetch?: typeof fetch;
  /** Injected so tests can record waits instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  buckets?: ThrottleBuckets;
  log?: Logger;
};

const MAX_BACKOFF_MS = 30_000;
const backoff = (baseMs: number, attempt: number) => Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isThrottled = (error: GraphqlError) => error.extensions?.code === "THROTTLED";
// Field-level only: a denial of a whole root object (no data at all) is an error, not a warning.
const isProtectedField = (error: GraphqlError) =>
  (error.path?.length ?? 0) > 1 && /not approved to (access|use)/i.test(error.message);

export function createAdminGraphqlClient(options: AdminGraphqlClientOptions): AdminGraphqlClient {
  const settings = optionsSchema.parse(options);
  const { fetch: doFetch = fetch, sleep = realSleep, now = Date.now, buckets = processThrottleBuckets } = options;
  const log = (options.log ?? processLog).child({ module: "admin-graphql", shop: settings.shop });
  const endpoint = `${settings.baseUrl ?? `https://${settings.shop}`}/admin/api/${settings.apiVersion}/graphql.json`;
  // The cost Shopify asked for last time, per query text: the best estimate before sending it again.
  const lastRequestedCost = new Map<string, number>();

  async function post(body: string): Promise<Response> {
    try {
      return await doFetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": settings.accessToken },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      // Not retried here: a mutation may have been applied before the connection broke.
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      throw new AdminApiError({
        code: timedOut ? "TIMEOUT" : "NETWORK_ERROR",
        message: timedOut ? `Admin API did not answer within ${settings.timeoutMs} ms` : "Admin API request failed",
        cause: error,
      });
    }
  }

  async function readEnvelope(response: Response) {
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      if (error instanceof DOMException && error.name === "TimeoutError") {
        throw new AdminApiError({ code: "TIMEOUT", message: `Admin API did not answer within ${settings.timeoutMs} ms`, cause: error });
      }
      throw new AdminApiError({ code: "INVALID_RESPONSE", message: "Admin API answered with invalid JSON", status: response.status });
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) throw new AdminApiError({ code: "INVALID_RESPONSE", message: "Admin API answer is not a GraphQL response" });
    return parsed.data;
  }

  return {
    shop: settings.shop,
    async request({ query, variables, data: dataSchema }) {
      const body = JSON.stringify({ query, variables });
      let throttledAttempts = 0;
      let serverErrorAttempts = 0;

      for (;;) {
        const wait = buckets.waitFor({ shop: settings.shop, cost: lastRequestedCost.get(query) ?? 0, now: now() });
        if (wait > 0) {
          log.debug({ waitMs: wait }, "waiting for throttle bucket to refill");
          await sleep(wait);
        }

        const response = await post(body);
        if (response.status === 429 || response.status >= 500) {
          const throttled = response.status === 429;
          const attempt = throttled ? ++throttledAttempts : ++serverErrorAttempts;
          const limit = throttled ? settings.maxThrottleRetries : settings.maxServerErrorRetries;
          await response.body?.cancel();
          if (attempt > limit) {
            throw new AdminApiError({
              code: throttled ? "THROTTLED" : "SERVER_ERROR",
              message: `Admin API answered ${response.status} ${attempt} times`,
              status: response.status,
            });
          }
          const retryAfterMs = Number(response.headers.get("retry-after")) * 1000;
          const delay = throttled && retryAfterMs > 0 ? retryAfterMs : backoff(throttled ? 1_000 : 500, attempt);
          log.warn({ status: response.status, attempt, delayMs: delay }, "retrying Admin API request");
          await sleep(delay);
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new AdminApiError({ code: "HTTP_ERROR", message: `Admin API answered ${response.status}`, status: response.status });
        }

        const envelope = await readEnvelope(response);
        const cost = envelope.extensions?.cost;
        if (cost) {
          buckets.record({ shop: settings.shop, status: cost.throttleStatus, now: now() });
          lastRequestedCost.set(query, cost.requestedQueryCost);
        }

        const errors = envelope.errors ?? [];
        if (errors.some(isThrottled)) {
          if (++throttledAttempts > settings.maxThrottleRetries) {
            throw new AdminApiError({ code: "THROTTLED", message: `Admin API throttled the query ${throttledAttempts} times`, graphqlCodes: ["THROTTLED"] });
          }
          // With a reported bucket we know exactly how long until the query fits; without, back off.
          const bucketWait = cost ? buckets.waitFor({ shop: settings.shop, cost: cost.requestedQueryCost, now: now() }) : 0;
          const delay = bucketWait > 0 ? bucketWait : backoff(1_000, throttledAttempts);
          log.warn({ attempt: throttledAttempts, delayMs: delay }, "Admin API throttled the query; retrying");
          await sleep(delay);
          continue;
        }

        const data = envelope.data ?? null;
        const warnings = data === null ? [] : errors.filter(isProtectedField);
        const failures = errors.filter((error) => !warnings.includes(error));
        if (failures.length > 0 || data === null) {
          const graphqlCodes = [...new Set(failures.flatMap((error) => error.extensions?.code ?? []))];
          throw new AdminApiError({
            code: "GRAPHQL_ERROR",
            message: failures.map((error) => error.message).join("; ") || "Admin API answered without data",
            graphqlCodes,
          });
        }

        const parsed = dataSchema.safeParse(data);
        if (!parsed.success) {
          const where = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
          throw new AdminApiError({ code: "INVALID_RESPONSE", message: `Admin API data has an unexpected shape at ${where}` });
        }
        if (warnings.length > 0) {
          log.warn({ fields: warnings.map((warning) => warning.path?.join(".")) }, "protected customer fields withheld");
        }
        return { data: parsed.data, errors: warnings.map(({ path = [], message }) => ({ path, message })) };
      }
    },
  };
}
