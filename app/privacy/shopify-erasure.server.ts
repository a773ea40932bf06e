// A storefront erasure first asks Shopify to erase the customer (customerRequestDataErasure, scope
// write_customer_data_erasure), then queues the app's own erasure. In that order because the app's
// erasure removes what finds the customer (the vault row a guest's email points to), and because
// Shopify answers with customers/redact later, which the app then carries out like any other.
import { z } from "zod";
import type { Db } from "../db.server";
import { recordAudit } from "../audit/audit-trail.server";
import { addToOutbox } from "../jobs/outbox.server";
import { AdminApiError } from "../sync/admin-api-error.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import type { CustomerDataHolder } from "./customer-data-holder.server";
import { processPrivacyRequestJob } from "./jobs.server";
import { resolveCustomerIds } from "./process-request.server";
import { recordRequestEvent } from "./request-events.server";

const REQUEST_ERASURE = `mutation RequestErasure($customerId: ID!) {
  customerRequestDataErasure(customerId: $customerId) { customerId userErrors { code field message } }
}`;

const erasureAnswer = z.object({
  customerRequestDataErasure: z.object({
    customerId: z.string().nullable(),
    userErrors: z.array(z.object({ code: z.enum(["DOES_NOT_EXIST", "FAILED_TO_REQUEST"]).nullable(), field: z.array(z.string()).nullable(), message: z.string() })),
  }),
});

export async function requestShopifyErasure({
  db,
  holders,
  client,
  requestId,
}: {
  db: Db;
  holders: CustomerDataHolder[];
  client: AdminGraphqlClient;
  requestId: string;
}) {
  const request = await db.privacyRequest.findUnique({ where: { id: requestId } });
  if (!request || request.status === "completed" || request.status === "on_hold") return { skipped: request?.status ?? "gone" };
  const customerIds = await resolveCustomerIds(db, holders, request);
  let requested = 0;
  let unknownToShopify = 0;
  for (const customerId of customerIds) {
    const { data } = await client.request({ query: REQUEST_ERASURE, variables: { customerId: `gid://shopify/Customer/${customerId}` }, data: erasureAnswer });
    const [error] = data.customerRequestDataErasure.userErrors;
    // A customer Shopify no longer has is already erased there; the app's own erasure still runs.
    if (error?.code === "DOES_NOT_EXIST") unknownToShopify += 1;
    else if (error) throw new AdminApiError({ code: "GRAPHQL_ERROR", message: "customerRequestDataErasure was refused", graphqlCodes: [error.code ?? "UNKNOWN"] });
    else requested += 1;
  }
  await db.$transaction(async (tx) => {
    await recordRequestEvent(tx, { requestId, shop: request.shop, kind: "shopify_erasure_requested", detail: { customers: requested, unknownToShopify } });
    await recordAudit(tx, { shop: request.shop, actor: "job:privacy.request-shopify-erasure", action: "privacy.shopify_erasure.requested", subjectRef: request.subjectRef, detail: { customers: requested } });
    await addToOutbox(tx, { shop: request.shop, job: processPrivacyRequestJob, payload: { shop: request.shop, requestId } });
  });
  return { requested, unknownToShopify };
}
