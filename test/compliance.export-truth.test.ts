// What an export states, checked against what Shopify sent: no zero where a figure is unknown, the
// answered request as of its completion, where each category came from, and no order ids left in
// plain text on a completed request.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import exportSchema from "../docs/schemas/customer-export.v1.json";
import { db } from "../app/db.server";
import { openCustomerExport } from "../app/privacy/customer-export.server";
import { customerRedactPayload, dataRequestPayload, deliver, requestReaching } from "./helpers/compliance";
import { startJobProcessing } from "./helpers/jobs";
import { deliverSync, syncDeliveriesApplied } from "./helpers/sync";
import { restCustomer, restOrder } from "../harness/shopify-rest-payloads";

async function exportOf(shop: string, requestId: string, format: "json" | "csv") {
  return (await openCustomerExport({ db: db(), shop, requestId, format }))!.toString();
}

describe("an export that tells the truth", () => {
  it("given a customer known from webhooks only, with two orders, when they ask for their data, then purchase figures are unknown (not 0), their request shows as completed, and every category names its source", async () => {
    const shop = "truthful-export.myshopify.com";
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(61));
    await deliverSync("orders/create", shop, restOrder(6101, 61));
    await deliverSync("orders/create", shop, restOrder(6102, 61));
    await syncDeliveriesApplied(shop);

    await deliver("customers/data_request", shop, dataRequestPayload(shop, 61, [6101, 6102]));
    const request = await requestReaching(shop, "data_request", "completed");

    const json = JSON.parse(await exportOf(shop, request.id, "json"));
    expect(json.data.vault.orders).toHaveLength(2);
    // Their order lines are stored for personalization (under a keyed reference) and exported; no consent, no insights.
    expect(json.data.personalization).toMatchObject({ purchaseLines: [expect.objectContaining({ orderId: "6101" }), expect.objectContaining({ orderId: "6102" })], insights: null });
    expect(json.data.vault.profile).toMatchObject({ ordersCount: null, amountSpent: null });
    expect(json.data.privacy.requests).toEqual([{ type: "data_request", status: "completed", receivedAt: request.receivedAt.toISOString(), completedAt: json.generatedAt }]);
    expect(json.sources).toEqual({
      "data.sync.pendingWebhooks": ["shopify_customer_webhooks", "shopify_order_webhooks", "shopify_consent_webhooks"],
      "data.vault.profile": ["shopify_customer_webhooks", "shopify_consent_webhooks", "shopify_full_sync"],
      "data.vault.orders": ["shopify_order_webhooks", "shopify_full_sync"],
      "data.personalization.purchaseLines": ["shopify_order_webhooks", "shopify_full_sync"],
      "data.personalization.insights": ["shopify_order_webhooks", "shopify_full_sync"],
      "data.consent.receipts": ["storefront_consent_banner"],
      "data.privacy.requests": ["shopify_compliance_webhooks", "app_records"],
      processingLog: ["app_records"],
      recipients: ["app_records"],
    });
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(exportSchema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(await exportOf(shop, request.id, "csv")).toContain("sources,data.vault.profile.2,shopify_full_sync");
  });

  it("given completed requests that named orders, then their order ids are no longer stored, only how many there were", async () => {
    const shop = "pseudonymised-orders.myshopify.com";
    startJobProcessing();

    await deliver("customers/data_request", shop, dataRequestPayload(shop, 62, [6201]));
    const dataRequest = await requestReaching(shop, "data_request", "completed");
    await deliver("customers/redact", shop, customerRedactPayload(shop, 62, [6201, 6202, 6203]));
    const redaction = await requestReaching(shop, "customer_redact", "completed");

    for (const [request, named] of [[dataRequest, 1], [redaction, 3]] as const) {
      const stored = await db().privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(stored.orderIds).toBe("[]");
      expect(JSON.parse(stored.result!)).toMatchObject({ ordersNamed: named });
    }
    const everything = JSON.stringify(await db().privacyRequest.findMany({ where: { shop } }));
    for (const id of ["6201", "6202", "6203"]) expect(everything).not.toContain(id);
  });
});
