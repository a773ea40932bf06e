// The consent rule (docs/decisions/008-consent-receipts.md) read back from receipts that went through
// the signed proxy route and from customers as the sync stores them; and the receipts' retention.
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../app/composition.server";
import { mayProcess, type ProcessingPurpose } from "../app/consent/may-process.server";
import { receiveConsentReceipt } from "../app/consent/receive-receipt.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { log } from "../app/log.server";
import { applyRetentionJob } from "../app/retention/jobs.server";
import { proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { runJobHandler } from "./helpers/jobs";

type Choices = { analytics: boolean; marketing: boolean; preferences: boolean; saleOfData: boolean };
const ALL: Choices = { analytics: true, marketing: true, preferences: true, saleOfData: true };
const NONE: Choices = { analytics: false, marketing: false, preferences: false, saleOfData: false };
const PURPOSES: ProcessingPurpose[] = ["analytics", "marketing", "preferences", "personalization"];

let sequence = 0;
let lastSignedAt = Infinity;
/**
 * A receipt of a logged-in customer through the route; each declared one second after the last and
 * signed at a second of its own (the same customer's request signed in the same second is a replay).
 */
async function choose(shop: string, customerId: string, choices: Choices) {
  sequence += 1;
  lastSignedAt = Math.min(Math.floor(Date.now() / 1000), lastSignedAt - 1);
  const body = receiptBody({ choices, timestamp: new Date(Date.now() + sequence * 1000).toISOString() });
  const response = await sendReceipt(proxyRequest({ shop, customerId, body, timestamp: lastSignedAt }));
  expect(response.status).toBe(204);
}

async function syncedCustomer(shop: string, customerId: string, consent: { emailMarketingState?: string; smsMarketingState?: string; dataSaleOptOut?: boolean }) {
  await db().customer.create({ data: { shop, customerId, sourceUpdatedAt: new Date(), createdAt: new Date(), ...consent } });
}

async function answers(shop: string, customerId: string) {
  const entries = await Promise.all(PURPOSES.map(async (purpose) => [purpose, (await mayProcess({ db: db(), shop, customerId, purpose })).allowed] as const));
  return Object.fromEntries(entries);
}

describe("mayProcess", () => {
  it("given a receipt accepting only analytics, then analytics is allowed and marketing, preferences and personalization are not", async () => {
    const shop = "rule-analytics.myshopify.com";
    await choose(shop, "1", { ...NONE, analytics: true, saleOfData: true });
    expect(await answers(shop, "1")).toEqual({ analytics: true, marketing: false, preferences: false, personalization: false });
    expect(await mayProcess({ db: db(), shop, customerId: "1", purpose: "analytics" })).toEqual({ allowed: true, basis: "receipt" });
  });

  it("given a customer subscribed to email in Shopify, when a newer receipt refuses marketing, then the withdrawal wins", async () => {
    const shop = "rule-withdrawal.myshopify.com";
    await syncedCustomer(shop, "2", { emailMarketingState: "SUBSCRIBED" });
    expect(await mayProcess({ db: db(), shop, customerId: "2", purpose: "personalization" })).toEqual({ allowed: true, basis: "shopify-marketing-consent" });

    await choose(shop, "2", ALL);
    await choose(shop, "2", { ...ALL, marketing: false });

    expect(await answers(shop, "2")).toEqual({ analytics: true, marketing: false, preferences: true, personalization: false });
  });

  it("given a withdrawal followed by a new acceptance, then the latest receipt decides again", async () => {
    const shop = "rule-reconsent.myshopify.com";
    await choose(shop, "3", NONE);
    await choose(shop, "3", ALL);
    expect(await answers(shop, "3")).toEqual({ analytics: true, marketing: true, preferences: true, personalization: true });
  });

  it("given a receipt accepting everything but opting out of the sale of data (GPC), then marketing and personalization are refused", async () => {
    const shop = "rule-gpc.myshopify.com";
    await choose(shop, "4", { ...ALL, saleOfData: false });
    expect(await answers(shop, "4")).toEqual({ analytics: true, marketing: false, preferences: true, personalization: false });
    expect(await mayProcess({ db: db(), shop, customerId: "4", purpose: "marketing" })).toEqual({ allowed: false, basis: "sale-of-data-opt-out" });
  });

  it("given Shopify's data-sale opt-out on the customer, then marketing and personalization are refused whatever the receipt says", async () => {
    const shop = "rule-shopify-opt-out.myshopify.com";
    await syncedCustomer(shop, "5", { emailMarketingState: "SUBSCRIBED", dataSaleOptOut: true });
    await choose(shop, "5", ALL);
    expect(await answers(shop, "5")).toEqual({ analytics: true, marketing: false, preferences: true, personalization: false });
  });

  it("given no receipt, then personalization follows Shopify's email marketing state and marketing either channel", async () => {
    const shop = "rule-shopify-states.myshopify.com";
    await syncedCustomer(shop, "6", { emailMarketingState: "SUBSCRIBED", smsMarketingState: "NOT_SUBSCRIBED" });
    await syncedCustomer(shop, "7", { emailMarketingState: "UNSUBSCRIBED", smsMarketingState: "SUBSCRIBED" });
    await syncedCustomer(shop, "8", { emailMarketingState: "PENDING" });
    expect(await answers(shop, "6")).toEqual({ analytics: false, marketing: true, preferences: false, personalization: true });
    expect(await answers(shop, "7")).toEqual({ analytics: false, marketing: true, preferences: false, personalization: false });
    expect(await answers(shop, "8")).toEqual({ analytics: false, marketing: false, preferences: false, personalization: false });
  });

  it("given a customer the app knows nothing about, then nothing is allowed", async () => {
    expect(await mayProcess({ db: db(), shop: "rule-unknown.myshopify.com", customerId: "9", purpose: "personalization" })).toEqual({ allowed: false, basis: "none" });
  });

  it("given the same customer id in two shops, then one shop's receipts never decide for the other", async () => {
    const shopA = "rule-tenant-a.myshopify.com";
    const shopB = "rule-tenant-b.myshopify.com";
    await choose(shopA, "10", ALL);
    expect(await answers(shopA, "10")).toEqual({ analytics: true, marketing: true, preferences: true, personalization: true });
    expect(await answers(shopB, "10")).toEqual({ analytics: false, marketing: false, preferences: false, personalization: false });
  });

  it("given a guest's receipt, then it decides for no customer", async () => {
    const shop = "rule-guest.myshopify.com";
    expect((await sendReceipt(proxyRequest({ shop, body: receiptBody({ choices: ALL }) }))).status).toBe(204);
    expect(await mayProcess({ db: db(), shop, customerId: "", purpose: "analytics" })).toEqual({ allowed: false, basis: "none" });
  });
});

describe("receipt retention", () => {
  const DAY_MS = 24 * 3600 * 1000;
  const receivedDaysAgo = (shop: string, days: number) =>
    receiveConsentReceipt({
      db: db(),
      redis: queues().connection,
      redisPrefix: process.env.REDIS_PREFIX!,
      log,
      shop,
      customerId: null,
      signature: `signature-${shop}-${days}`,
      body: JSON.stringify(receiptBody()),
      ip: null,
      now: new Date(Date.now() - days * DAY_MS),
    });

  it("given receipts older and younger than the default retention period, when the scheduled retention runs, then only the older ones are deleted", async () => {
    const shop = "retention.myshopify.com";
    await db().shop.create({ data: { domain: shop } });
    for (const days of [500, 396, 394, 1]) expect((await receivedDaysAgo(shop, days)).outcome).toBe("recorded");

    const result = await runJobHandler(applyRetentionJob, {}, { attempt: 1, maxAttempts: 3 });

    expect(result).toMatchObject({ consentReceipts: 2 });
    const left = await db().consentReceipt.findMany({ where: { shop } });
    expect(left.every((receipt) => receipt.recordedAt.getTime() > Date.now() - 395 * DAY_MS)).toBe(true);
    expect(left).toHaveLength(2);
  });

  it("given the worker's schedules, then retention is among them", () => {
    expect(SCHEDULES.map((schedule) => schedule.job)).toContain(applyRetentionJob);
  });
});
