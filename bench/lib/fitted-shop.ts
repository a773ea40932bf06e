// A shop fitted through the production app for the personalization benches: the app stack with one
// worker process, the local Admin API server in Shopify's place, consenting customers whose order
// history arrives as signed orders/create webhooks (so lines are stored under the app's own keys),
// then one fit and its write-back.
import { createDb } from "../../app/db.server";
import { databaseTarget } from "../../app/database-target.server.mjs";
import { addToOutbox } from "../../app/jobs/outbox.server";
import { fitShopJob } from "../../app/personalization/jobs.server";
import { adminApiFixture, startAdminApiServer } from "../../harness/admin-api-server";
import { startAppStack } from "./app-stack";
import { signedWebhook, withFreshWebhookId } from "../../harness/signed-webhook";

export const PRODUCTS = 120;
const ORDERS_PER_CUSTOMER = 3;

let orderId = 5_000_000;
function order(customerId: number, products: number[]) {
  const id = ++orderId;
  const now = new Date().toISOString();
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    created_at: now,
    processed_at: now,
    updated_at: now,
    currency: "EUR",
    total_price: (products.length * 19.9).toFixed(2),
    financial_status: "paid",
    customer: { id: customerId },
    line_items: products.map((product, i) => ({ id: i + 1, product_id: 7_000_000 + product, variant_id: 8_000_000 + product, title: "Item", quantity: 1, price: "19.90" })),
  };
}

const basket = (customerId: number, n: number) => [(customerId * 7 + n * 3) % PRODUCTS, (customerId * 11 + n) % PRODUCTS, (customerId + n * 13) % PRODUCTS];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFittedShop({ shop, customers }: { shop: string; customers: number }) {
  const admin = await startAdminApiServer();
  admin.answer(...Array.from({ length: 20_000 }, () => ({ body: adminApiFixture("metafields-set") })));
  const stack = await startAppStack({ workerProcesses: 1, extraEnv: { SHOPIFY_ADMIN_API_ORIGIN: admin.url } });
  const db = createDb(databaseTarget(stack.env.DATABASE_URL));
  const stop = async () => {
    await db.$disconnect();
    await stack.stop();
    await admin.close();
  };
  /** Delivers one signed orders/create; resolves with the time it was acknowledged. */
  const deliverOrder = async (customerId: number, products: number[]) => {
    const { body, headers } = signedWebhook(stack.secret, "orders/create", shop, order(customerId, products));
    // Sync topics must say when Shopify triggered them (decision 006).
    const response = await fetch(`${stack.appUrl}/webhooks/sync`, { method: "POST", body, headers: { ...withFreshWebhookId(headers), "x-shopify-triggered-at": new Date().toISOString() } });
    if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
    return Date.now();
  };
  const writtenBack = () => db.customerInsight.count({ where: { shop, writtenBackAt: { not: null } } });
  try {
    await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "shpat_bench", scope: "read_customers,read_orders,write_customers,write_products" } });
    const created = new Date("2026-01-01T00:00:00Z");
    await db.customer.createMany({
      data: Array.from({ length: customers }, (_, i) => ({ shop, customerId: String(1 + i), sourceUpdatedAt: created, createdAt: created, emailMarketingState: "SUBSCRIBED", emailMarketingUpdatedAt: created })),
    });
    for (let n = 0; n < ORDERS_PER_CUSTOMER; n++) {
      for (let c = 1; c <= customers; c += 8) await Promise.all(Array.from({ length: Math.min(8, customers - c + 1) }, (_, i) => deliverOrder(c + i, basket(c + i, n))));
    }
    while ((await db.purchaseLine.count({ where: { shop } })) < customers * ORDERS_PER_CUSTOMER * 3 * 0.9) await pause(200);
    await addToOutbox(db, { shop, job: fitShopJob, payload: { shop } });
    while ((await writtenBack()) < customers) await pause(200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { admin, db, deliverOrder, stop };
}
