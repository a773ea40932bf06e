// The documented shapes of the three compliance webhooks. The HMAC covers the body but not the topic
// header, so the body itself must say which request it is: each top level is strict, and the keys
// that tell the three apart (customer, orders_requested, data_request, orders_to_redact) are required
// or refused accordingly. A shop/redact body with a customer is not a shop/redact (decision 006).
// Inside `customer` Shopify does not promise every field (a record may hold only an email), so each is
// optional; extra fields inside it or data_request are dropped: they cannot change what the request
// is. Ids arrive as numbers.
import { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";

const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const customer = z.object({
  id: shopifyId.nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const base = { shop_id: shopifyId, shop_domain: z.string().min(1) };
// Absent order lists mean "no orders": Shopify's example always sends them, and refusing a legal
// request over an empty list left out would lose it.
const orderIds = z.array(shopifyId).default([]);

export const complianceTopics = {
  CUSTOMERS_DATA_REQUEST: z.strictObject({ ...base, customer, orders_requested: orderIds, data_request: z.object({ id: shopifyId }) }),
  CUSTOMERS_REDACT: z.strictObject({ ...base, customer, orders_to_redact: orderIds }),
  SHOP_REDACT: z.strictObject(base),
} as const;

export type ComplianceTopic = keyof typeof complianceTopics;

export const REQUEST_TYPE = {
  CUSTOMERS_DATA_REQUEST: "data_request",
  CUSTOMERS_REDACT: "customer_redact",
  SHOP_REDACT: "shop_redact",
} as const satisfies Record<ComplianceTopic, string>;

export type PrivacyRequestType = (typeof REQUEST_TYPE)[ComplianceTopic];

/** The topics the compliance address is subscribed to, in the library's form. */
export const COMPLIANCE_TOPICS = Object.keys(complianceTopics) as ComplianceTopic[];

/** What the app needs from any of the three topics, in one shape. */
export interface ComplianceRequest {
  shopDomain: string;
  customer: { id: string | null; email: string | null; phone: string | null } | null;
  orderIds: string[];
  dataRequestId: string | null;
}

export function parseCompliancePayload(
  topic: ComplianceTopic,
  payload: unknown,
): { success: true; request: ComplianceRequest } | { success: false; reason: string } {
  const shopOnly = (shopDomain: string): ComplianceRequest => ({ shopDomain, customer: null, orderIds: [], dataRequestId: null });
  const customerOf = (value: z.infer<typeof customer>) => ({ id: value.id ?? null, email: value.email ?? null, phone: value.phone ?? null });
  if (topic === "SHOP_REDACT") {
    const parsed = complianceTopics.SHOP_REDACT.safeParse(payload);
    return parsed.success ? { success: true, request: shopOnly(parsed.data.shop_domain) } : { success: false, reason: describeIssues(parsed.error) };
  }
  if (topic === "CUSTOMERS_REDACT") {
    const parsed = complianceTopics.CUSTOMERS_REDACT.safeParse(payload);
    if (!parsed.success) return { success: false, reason: describeIssues(parsed.error) };
    const { shop_domain, customer: subject, orders_to_redact } = parsed.data;
    return { success: true, request: { ...shopOnly(shop_domain), customer: customerOf(subject), orderIds: orders_to_redact } };
  }
  const parsed = complianceTopics.CUSTOMERS_DATA_REQUEST.safeParse(payload);
  if (!parsed.success) return { success: false, reason: describeIssues(parsed.error) };
  const { shop_domain, customer: subject, orders_requested, data_request } = parsed.data;
  return {
    success: true,
    request: { shopDomain: shop_domain, customer: customerOf(subject), orderIds: orders_requested, dataRequestId: data_request.id },
  };
}
