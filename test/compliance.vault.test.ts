// The compliance flow over real synced data: a customer held encrypted in the vault is exported
// decrypted, then erased by crypto-shredding, and nothing personal is left anywhere afterwards.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { openCustomerExport } from "../app/privacy/customer-export.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";
import { upsertOrder } from "../app/vault/orders.server";
import { vault } from "../app/vault/vault.server";
import { customerRedactPayload, dataRequestPayload, deliver, requestReaching } from "./helpers/compliance";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";
import { capturedLog, databaseMentions, redisMentions } from "./helpers/pii-scan";
import { personalValues, sampleCustomer } from "../harness/vault";

const SHOP = "vaulted.myshopify.com";
const NEIGHBOUR = "vaulted-neighbour.myshopify.com";

async function sync(shop: string, id: string) {
  const customer = sampleCustomer(id, shop === NEIGHBOUR ? { email: `neighbour.${id}@quillfeather.example`, firstName: "Neighbourly" } : {});
  await upsertCustomer({ db: db(), vault: vault(), shop, customer, sourceUpdatedAt: new Date("2026-11-01T00:00:00Z") });
  await upsertOrder({
    db: db(),
    shop,
    order: { id: `${id}01`, customerId: id, totalPrice: "42.00", currency: "EUR", lineItems: [] },
    sourceUpdatedAt: new Date("2026-11-01T00:00:00Z"),
  });
  return customer;
}

describe("compliance over vault data", () => {
  it("given a synced customer, when Shopify asks for their data and then for their erasure, then the export holds their decrypted profile and afterwards nothing of them remains", async () => {
    const { log, mentions } = capturedLog();
    startJobProcessing({ log });
    const person = await sync(SHOP, "4242");
    await sync(NEIGHBOUR, "4242");

    await deliver("customers/data_request", SHOP, dataRequestPayload(SHOP, 4242, [424201]));
    const dataRequest = await requestReaching(SHOP, "data_request", "completed");
    const exported = JSON.parse((await openCustomerExport({ db: db(), shop: SHOP, requestId: dataRequest.id, format: "json" }))!.toString());
    expect(exported.data.vault.profile).toMatchObject({ email: person.email, firstName: person.firstName, phone: person.phone });
    expect(exported.data.vault.orders).toEqual([expect.objectContaining({ id: "424201", totalPrice: "42.00" })]);

    await deliver("customers/redact", SHOP, customerRedactPayload(SHOP, 4242, [424201]));
    const redaction = await requestReaching(SHOP, "customer_redact", "completed");
    const receipt = await db().redactionReceipt.findFirstOrThrow({ where: { triggerId: { startsWith: redaction.id } } });
    expect(JSON.parse(receipt.erased)).toMatchObject({ "vault.customers": 1, "vault.customerKeys": 1, "vault.orders": 1, "privacy.exports": 2 });

    await allJobsDone();
    const needles = personalValues(person);
    expect(await databaseMentions(needles)).toEqual([]);
    expect(await redisMentions(needles)).toEqual([]);
    expect(mentions(needles)).toEqual([]);
    // The same customer id at another shop is untouched and still readable.
    expect(await readCustomer({ db: db(), vault: vault(), shop: NEIGHBOUR, customerId: "4242" })).toMatchObject({ firstName: "Neighbourly" });
  });

  it("given a redaction request with only an email, then the vault finds the customer by blind index and erases them", async () => {
    const shop = "email-only-vault.myshopify.com";
    startJobProcessing();
    const person = await sync(shop, "5151");
    await deliver("customers/redact", shop, { shop_id: 1, shop_domain: shop, customer: { email: person.email!.toUpperCase() }, orders_to_redact: [] });
    const request = await requestReaching(shop, "customer_redact", "completed");
    expect(JSON.parse(request.result!)).toMatchObject({ customersFound: 1 });
    expect(request.subjectSealed).toBeNull();
    expect(request.subjectRef).toBe(subjectRef({ shop, customerId: "5151" }));
    expect(await db().customer.count({ where: { shop, customerId: "5151" } })).toBe(0);
  });
});
