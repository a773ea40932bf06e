// The shapes of the JSONL lines the sync's bulk queries (bulk-operation.server.ts) produce. Every
// protected customer field is nullable: Shopify returns null for fields the app is not approved for.
// UnsignedInt64 and Decimal values arrive as JSON strings.
import { z } from "zod";

const gid = (type: string) => z.string().startsWith(`gid://shopify/${type}/`);
const unsignedInt64 = z.string().regex(/^\d+$/);
const money = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currencyCode: z.string().length(3) });
// A string, not an enum: Shopify adds states (REDACTED did), and one new value must not drop a customer.
const marketingState = z.string().min(1);
// When the consent last changed; null when it never did. Absent in results of older queries.
const marketingUpdatedAt = z.iso.datetime({ offset: true }).nullish();

export const bulkCustomerSchema = z.object({
  id: gid("Customer"),
  legacyResourceId: unsignedInt64,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  defaultEmailAddress: z.object({ emailAddress: z.string().nullable(), marketingState, marketingUpdatedAt }).nullable(),
  defaultPhoneNumber: z.object({ phoneNumber: z.string().nullable(), marketingState, marketingUpdatedAt }).nullable(),
  defaultAddress: z
    .object({
      address1: z.string().nullable(),
      address2: z.string().nullable(),
      city: z.string().nullable(),
      province: z.string().nullable(),
      zip: z.string().nullable(),
      countryCodeV2: z.string().nullable(),
    })
    .nullable(),
  note: z.string().nullable(),
  state: z.enum(["DECLINED", "DISABLED", "ENABLED", "INVITED"]),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  numberOfOrders: unsignedInt64,
  amountSpent: money,
  dataSaleOptOut: z.boolean(),
});

export const bulkCustomerOrderSchema = z.object({
  id: gid("Order"),
  legacyResourceId: unsignedInt64,
  processedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  totalPriceSet: z.object({ shopMoney: money }),
  displayFinancialStatus: z.string().nullable(),
  __parentId: gid("Customer"),
});

export const bulkOrderSchema = z.object({
  id: gid("Order"),
  legacyResourceId: unsignedInt64,
  customer: z.object({ id: gid("Customer") }).nullable(),
});

export const bulkLineItemSchema = z.object({
  id: gid("LineItem"),
  quantity: z.number().int(),
  product: z.object({ id: gid("Product") }).nullable(),
  variant: z.object({ id: gid("ProductVariant") }).nullable(),
  originalUnitPriceSet: z.object({ shopMoney: money }),
  __parentId: gid("Order"),
});

export type BulkCustomer = z.infer<typeof bulkCustomerSchema>;
export type BulkCustomerOrder = z.infer<typeof bulkCustomerOrderSchema>;
export type BulkOrder = z.infer<typeof bulkOrderSchema>;
export type BulkLineItem = z.infer<typeof bulkLineItemSchema>;
