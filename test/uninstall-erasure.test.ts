import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { shopRef } from "../app/privacy/privacy-keys.server";
import { recordInstallation, recordUninstallation } from "../app/shops/installation.server";
import { dataRequestPayload, deliver, requestReaching } from "./helpers/compliance";
import { relayOnce, startJobProcessing } from "./helpers/jobs";
import { installShop } from "./helpers/shopify";

const HOUR = 3600 * 1000;

describe("erasure after uninstall", () => {
  it("given an uninstall, then the erasure is scheduled 48 hours later and is not relayed before", async () => {
    const shop = "scheduled.myshopify.com";
    const now = new Date();
    const { erasureOutboxId } = await recordUninstallation({ db: db(), shop, now });
    const message = await db().outboxMessage.findUniqueOrThrow({ where: { id: erasureOutboxId! } });
    expect(message.availableAt.getTime() - now.getTime()).toBe(48 * HOUR);
    expect(await relayOnce()).toEqual({ relayed: 0, failed: 0, deadLettered: 0 });
    // A repeated delivery schedules nothing new.
    expect((await recordUninstallation({ db: db(), shop })).erasureOutboxId).toBeNull();
  });

  it("given 48 hours passed without a reinstall, then the shop is erased with a receipt", async () => {
    const shop = "gone.myshopify.com";
    await installShop(shop);
    await recordInstallation({ db: db(), shop });
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 9));
    startJobProcessing();
    await requestReaching(shop, "data_request", "completed");

    await recordUninstallation({ db: db(), shop, now: new Date(Date.now() - 49 * HOUR) });

    await expect.poll(() => db().redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "shop" } }), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => db().privacyRequest.count({ where: { shop } }), { timeout: 15_000 }).toBe(0);
    expect(await db().shop.count({ where: { domain: shop } })).toBe(0);
  });

  it("given the app was reinstalled within 48 hours, then nothing is erased", async () => {
    const shop = "came-back.myshopify.com";
    await recordInstallation({ db: db(), shop });
    await recordUninstallation({ db: db(), shop, now: new Date(Date.now() - 49 * HOUR) });
    await recordInstallation({ db: db(), shop });
    await installShop(shop);
    startJobProcessing();

    const { id } = await db().outboxMessage.findFirstOrThrow({ where: { shop } });
    const privacy = await queues().get("privacy");
    await expect.poll(async () => (await privacy.getJob(id))?.returnvalue, { timeout: 15_000 }).toEqual({ skipped: "reinstalled" });
    expect(await db().redactionReceipt.count({ where: { shopRef: shopRef(shop) } })).toBe(0);
    expect(await db().shop.count({ where: { domain: shop, uninstalledAt: null } })).toBe(1);
    expect(await db().session.count({ where: { shop, isOnline: false } })).toBe(1);
  });
});
