// Results written back to Shopify as app-owned metafields ($app:personalization), so the theme's app
// blocks render them in Liquid and merchants can filter on them. metafieldsSet takes at most 25
// metafields per call and is atomic; a customer's metafields never straddle two calls. Idempotent:
// what was last written is kept (CustomerInsight.writtenBack, ProductAffinity.writtenBack) and an
// unchanged value is not sent again. Throttling and retries are the Admin client's.
import { z } from "zod";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import type { StoredInsight } from "./insights.server";

export const METAFIELD_NAMESPACE = "$app:personalization";
export const MAX_METAFIELDS_PER_CALL = 25;
export const CUSTOMER_METAFIELD_KEYS = ["segment", "cluster", "predicted_value", "recommended_products"] as const;
export const PRODUCT_METAFIELD_KEY = "bought_together";

export interface MetafieldInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

const METAFIELDS_SET = `mutation PersonalizationMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { key namespace }
    userErrors { field message code }
  }
}`;

const METAFIELDS_DELETE = `mutation PersonalizationMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) {
    deletedMetafields { key namespace ownerId }
    userErrors { field message }
  }
}`;

const userErrors = z.array(z.looseObject({ field: z.array(z.string()).nullish(), message: z.string() }));
const setAnswer = z.object({ metafieldsSet: z.object({ metafields: z.array(z.looseObject({ key: z.string() })).nullable(), userErrors }) });
const deleteAnswer = z.object({ metafieldsDelete: z.object({ deletedMetafields: z.array(z.looseObject({ key: z.string() }).nullable()).nullable(), userErrors }) });

export class MetafieldWriteError extends Error {}

const gid = (type: "Customer" | "Product", id: string) => (id.startsWith("gid://") ? id : `gid://shopify/${type}/${id}`);

/** The customer's metafields; a value the models could not give (no cluster yet) is left out. */
export function customerMetafields(customerId: string, insight: Pick<StoredInsight, "rfmGroup" | "clusterLabel" | "predictedValue12m" | "recommendedProducts">): MetafieldInput[] {
  const ownerId = gid("Customer", customerId);
  const field = (key: (typeof CUSTOMER_METAFIELD_KEYS)[number], type: string, value: string) => ({ ownerId, namespace: METAFIELD_NAMESPACE, key, type, value });
  const products = (JSON.parse(insight.recommendedProducts) as string[]).map((id) => gid("Product", id));
  return [
    field("segment", "single_line_text_field", insight.rfmGroup),
    ...(insight.clusterLabel ? [field("cluster", "single_line_text_field", insight.clusterLabel)] : []),
    ...(insight.predictedValue12m !== null ? [field("predicted_value", "number_decimal", insight.predictedValue12m.toFixed(2))] : []),
    field("recommended_products", "list.product_reference", JSON.stringify(products)),
  ];
}

export function productMetafield(productId: string, boughtTogether: string[]): MetafieldInput {
  return { ownerId: gid("Product", productId), namespace: METAFIELD_NAMESPACE, key: PRODUCT_METAFIELD_KEY, type: "list.product_reference", value: JSON.stringify(boughtTogether.map((id) => gid("Product", id))) };
}

/** Groups owners' metafields into calls of at most 25 without splitting an owner. */
export function metafieldCalls<T extends { metafields: MetafieldInput[] }>(owners: T[]): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const owner of owners) {
    if (size + owner.metafields.length > MAX_METAFIELDS_PER_CALL && current.length) {
      calls.push(current);
      current = [];
      size = 0;
    }
    current.push(owner);
    size += owner.metafields.length;
  }
  if (current.length) calls.push(current);
  return calls;
}

export async function setMetafields(client: AdminGraphqlClient, metafields: MetafieldInput[]) {
  const { data } = await client.request({ query: METAFIELDS_SET, variables: { metafields }, data: setAnswer });
  // Field paths and messages only: they name keys and indexes, never a value.
  if (data.metafieldsSet.userErrors.length) throw new MetafieldWriteError(`metafieldsSet refused: ${data.metafieldsSet.userErrors.map((e) => `${(e.field ?? []).join(".")} ${e.message}`).join("; ")}`);
}

/** Removes the customer's personalization metafields; ones that do not exist are no error. */
export async function deleteCustomerMetafields(client: AdminGraphqlClient, customerId: string) {
  const ownerId = gid("Customer", customerId);
  const metafields = CUSTOMER_METAFIELD_KEYS.map((key) => ({ ownerId, namespace: METAFIELD_NAMESPACE, key }));
  const { data } = await client.request({ query: METAFIELDS_DELETE, variables: { metafields }, data: deleteAnswer });
  if (data.metafieldsDelete.userErrors.length) throw new MetafieldWriteError(`metafieldsDelete refused: ${data.metafieldsDelete.userErrors.map((e) => e.message).join("; ")}`);
  return (data.metafieldsDelete.deletedMetafields ?? []).filter(Boolean).length;
}
