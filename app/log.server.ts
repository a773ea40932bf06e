// Structured logs with personal data removed wherever it appears: by key at any depth (fields and
// child-logger bindings alike), and email addresses or phone numbers inside free text. Logs leave the
// app's control (shipping, support tickets), so nothing personal may reach them even when a caller
// logs a whole object or a framework writes to the console. Ids must survive untouched, or log lines
// no longer correlate: id-like keys are never pattern-redacted, and the phone pattern leaves UUIDs,
// dates, GIDs, IP addresses, numeric ids and stack frames alone.
import { formatWithOptions } from "node:util";
import pino, { type Logger } from "pino";

const PII_KEYS = new Set(
  [
    "email", "emailAddress", "contact_email", "phone", "phoneNumber", "sms",
    "name", "firstName", "lastName", "first_name", "last_name", "displayName", "display_name",
    "address", "address1", "address2", "addresses", "default_address", "billing_address",
    "shipping_address", "defaultAddress", "street", "zip", "postalCode", "city",
    "ip", "ipAddress", "browser_ip", "client_ip", "note", "birthday",
  ].map((key) => key.toLowerCase()),
);
const SECRET_KEYS = new Set(["accesstoken", "refreshtoken", "authorization", "password", "secret", "id_token"]);
/** `id`, `gid`, `uuid` and their plurals, or a name ending in one of them (`requestId`, `order_id`, `kekId`). */
const ID_KEY = /(?:^(?:id|ids|gid|uuid)$)|(?:(?:Id|Ids|ID|IDs|Gid|Uuid|_id|_ids|-id)$)/;
// The local part stops at "/", so scoped package paths in stack frames (node_modules/@remix-run/…)
// are not taken for addresses; "%40" catches addresses in URL-encoded paths.
const EMAIL = /[^\s@<>"'(),;:/\\[\]]+(?:@|%40)[^\s@<>"'(),;:/\\[\]]+\.(?:\p{L}{2,}|xn--[\p{L}\p{N}-]+)/gu;
/** A run of digits with phone separators; `isPhoneNumber` decides on it with its surroundings. */
const PHONE_CANDIDATE = /[+(]?\d[\d ().-]*\d/g;
const DATE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4})$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const THOUSANDS = /^\d{1,3}(?:\.\d{3})+$/;
const MAX_DEPTH = 8;
export const REDACTED = "[redacted]";

/**
 * Whether a candidate digit run inside `text` is a phone number. A run glued to a word, a path, a
 * port or a hyphenated token (UUID, GID, `file:line:col`, `2024-05-01T…`) is part of an identifier;
 * a bare run of digits is a numeric id unless it starts with "+".
 */
function isPhoneNumber(run: string, offset: number, text: string): boolean {
  const before = text[offset - 1] ?? "";
  const after = text.slice(offset + run.length, offset + run.length + 2);
  if (/[\p{L}\p{N}_/.@#-]/u.test(before) || (before === ":" && !run.startsWith("+"))) return false;
  if (/^(?:[\p{L}\p{N}_:/@]|[.-][\p{L}\p{N}])/u.test(after)) return false;
  const digits = run.replace(/\D/g, "").length;
  if (digits < 7 || digits > 15) return false;
  if (DATE.test(run) || IPV4.test(run) || THOUSANDS.test(run)) return false;
  const separators = run.match(/\d[ .-]+(?=\d)/g)?.length ?? 0;
  return run.startsWith("+") || run.includes("(") || separators >= 2;
}

function redactText(text: string): string {
  return text
    .replace(EMAIL, REDACTED)
    .replace(PHONE_CANDIDATE, (run, offset: number, whole: string) => (isPhoneNumber(run, offset, whole) ? REDACTED : run));
}

function isIdKey(key: string | undefined): boolean {
  return key !== undefined && ID_KEY.test(key);
}

/**
 * A copy of `value` with personal data and secrets replaced, safe to log. `key` is the name the value
 * sits under: values of id-like keys are kept as they are.
 */
export function redactPii(value: unknown, depth = 0, key?: string): unknown {
  if (typeof value === "string") return isIdKey(key) ? value : redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => redactPii(item, depth + 1, key));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const lower = name.toLowerCase();
    out[name] = PII_KEYS.has(lower) || SECRET_KEYS.has(lower) ? REDACTED : redactPii(item, depth + 1, name);
  }
  return out;
}

const redactObject = (object: Record<string, unknown>) => redactPii(object) as Record<string, unknown>;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      formatters: { log: redactObject },
      hooks: {
        logMethod(args, method) {
          // Redact the message text too: it is the easiest place for an address to slip through.
          method.apply(this, args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (error: Error) => redactPii(error) },
    },
    options.destination,
  );
  // Child-logger bindings are serialised once, outside formatters.log (and pino's bindings formatter
  // applies to the root only), so they are redacted on the way in. Children inherit this override.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactObject(bindings), childOptions);
  } as Logger["child"];
  return logger;
}

// The process logger writes to stdout; more destinations can be added (alerting, the test suite's
// check that nothing logged an unexpected error).
const destinations = pino.multistream([{ level: "trace", stream: pino.destination(1) }]);

export const log = createLogger({ destination: destinations });

export function addLogDestination(stream: pino.DestinationStream, level: pino.Level) {
  destinations.add({ stream, level });
}

type ConsoleMethod = "log" | "info" | "warn" | "error" | "debug";
const CONSOLE_LEVELS: Record<ConsoleMethod, "info" | "warn" | "error" | "debug"> = { log: "info", info: "info", warn: "warn", error: "error", debug: "debug" };

/**
 * Sends console.log/info/warn/error/debug through `logger`, so framework output (Remix's "No routes
 * matched location …", React warnings) is redacted like the app's own lines. Returns the undo.
 */
export function routeConsoleThroughLog(logger: Logger = log): () => void {
  const methods = Object.keys(CONSOLE_LEVELS) as ConsoleMethod[];
  const originals = methods.map((method) => [method, console[method]] as const); // eslint-disable-line no-console
  for (const method of methods) {
    // eslint-disable-next-line no-console
    console[method] = (...args: unknown[]) => logger[CONSOLE_LEVELS[method]]({ source: "console" }, formatWithOptions({ colors: false }, ...args));
  }
  return () => {
    for (const [method, original] of originals) console[method] = original; // eslint-disable-line no-console
  };
}

/** A logger bound to the request id that the HTTP server put on the request. */
export function requestLog(request: Request): Logger {
  return log.child({ requestId: request.headers.get("x-request-id") ?? undefined });
}
