// A request's stored failure (lastError, a short technical cause) turned into one of a few codes the
// admin explains in the merchant's words with what to do. The technical text itself never leaves
// the server: "vault shop key version 3 is missing" helps an operator, not a merchant.
import type { FailureCode } from "./request-labels";

const PATTERNS: [FailureCode, RegExp][] = [
  ["key_unavailable", /\b(shop key|master key|key version|vault|decrypt|unseal)\b/i],
  ["shopify_access", /\b(401|403|unauthori[sz]ed|forbidden|access token|refresh token|invalid api key|invalid_subject_token)\b/i],
  ["shopify_unavailable", /\b(429|502|503|504|throttled|timed? ?out|ETIMEDOUT|ECONNRESET|shopify)\b/i],
  ["queue", /\b(redis|bullmq|queue)\b/i],
  ["database", /\b(database|prisma|sqlite|postgres|P\d{4}|deadlock)\b/i],
];

export function failureCode(lastError: string | null): FailureCode | null {
  if (!lastError) return null;
  return PATTERNS.find(([, pattern]) => pattern.test(lastError))?.[0] ?? "unknown";
}
