// The security log (app/security/): events from the real request paths counted per installed shop,
// kind and minute with nothing of the request kept; forged shop names folded into "*"; thresholds
// that alert once, on Home and at error level; recording that stays bounded and never fails a request.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createDb, db } from "../app/db.server";
import { createSecurityLog, UNKNOWN_SHOP } from "../app/security/security-events.server";
import { processSecurityLog, recordSecurityEvent } from "../app/security/record-security-event.server";
import { action as uninstalledWebhook } from "../app/routes/webhooks.app.uninstalled";
import { loader as home } from "../app/routes/app._index";
import { loader as settings } from "../app/routes/app.settings";
import { capturedLog, databaseMentions } from "./helpers/pii-scan";
import { newConsentId, proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { adminRequest, installShop, respond, webhookRequest } from "./helpers/shopify";

const run = promisify(execFile);
const IP = "198.51.100.77";

async function installed(shop: string) {
  await db().shop.create({ data: { domain: shop } });
  await installShop(shop);
}

async function countsOf(shop: string) {
  const rows = await db().securityEventCount.findMany({ where: { shop } });
  const totals: Record<string, number> = {};
  for (const row of rows) totals[row.kind] = (totals[row.kind] ?? 0) + row.count;
  return totals;
}

const forgedWebhook = (shop: string) =>
  respond(() =>
    uninstalledWebhook({
      request: webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop, body: { id: 1 }, hmac: "Zm9yZ2Vk", headers: { "X-Forwarded-For": IP } }),
      params: {},
      context: {},
    }),
  );

describe("security log", () => {
  it("given forged webhooks, bad session tokens and bad proxy requests, then each is counted for its installed shop, forged shop names under *, with no request data", async () => {
    const shop = "security-a.myshopify.com";
    await installed(shop);

    for (let i = 0; i < 3; i++) expect((await forgedWebhook(shop)).status).toBe(401);
    expect((await forgedWebhook("never-installed.myshopify.com")).status).toBe(401);

    const request = await adminRequest("/app/settings", shop, { form: { names: "true" } });
    const [scheme, token] = request.headers.get("authorization")!.split(" ");
    const forged = new Request(request.url, { method: "POST", headers: { authorization: `${scheme} ${token!.slice(0, -4)}AAAA` }, body: "names=true" });
    expect((await respond(() => settings({ request: forged, params: {}, context: {} }))).status).toBe(401);

    const badProxy = proxyRequest({ shop, body: receiptBody(), ip: IP, tamper: (query) => query.set("path_prefix", "/apps/other") });
    expect((await sendReceipt(badProxy)).status).toBe(400);
    const original = proxyRequest({ shop, customerId: "77", body: receiptBody(), ip: IP });
    const again = original.clone();
    expect((await sendReceipt(original)).status).toBe(204);
    expect((await sendReceipt(again)).status).toBe(409);
    const consentId = newConsentId();
    const statuses: number[] = [];
    // Twice the per-browser limit and one more: however the run falls across windows, one is over.
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 21; i++) statuses.push((await sendReceipt(proxyRequest({ shop, body: receiptBody({ consentId }), ip: IP, timestamp: now - i }))).status);
    const limited = statuses.filter((status) => status === 429).length;
    expect(limited).toBeGreaterThanOrEqual(1);

    await processSecurityLog().flush();

    expect(await countsOf(shop)).toEqual({
      "webhook.bad-signature": 3,
      "session-token.invalid": 1,
      "proxy.bad-signature": 1,
      "proxy.replayed": 1,
      "receipts.rate-limited": limited,
    });
    expect(await countsOf(UNKNOWN_SHOP)).toEqual({ "webhook.bad-signature": 1 });
    expect(await db().securityEventCount.count({ where: { shop: "never-installed.myshopify.com" } })).toBe(0);
    const row = await db().securityEventCount.findFirstOrThrow({ where: { shop } });
    expect(Object.keys(row).sort()).toEqual(["count", "kind", "minute", "shop"]);
    expect(row.minute.getUTCSeconds()).toBe(0);
    // The address the requests came from is nowhere in the database, not even truncated.
    expect(await databaseMentions([IP, "198.51.100."])).toEqual([]);
  });

  it("given events over a kind's threshold, then one error-level alert is logged and Home shows it for that shop only", async () => {
    const [shop, other] = ["security-alert.myshopify.com", "security-calm.myshopify.com"];
    for (const each of [shop, other]) await installed(each);
    const captured = capturedLog();
    const securityLog = createSecurityLog({ db: db(), log: captured.log });

    for (let i = 0; i < 19; i++) securityLog.record({ shop, kind: "webhook.bad-signature" });
    await securityLog.flush();
    expect(captured.text()).not.toContain("security alert");
    for (let i = 0; i < 10; i++) securityLog.record({ shop, kind: "webhook.bad-signature" });
    await securityLog.flush();
    securityLog.record({ shop, kind: "webhook.bad-signature" });
    securityLog.record({ shop: other, kind: "webhook.bad-signature" });
    await securityLog.stop();

    const alerts = captured.text().split("\n").filter((line) => line.includes("security alert"));
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!)).toMatchObject({ level: 50, shop, kind: "webhook.bad-signature", count: 29, windowMinutes: 10 });

    const page = await (await respond(async () => home({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json();
    expect(page.security.alerts).toEqual([{ kind: "webhook.bad-signature", count: 30, windowMinutes: 10 }]);
    expect(page.security.byDay.kinds).toEqual([{ kind: "webhook.bad-signature", perDay: [0, 0, 0, 0, 0, 0, 30] }]);
    const calm = await (await respond(async () => home({ request: await adminRequest("/app", other), params: {}, context: {} }))).json();
    expect(calm.security.alerts).toEqual([]);
  });

  it("given a flood of distinct shops, then the pending rows stay bounded and the overflow is counted under *", async () => {
    const shop = "security-flood.myshopify.com";
    await installed(shop);
    const captured = capturedLog();
    const securityLog = createSecurityLog({ db: db(), log: captured.log, maxPendingRows: 3 });
    const at = new Date(Date.UTC(2026, 10, 1, 12, 0));
    securityLog.record({ shop, kind: "proxy.replayed", at });
    for (let i = 0; i < 600; i++) securityLog.record({ shop: `forged-${i}.myshopify.com`, kind: "proxy.replayed", at });
    securityLog.record({ shop, kind: "proxy.replayed", at });
    await securityLog.stop();

    const rows = await db().securityEventCount.findMany({ where: { minute: at }, orderBy: { shop: "asc" }, select: { shop: true, count: true } });
    // Two forged names got a pending row before it was full; they and the 598 folded ones land under "*".
    expect(rows).toEqual([{ shop: UNKNOWN_SHOP, count: 600 }, { shop, count: 2 }]);
    expect(captured.text()).toContain('"folded":598');
  });

  it("given a database that cannot be reached, then recording returns at once and flushing only warns", async () => {
    const captured = capturedLog();
    const unreachable = createDb({ provider: "postgresql", url: "postgresql://postgres@127.0.0.1:1/none" });
    const securityLog = createSecurityLog({ db: unreachable, log: captured.log });

    expect(() => securityLog.record({ shop: "security-down.myshopify.com", kind: "mfa.step-up-failed" })).not.toThrow();
    await expect(securityLog.stop()).resolves.toBeUndefined();
    expect(captured.text()).toContain("security events could not be written");
    await unreachable.$disconnect();
  });

  it("given a shop key rotation from the command line, then it is counted for that shop", async () => {
    const shop = "security-rotation.myshopify.com";
    await installed(shop);
    await run(process.execPath, ["--import", "tsx", "scripts/vault-rotate-shop-key.ts", shop], { env: process.env });
    expect(await countsOf(shop)).toEqual({ "vault.key-rotated": 1 });
    recordSecurityEvent({ shop: "not a shop domain", kind: "reveal.denied" });
    await processSecurityLog().flush();
    expect(await countsOf(UNKNOWN_SHOP)).toMatchObject({ "reveal.denied": 1 });
  }, 60_000);
});
