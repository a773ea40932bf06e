// The admin shows times in the shop's time zone, which Shopify knows (shop.ianaTimezone): the first
// admin page load without it queues one background fetch from the Admin API (a real local server in
// Shopify's place); until it lands, times read in UTC.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "../app/db.server";
import { loader as layoutLoader } from "../app/routes/app";
import { recordInstallation } from "../app/shops/installation.server";
import { fetchShopDetailsJob } from "../app/shops/jobs.server";
import { adminApiFixture } from "../harness/admin-api-server";
import { runJobHandler } from "./helpers/jobs";
import { adminRequest, installShop } from "./helpers/shopify";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());

async function openAdmin(shop: string, locale?: string) {
  // The layout answers with data() to set its framing header; its data is what the pages read.
  const result = await layoutLoader({ request: await adminRequest(`/app${locale ? `?locale=${locale}` : ""}`, shop), params: {}, context: {} });
  expect(result.init?.headers).toMatchObject({ "Content-Security-Policy": expect.stringContaining(shop) });
  return result.data;
}

const pendingFetches = (shop: string) => db().outboxMessage.count({ where: { shop, job: fetchShopDetailsJob.name } });

describe("the shop's time zone", () => {
  it("given a shop whose zone is unknown, when the admin opens twice, then one fetch is queued; once it ran, the admin uses Shopify's zone", async () => {
    const shop = "zone-fetch.myshopify.com";
    const other = "zone-other.myshopify.com";
    await installShop(shop);
    await recordInstallation({ db: db(), shop });
    await recordInstallation({ db: db(), shop: other });

    expect(await openAdmin(shop)).toMatchObject({ timeZone: "UTC", locale: "en" });
    await openAdmin(shop);
    expect(await pendingFetches(shop)).toBe(1);

    server.answer({ body: adminApiFixture("shop-details") });
    await runJobHandler(fetchShopDetailsJob, { shop }, { attempt: 1, maxAttempts: 5 });

    expect(server.requests.at(-1)!.body).toContain("ianaTimezone");
    expect(await openAdmin(shop, "de-DE")).toMatchObject({ timeZone: "Europe/Berlin", locale: "de" });
    expect((await db().shop.findUniqueOrThrow({ where: { domain: other } })).ianaTimezone).toBeNull();
    expect(await pendingFetches(other)).toBe(0);
  });

  it("given Shopify names a zone the runtime cannot format in, then the job fails and nothing is stored", async () => {
    const shop = "zone-unknown.myshopify.com";
    await installShop(shop);
    await recordInstallation({ db: db(), shop });
    server.answer({ body: { data: { shop: { ianaTimezone: "Mars/Olympus_Mons" } } } });

    await expect(runJobHandler(fetchShopDetailsJob, { shop }, { attempt: 1, maxAttempts: 5 })).rejects.toThrow(/Mars\/Olympus_Mons/);

    expect((await db().shop.findUniqueOrThrow({ where: { domain: shop } })).ianaTimezone).toBeNull();
    expect((await openAdmin(shop)).timeZone).toBe("UTC");
  });

  it("given an admin locale the app has no translation for, then the admin is in English", async () => {
    const shop = "zone-locale.myshopify.com";
    await installShop(shop);
    expect((await openAdmin(shop, "fr")).locale).toBe("en");
  });
});
