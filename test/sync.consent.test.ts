// Marketing consent from Shopify's consent update topics (customer webhooks carry none since
// 2025-01): received like the other sync topics, applied unless a newer consent is stored, whichever
// order the deliveries, the customer's creation and a full sync come in.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { startJobProcessing } from "./helpers/jobs";
import { deliverSync, syncDeliveriesApplied, vaultCustomer } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";

const emailConsent = (customerId: number, state: string, at: string | null) => ({
  customer_id: customerId,
  email_address: `wilhelmina.${customerId}@thistlewood.example`,
  email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at },
});

const smsConsent = (customerId: number, state: string, at: string | null) => ({
  id: customerId,
  phone: `+4479460${String(customerId).padStart(5, "0")}`,
  sms_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at, consent_collected_from: "SHOPIFY" },
});

const EMAIL_TOPIC = "customers_email_marketing_consent/update";
const SMS_TOPIC = "customers_marketing_consent/update";

describe("marketing consent webhooks", () => {
  it("given a synced customer, when Shopify sends their email and SMS consent, then the vault holds both states with their times and no contact detail from the payloads", async () => {
    const shop = "consent-topics.myshopify.com";
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(71, { email: null, phone: null }));
    await syncDeliveriesApplied(shop);

    expect((await deliverSync(EMAIL_TOPIC, shop, emailConsent(71, "subscribed", "2026-11-02T10:00:00-05:00"))).status).toBe(200);
    expect((await deliverSync(SMS_TOPIC, shop, smsConsent(71, "not_subscribed", "2026-11-02T11:00:00-05:00"))).status).toBe(200);
    await syncDeliveriesApplied(shop);

    expect(await vaultCustomer(shop, 71)).toMatchObject({
      emailMarketingState: "SUBSCRIBED",
      emailMarketingUpdatedAt: new Date("2026-11-02T15:00:00Z"),
      smsMarketingState: "NOT_SUBSCRIBED",
      smsMarketingUpdatedAt: new Date("2026-11-02T16:00:00Z"),
      email: null,
      phone: null,
    });
  });

  it("given a newer consent applied, when an older one arrives later or a full sync brings an older snapshot, then the newer consent stays", async () => {
    const shop = "consent-order.myshopify.com";
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(72));
    await syncDeliveriesApplied(shop);

    await deliverSync(EMAIL_TOPIC, shop, emailConsent(72, "unsubscribed", "2026-11-03T10:00:00Z"));
    await syncDeliveriesApplied(shop);
    await deliverSync(EMAIL_TOPIC, shop, emailConsent(72, "subscribed", "2026-11-02T10:00:00Z"));
    await syncDeliveriesApplied(shop);
    // The full sync's customer is newer as a whole, its consent older.
    await upsertCustomer({
      db: db(),
      vault: vault(),
      shop,
      customer: { id: "72", createdAt: new Date("2025-02-03T15:00:00Z"), emailMarketingState: "SUBSCRIBED", emailMarketingUpdatedAt: new Date("2026-11-01T00:00:00Z") },
      sourceUpdatedAt: new Date("2026-11-05T00:00:00Z"),
    });

    expect(await vaultCustomer(shop, 72)).toMatchObject({ emailMarketingState: "UNSUBSCRIBED", emailMarketingUpdatedAt: new Date("2026-11-03T10:00:00Z") });
  });

  it("given a consent update that arrives before the customer's creation, then it is retried and applied once the customer is stored", async () => {
    const shop = "consent-early.myshopify.com";
    startJobProcessing();

    await deliverSync(SMS_TOPIC, shop, smsConsent(73, "subscribed", "2026-11-02T10:00:00Z"));
    await expect.poll(async () => (await db().outboxMessage.findFirst({ where: { shop } }))?.relayedAt ?? null, { timeout: 10_000 }).not.toBeNull();
    await deliverSync("customers/create", shop, restCustomer(73));

    await expect.poll(async () => (await vaultCustomer(shop, 73))?.smsMarketingState, { timeout: 20_000, interval: 100 }).toBe("SUBSCRIBED");
  }, 40_000);

  it("given a consent payload without its state, then 422 names the field and nothing is stored", async () => {
    const shop = "consent-invalid.myshopify.com";
    const response = await deliverSync(EMAIL_TOPIC, shop, { customer_id: 74, email_address: "x@example.com", email_marketing_consent: { consent_updated_at: null } });

    expect(response.status).toBe(422);
    expect(await response.text()).toContain("email_marketing_consent.state");
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(0);
  });
});
