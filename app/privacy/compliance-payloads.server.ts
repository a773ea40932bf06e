// The documented shapes of the three compliance webhooks. Shopify does not promise every customer
// field (a record may hold only an email), so each is optional; ids arrive as numbers.
import { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";

const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const customer = z.object({
  id: shopifyId.nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const base = z.object({ shop_id: shopifyId, shop_domain: z.string().min(1) });

export const complianceTopics = {
  CUSTOMERS_DATA_REQUEST: base.extend({
    customer,
    orders_requested: z.array(shopifyId).default([]),
    data_request: z.object({ id: shopifyId }).nullish(),
  }),
  CUSTOMERS_REDACT: base.extend({ customer, orders_to_redact: z.array(shopifyId).default([]) }),
  SHOP_REDACT: base,
} as const;

export type ComplianceTopic = keyof typeof complianceTopics;

export const REQUEST_TYPE = {
  CUSTOMERS_DATA_REQUEST: "data_request",
  CUSTOMERS_REDACT: "customer_redact",
  SHOP_REDACT: "shop_redact",
} as const satisfies Record<ComplianceTopic, string>;

export type PrivacyRequestType = (typeof REQUEST_TYPE)[ComplianceTopic];

export function isComplianceTopic(topic: string): topic is ComplianceTopic {
  return topic in complianceTopics;
}

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
    request: { shopDomain: shop_domain, customer: customerOf(subject), orderIds: orders_requested, dataRequestId: data_request?.id ?? null },
  };
}
