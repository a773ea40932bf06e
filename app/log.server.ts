// Structured logs with personal data removed wherever it appears: by key at any depth, and email
// addresses or phone numbers inside free text. Logs leave the app's control (shipping, support
// tickets), so nothing personal may reach them even when a caller logs a whole object.
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
const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const MAX_DEPTH = 8;
export const REDACTED = "[redacted]";

function redactText(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

/** A copy of `value` with personal data and secrets replaced, safe to log. */
export function redactPii(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[truncated]";
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => redactPii(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    out[key] = PII_KEYS.has(lower) || SECRET_KEYS.has(lower) ? REDACTED : redactPii(item, depth + 1);
  }
  return out;
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      formatters: { log: (object) => redactPii(object) as Record<string, unknown> },
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
}

// The process logger writes to stdout; more destinations can be added (alerting, the test suite's
// check that nothing logged an unexpected error).
const destinations = pino.multistream([{ level: "trace", stream: pino.destination(1) }]);

export const log = createLogger({ destination: destinations });

export function addLogDestination(stream: pino.DestinationStream, level: pino.Level) {
  destinations.add({ stream, level });
}

/** A logger bound to the request id that the HTTP server put on the request. */
export function requestLog(request: Request): Logger {
  return log.child({ requestId: request.headers.get("x-request-id") ?? undefined });
}
