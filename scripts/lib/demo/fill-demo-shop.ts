// Fills the demo shop in a running app as Shopify would: the install stores an offline session and the
// Shop row (what OAuth's afterAuth does), then the shop's history arrives as HMAC-signed webhooks at
// the real routes. The compliance requests are sent once the customers and orders have been applied,
// so the data request finds them and the redaction has something to erase.
import type { Writable } from "node:stream";
import { Session } from "@shopify/shopify-api";
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { config } from "../../../app/config.server";
import { db } from "../../../app/db.server";
import type { LineItems } from "../../../app/personalization/line-items";
import { processPrivacyRequestJob } from "../../../app/privacy/jobs.server";
import { recordInstallation } from "../../../app/shops/installation.server";
import { sessionStorage } from "../../../app/shopify.server";
import { applySyncWebhookJob } from "../../../app/sync/jobs.server";
import { planDemoShop, type DemoWebhook } from "./demo-webhooks";
import { sendWebhook } from "./send-webhook";
import { progressBar } from "./progress-bar";

// Enough requests in flight to keep the web process busy without queueing on it.
const CONCURRENCY = 8;
const SETTLE_TIMEOUT_MS = 120_000;

/**
 * The sessions the install would have stored: the shop's offline session and the online session of
 * the staff member the demo admin's session tokens name (Shopify's test user). Their tokens are never
 * sent anywhere real; the online one does not expire, so a long demo never needs a token exchange.
 */
async function installDemoShop(shop: string) {
  const scope = config().SCOPES.join(",");
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "demo", isOnline: false, scope, accessToken: "demo-offline-access-token" }));
  await sessionStorage.storeSession(
    new Session({
      id: `${shop}_${USER_ID}`,
      shop,
      state: "demo",
      isOnline: true,
      scope,
      accessToken: "demo-online-access-token",
      onlineAccessInfo: {
        expires_in: 86_399,
        associated_user_scope: scope,
        associated_user: { id: USER_ID, first_name: "Demo", last_name: "Merchant", email: "merchant@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
      },
    }),
  );
  await recordInstallation({ db: db(), shop });
}

async function sendAll({ appUrl, secret, shop, webhooks, label, out }: { appUrl: string; secret: string; shop: string; webhooks: DemoWebhook[]; label: string; out: Writable }) {
  const bar = progressBar({ label, total: webhooks.length, out });
  let next = 0;
  const lane = async () => {
    while (next < webhooks.length) {
      const webhook = webhooks[next++]!;
      await sendWebhook({ appUrl, secret, shop, webhook });
      bar.tick();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  bar.finish();
}

/**
 * Waits until the workers have derived every delivery and finished the given jobs for the shop. Only
 * jobs that run once per outbox row are waited for: follow-ups such as rescoring are collapsed per
 * customer and need not have finished for the demo to be seen.
 */
async function waitForJobs(shop: string, job: string) {
  const giveUpAt = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const [pendingDeliveries, unfinishedJobs] = await Promise.all([
      db().webhookDelivery.count({ where: { shop, pendingEffects: true } }),
      db().outboxMessage.count({ where: { shop, job, finishedAt: null, deadAt: null, availableAt: { lte: new Date() } } }),
    ]);
    if (pendingDeliveries === 0 && unfinishedJobs === 0) return;
    if (Date.now() > giveUpAt) throw new Error(`the app's workers did not finish the demo shop's ${job} jobs within ${SETTLE_TIMEOUT_MS / 1000} s: is the worker running?`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface DemoFill {
  customers: number;
  orders: number;
  consents: number;
  requests: number;
  elapsedMs: number;
}

export async function fillDemoShop({
  appUrl,
  secret,
  shop,
  items,
  count,
  out = process.stdout,
}: {
  appUrl: string;
  secret: string;
  shop: string;
  items: LineItems;
  count: number;
  out?: Writable;
}): Promise<DemoFill> {
  const startedAt = Date.now();
  const plan = planDemoShop({ items, count, shop });
  await installDemoShop(shop);
  const send = (webhooks: DemoWebhook[], label: string) => sendAll({ appUrl, secret, shop, webhooks, label, out });
  await send(plan.customers, "customers");
  await send(plan.orders, "orders");
  await send(plan.consents, "consent updates");
  await waitForJobs(shop, applySyncWebhookJob.name);
  await send(plan.requests, "privacy requests");
  await waitForJobs(shop, processPrivacyRequestJob.name);
  return { customers: plan.customers.length, orders: plan.orders.length, consents: plan.consents.length, requests: plan.requests.length, elapsedMs: Date.now() - startedAt };
}
