import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import exportSchema from "../docs/schemas/customer-export.v1.json";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { DEFAULT_JOB_OPTIONS, defineJobType } from "../app/jobs/job-definition.server";
import { enqueue, queues } from "../app/jobs/queues.server";
import { deriveAppendedDeliveries } from "../app/composition.server";
import { openCustomerExport } from "../app/privacy/customer-export.server";
import { erasePrivacyRecords } from "../app/privacy/privacy-records-holder.server";
import { shopRef, subjectRef } from "../app/privacy/privacy-keys.server";
import { verifyRedactionReceipt } from "../app/privacy/redaction-receipts.server";
import { recordInstallation, recordUninstallation } from "../app/shops/installation.server";
import { customerOf, customerRedactPayload, dataRequestPayload, deliver, requestReaching, shopRedactPayload } from "./helpers/compliance";
import { restCustomer } from "../harness/shopify-rest-payloads";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";
import { capturedLog, databaseMentions, redisMentions } from "./helpers/pii-scan";
import { installShop } from "./helpers/shopify";
import { deliverSync } from "./helpers/sync";

describe("customers/data_request end to end", () => {
  it("given a data request, when the worker runs, then a JSON and a CSV export of everything held are ready and the request is completed", async () => {
    const shop = "export.myshopify.com";
    startJobProcessing();
    expect((await deliver("customers/data_request", shop, dataRequestPayload(shop, 42, [7001]))).status).toBe(200);

    const request = await requestReaching(shop, "data_request", "completed");
    expect(request.customerId).toBeNull();
    expect(request.subjectRef).toBe(subjectRef({ shop, customerId: "42" }));

    const json = JSON.parse((await openCustomerExport({ db: db(), shop, requestId: request.id, format: "json" }))!.toString());
    expect(json).toMatchObject({
      schema: "consent-vault/customer-export/v1",
      shop,
      subject: { customerId: "42" },
      request: { id: request.id, ordersRequested: ["7001"] },
      data: { privacy: { requests: [expect.objectContaining({ type: "data_request" })] } },
    });
    expect(json.processingLog.map((entry: { action: string }) => entry.action)).toContain("privacy.data_request.received");
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(exportSchema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const csv = (await openCustomerExport({ db: db(), shop, requestId: request.id, format: "csv" }))!.toString();
    expect(csv.split("\r\n")[0]).toBe("section,field,value");
    expect(csv).toContain("subject,customerId,42");

    const events = await db().privacyRequestEvent.findMany({ where: { requestId: request.id }, orderBy: { at: "asc" } });
    expect(events.map((event) => event.kind)).toEqual(["received", "started", "export_ready", "completed"]);
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });

  it("given an export of another shop, then it cannot be opened under this shop", async () => {
    const shop = "export-a.myshopify.com";
    startJobProcessing();
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 43));
    const request = await requestReaching(shop, "data_request", "completed");
    expect(await openCustomerExport({ db: db(), shop: "export-b.myshopify.com", requestId: request.id, format: "json" })).toBeNull();
  });
});

// A job about one customer, shaped as the queued-jobs holder recognises them: ids only, shop and
// customer id. (Jobs about one customer, such as rescoring, use this shape.)
const customerJob = defineJobType({
  queue: "privacy",
  name: "test.about-one-customer",
  payload: z.object({ shop: z.string(), customerId: z.string() }).strict(),
  options: DEFAULT_JOB_OPTIONS,
});

describe("customers/redact end to end", () => {
  it("given a customer with an earlier export and a queued job, when redacted, then all of it is gone, a receipt proves it, and no trace of the person remains", async () => {
    const shop = "redact.myshopify.com";
    const otherShop = "redact-other.myshopify.com";
    const person = customerOf(77);
    const { log, mentions } = capturedLog();
    startJobProcessing({ log });
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 77));
    await deliver("customers/data_request", otherShop, dataRequestPayload(otherShop, 77));
    await requestReaching(shop, "data_request", "completed");
    await requestReaching(otherShop, "data_request", "completed");
    const later = await queues().get(customerJob.queue);
    await enqueue(queues(), customerJob, { shop, customerId: "77" }, { delay: 3600_000 });
    await enqueue(queues(), customerJob, { shop: otherShop, customerId: "77" }, { delay: 3600_000 });

    expect((await deliver("customers/redact", shop, customerRedactPayload(shop, 77, [7001, 7002]))).status).toBe(200);
    const request = await requestReaching(shop, "customer_redact", "completed");

    expect(await db().dataExport.count({ where: { shop } })).toBe(0);
    const delayed = await later.getJobs(["delayed"]);
    expect(delayed.map((job) => job.data.shop)).toEqual([otherShop]);
    const receipt = await db().redactionReceipt.findFirstOrThrow({ where: { triggerId: { startsWith: request.id } } });
    expect(receipt).toMatchObject({ scope: "customer", shopRef: shopRef(shop), subjectRef: subjectRef({ shop, customerId: "77" }) });
    expect(JSON.parse(receipt.erased)).toMatchObject({ "queue.jobs": 1, "privacy.exports": 2 });
    expect(verifyRedactionReceipt(receipt)).toBe(true);
    expect(verifyRedactionReceipt({ ...receipt, erased: "{}" })).toBe(false);
    // Tenant isolation: the same customer id at another shop keeps its export.
    expect(await db().dataExport.count({ where: { shop: otherShop } })).toBe(2);

    await allJobsDone();
    const needles = [person.email, person.phone];
    expect(await databaseMentions(needles)).toEqual([]);
    expect(await redisMentions(needles)).toEqual([]);
    expect(mentions(needles)).toEqual([]);
  });
});

describe("shop/redact end to end", () => {
  it("given a shop with sessions, requests, audit entries and Redis keys, when shop/redact arrives, then every row and key of that shop is gone and only the receipt remains", async () => {
    const shop = "erase-me.myshopify.com";
    const neighbour = "neighbour.myshopify.com";
    startJobProcessing();
    for (const domain of [shop, neighbour]) {
      await installShop(domain);
      await recordInstallation({ db: db(), shop: domain });
      await deliver("customers/data_request", domain, dataRequestPayload(domain, 1));
      await requestReaching(domain, "data_request", "completed");
    }
    const { connection } = queues();
    const prefix = process.env.REDIS_PREFIX;
    await connection.set(`${prefix}:shop:{${shop}}:cache`, "x");
    await connection.set(`${prefix}:shop:{${neighbour}}:cache`, "x");

    // Shopify sends shop/redact only after the app was uninstalled (an installed shop's is held).
    await recordUninstallation({ db: db(), shop });
    expect((await deliver("shop/redact", shop, shopRedactPayload(shop))).status).toBe(200);
    await expect.poll(() => db().redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "shop" } }), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => db().privacyRequest.count({ where: { shop } }), { timeout: 15_000 }).toBe(0);

    for (const table of ["session", "privacyRequestEvent", "dataExport", "webhookDelivery", "outboxMessage", "auditEvent"] as const) {
      // @ts-expect-error every one of these tables has a shop column
      expect(await db()[table].count({ where: { shop } }), table).toBe(0);
    }
    expect(await db().shop.count({ where: { domain: shop } })).toBe(0);
    expect(await connection.exists(`${prefix}:shop:{${shop}}:cache`)).toBe(0);
    await allJobsDone();
    expect(await databaseMentions([shop])).toEqual([]);
    // The neighbour is untouched.
    expect(await db().session.count({ where: { shop: neighbour } })).toBe(2);
    expect(await db().dataExport.count({ where: { shop: neighbour } })).toBe(2);
    expect(await connection.exists(`${prefix}:shop:{${neighbour}}:cache`)).toBe(1);
    expect((await verifyAuditChain({ db: db(), shop: neighbour })).ok).toBe(true);
  });

  it("given a request that arrives while the shop's records are being erased, then that erasure leaves it and its job to be answered, and takes an orphaned job, a late request already answered and a late sync delivery with it", async () => {
    const shop = "mid-erasure.myshopify.com";
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 8));
    const before = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    const erasureStarted = new Date(Date.now() + 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await deliver("customers/redact", shop, customerRedactPayload(shop, 9));
    const late = await db().privacyRequest.findFirstOrThrow({ where: { shop, type: "customer_redact" } });
    // Answered before the erasure's receipt existed, so it did not erase the shop again: nothing of it may stay.
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 10));
    await db().privacyRequest.updateMany({ where: { shop, type: "data_request", id: { not: before.id } }, data: { status: "completed" } });
    // Customer data that came in meanwhile is the shop's, not the late request's: it must not outlive the erasure.
    expect((await deliverSync("customers/create", shop, restCustomer(10))).status).toBe(200);
    await deriveAppendedDeliveries(db())();
    // The earlier request's job was queued only after the erasure began: with its request gone it is an orphan.
    await db().outboxMessage.updateMany({ where: { shop, payload: { contains: before.id } }, data: { createdAt: new Date(Date.now() + 1) } });

    const erased = await erasePrivacyRecords({ db: db(), shop, receivedBefore: erasureStarted });

    expect(erased).toMatchObject({ requests: 2, webhookDeliveries: 3, outboxMessages: 3 });
    expect((await db().privacyRequest.findMany({ where: { shop } })).map((request) => request.id)).toEqual([late.id]);
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(1);
    expect((await db().outboxMessage.findMany({ where: { shop } })).map((row) => JSON.parse(row.payload).requestId)).toEqual([late.id]);
    startJobProcessing();
    await requestReaching(shop, "customer_redact", "completed");
  });

  it("given shop/redact already ran, when a late customers/redact arrives for that shop, then it completes and leaves no row of the shop behind", async () => {
    const shop = "late.myshopify.com";
    startJobProcessing();
    await deliver("shop/redact", shop, shopRedactPayload(shop));
    await expect.poll(() => db().redactionReceipt.count({ where: { shopRef: shopRef(shop) } }), { timeout: 15_000 }).toBe(1);

    expect((await deliver("customers/redact", shop, customerRedactPayload(shop, 5))).status).toBe(200);
    await expect.poll(() => db().redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "customer" } }), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => db().privacyRequest.count({ where: { shop } }), { timeout: 15_000 }).toBe(0);
    await allJobsDone();
    expect(await databaseMentions([shop])).toEqual([]);
  });
});
