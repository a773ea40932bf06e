// The receipt the consent banner sends (docs/decisions/008-consent-receipts.md). Strict: any unknown
// field, any value out of its bounds, and the whole receipt is refused. The body is read as text and
// parsed as JSON whatever its content type: navigator.sendBeacon sends a string as text/plain.
import { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";

/** Far above a real receipt (about 300 bytes), far below what could strain the route. */
export const MAX_RECEIPT_BYTES = 2_048;

/** The banner's random id for one browser (its first-party cookie), as receipts carry it. */
export const consentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "must be 16 to 64 URL-safe characters (A-Z a-z 0-9 _ -)" });

const consentReceipt = z
  .object({
    consentId: consentIdSchema,
    choices: z
      .object({ analytics: z.boolean(), marketing: z.boolean(), preferences: z.boolean(), saleOfData: z.boolean() })
      .strict(),
    region: z.string().max(16).regex(/^[A-Za-z0-9-]*$/, { error: "must be a region code (letters, digits, -)" }),
    revision: z.number().int().min(0).max(2_147_483_647),
    language: z
      .string()
      .max(35)
      .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, { error: "must be a BCP 47 language tag such as en or pt-BR" }),
    timestamp: z.iso.datetime({ offset: true }),
    path: z.string().min(1).max(512).startsWith("/", { error: "must be the page path, starting with /" }),
  })
  .strict();

export type ConsentReceiptPayload = z.infer<typeof consentReceipt>;

export type ParsedReceipt = { ok: true; receipt: ConsentReceiptPayload } | { ok: false; status: 400 | 413; reason: string };

export function parseReceipt(body: string): ParsedReceipt {
  if (Buffer.byteLength(body) > MAX_RECEIPT_BYTES) return { ok: false, status: 413, reason: `the receipt is larger than ${MAX_RECEIPT_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, reason: "the body is not JSON" };
  }
  const parsed = consentReceipt.safeParse(json);
  return parsed.success ? { ok: true, receipt: parsed.data } : { ok: false, status: 400, reason: describeIssues(parsed.error) };
}
