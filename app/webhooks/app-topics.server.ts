// The shapes of the app's own lifecycle topics. The HMAC does not cover the topic header, so each
// body must look like its topic before the app acts on it (decision 006).
import { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";

const shopifyId = z.number().int().nonnegative();

/**
 * app/uninstalled carries the shop object, to which Shopify adds fields over time: only the fields
 * the app checks are required, the rest is tolerated. myshopify_domain binds the body to the shop.
 */
const uninstalledSchema = z.looseObject({ id: shopifyId, myshopify_domain: z.string() });

/** app/scopes_update is small and fully documented: anything else in it is not this topic. */
const scopesUpdateSchema = z.strictObject({
  id: shopifyId,
  shop_id: z.string().optional(),
  previous: z.array(z.string()),
  current: z.array(z.string()),
  updated_at: z.iso.datetime({ offset: true }).optional(),
});

type Parsed<Output> = { success: true; data: Output } | { success: false; reason: string };

export function parseUninstalledPayload(payload: unknown, shop: string): Parsed<{ shop: string }> {
  const parsed = uninstalledSchema.safeParse(payload);
  if (!parsed.success) return { success: false, reason: describeIssues(parsed.error) };
  if (parsed.data.myshopify_domain !== shop) return { success: false, reason: "myshopify_domain does not match the X-Shopify-Shop-Domain header" };
  return { success: true, data: { shop } };
}

export function parseScopesUpdatePayload(payload: unknown): Parsed<{ scopes: string[] }> {
  const parsed = scopesUpdateSchema.safeParse(payload);
  return parsed.success ? { success: true, data: { scopes: parsed.data.current } } : { success: false, reason: describeIssues(parsed.error) };
}
