// The sync's webhook topics: the documented REST payloads (ids are numbers; since 2025-01 customer
// payloads carry no tags, marketing consent or purchase stats, so consent comes from its own update
// topics), validated and cut down at once to the few fields the sync stores. Only this minimised
// event is kept (sealed) until it is applied.
import { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";
import { bulkOperationFinishPayloadSchema } from "./bulk-operation-finish.server";

const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const timestamp = z.iso.datetime({ offset: true });
const decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/), z.number()]).transform(String);
// Protected fields the app is not approved for arrive as null; missing ones are treated the same.
const text = z.string().nullish().transform((value) => value || null);

const restAddress = z.object({
  address1: text,
  address2: text,
  city: text,
  province: text,
  zip: text,
  country_code: text,
});

const restCustomer = z.object({
  id: shopifyId,
  created_at: timestamp,
  updated_at: timestamp,
  state: text,
  currency: text,
  email: text,
  phone: text,
  first_name: text,
  last_name: text,
  note: text,
  default_address: restAddress.nullish(),
});

const restOrder = z.object({
  id: shopifyId,
  updated_at: timestamp,
  processed_at: timestamp.nullish(),
  total_price: decimal,
  currency: z.string().length(3),
  financial_status: text,
  customer: z.object({ id: shopifyId }).nullish(),
  line_items: z.array(
    z.object({ product_id: shopifyId.nullish(), variant_id: shopifyId.nullish(), quantity: z.number().int(), price: decimal }),
  ),
});

// customers_email_marketing_consent/update and customers_marketing_consent/update (SMS): the state
// and when it changed. The email address or phone number they repeat is not kept.
const consentState = z.object({
  state: z.string().min(1),
  consent_updated_at: timestamp.nullish(),
});
const restEmailConsent = z.object({ customer_id: shopifyId, email_marketing_consent: consentState });
// Shopify's SMS consent payload names the customer `id`; `customer_id` is accepted as well.
const restSmsConsent = z
  .object({ id: shopifyId.optional(), customer_id: shopifyId.optional(), sms_marketing_consent: consentState })
  .refine((payload) => payload.id ?? payload.customer_id, { message: "id or customer_id is required", path: ["id"] });

const address = z.object({
  address1: z.string().nullable(),
  address2: z.string().nullable(),
  city: z.string().nullable(),
  province: z.string().nullable(),
  zip: z.string().nullable(),
  countryCode: z.string().nullable(),
});

/** A customer as the sync stores it, from a webhook or a bulk result line. */
export const syncedCustomerSchema = z.object({
  customerId: z.string(),
  sourceUpdatedAt: z.coerce.date(),
  createdAt: z.coerce.date(),
  state: z.string().nullable(),
  currency: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  defaultAddress: address.nullable(),
  note: z.string().nullable(),
});

export type SyncedCustomer = z.infer<typeof syncedCustomerSchema>;

/** What a webhook delivery keeps, sealed, until the apply job has run. */
export const syncEventSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), customer: syncedCustomerSchema }),
  z.object({ kind: z.literal("customer_deleted"), customerId: z.string() }),
  z.object({
    kind: z.literal("consent"),
    customerId: z.string(),
    channel: z.enum(["email", "sms"]),
    state: z.string(),
    consentUpdatedAt: z.coerce.date().nullable(),
  }),
  z.object({
    kind: z.literal("order"),
    order: z.object({
      orderId: z.string(),
      customerId: z.string().nullable(),
      sourceUpdatedAt: z.coerce.date(),
      processedAt: z.coerce.date().nullable(),
      totalPrice: z.string(),
      currency: z.string(),
      financialStatus: z.string().nullable(),
      lineItems: z.array(z.object({ productId: z.string().nullable(), variantId: z.string().nullable(), quantity: z.number(), price: z.string() })),
    }),
  }),
]);

export type SyncEvent = z.infer<typeof syncEventSchema>;

export const SYNC_TOPICS = [
  "CUSTOMERS_CREATE",
  "CUSTOMERS_UPDATE",
  "CUSTOMERS_DELETE",
  "CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE",
  "CUSTOMERS_MARKETING_CONSENT_UPDATE",
  "ORDERS_CREATE",
  "ORDERS_UPDATED",
  "BULK_OPERATIONS_FINISH",
] as const;

export type SyncTopic = (typeof SYNC_TOPICS)[number];

export type ParsedSyncWebhook =
  | { kind: "event"; event: SyncEvent; customerId: string | null }
  | { kind: "bulk_finished"; operationId: string };

function customerEvent(payload: z.infer<typeof restCustomer>): SyncEvent {
  const home = payload.default_address;
  return {
    kind: "customer",
    customer: {
      customerId: payload.id,
      sourceUpdatedAt: new Date(payload.updated_at),
      createdAt: new Date(payload.created_at),
      state: payload.state,
      currency: payload.currency,
      email: payload.email,
      phone: payload.phone,
      firstName: payload.first_name,
      lastName: payload.last_name,
      defaultAddress: home
        ? { address1: home.address1, address2: home.address2, city: home.city, province: home.province, zip: home.zip, countryCode: home.country_code }
        : null,
      note: payload.note,
    },
  };
}

function orderEvent(payload: z.infer<typeof restOrder>): SyncEvent {
  return {
    kind: "order",
    order: {
      orderId: payload.id,
      customerId: payload.customer?.id ?? null,
      sourceUpdatedAt: new Date(payload.updated_at),
      processedAt: payload.processed_at ? new Date(payload.processed_at) : null,
      totalPrice: payload.total_price,
      currency: payload.currency,
      financialStatus: payload.financial_status,
      // Titles, SKUs, properties (which can hold personal text) are dropped here.
      lineItems: payload.line_items.map((item) => ({
        productId: item.product_id ?? null,
        variantId: item.variant_id ?? null,
        quantity: item.quantity,
        price: item.price,
      })),
    },
  };
}

function consentEvent(customerId: string, channel: "email" | "sms", consent: z.infer<typeof consentState>): ParsedSyncWebhook {
  // Upper case, as the Admin API (and so the full sync) spells the states.
  const state = consent.state.toUpperCase();
  const consentUpdatedAt = consent.consent_updated_at ? new Date(consent.consent_updated_at) : null;
  return { kind: "event", event: { kind: "consent", customerId, channel, state, consentUpdatedAt }, customerId };
}

type ParseResult = { success: true; webhook: ParsedSyncWebhook } | { success: false; reason: string };

/** Validates a sync webhook body; a mismatch names the fields, never their values. */
export function parseSyncWebhook(topic: SyncTopic, payload: unknown): ParseResult {
  const parse = <Output>(schema: z.ZodType<Output>, toWebhook: (data: Output) => ParsedSyncWebhook): ParseResult => {
    const parsed = schema.safeParse(payload);
    return parsed.success ? { success: true, webhook: toWebhook(parsed.data) } : { success: false, reason: describeIssues(parsed.error) };
  };
  switch (topic) {
    case "CUSTOMERS_CREATE":
    case "CUSTOMERS_UPDATE":
      return parse(restCustomer, (customer) => ({ kind: "event", event: customerEvent(customer), customerId: customer.id }));
    case "CUSTOMERS_DELETE":
      return parse(z.object({ id: shopifyId }), ({ id }) => ({ kind: "event", event: { kind: "customer_deleted", customerId: id }, customerId: id }));
    case "CUSTOMERS_EMAIL_MARKETING_CONSENT_UPDATE":
      return parse(restEmailConsent, (payload) => consentEvent(payload.customer_id, "email", payload.email_marketing_consent));
    case "CUSTOMERS_MARKETING_CONSENT_UPDATE":
      return parse(restSmsConsent, (payload) => consentEvent((payload.id ?? payload.customer_id)!, "sms", payload.sms_marketing_consent));
    case "ORDERS_CREATE":
    case "ORDERS_UPDATED":
      return parse(restOrder, (order) => ({ kind: "event", event: orderEvent(order), customerId: order.customer?.id ?? null }));
    case "BULK_OPERATIONS_FINISH":
      return parse(bulkOperationFinishPayloadSchema, (finish) => ({ kind: "bulk_finished", operationId: finish.admin_graphql_api_id }));
  }
}
