// Shopify's side of the demo shop, answered on this machine: the app `npm run demo` starts calls it as
// its Admin API origin (SHOPIFY_ADMIN_API_ORIGIN), so what the admin asks Shopify gets answers in
// Shopify's documented shapes. The live theme has the banner embed on; Shopify's own cookie banner
// shows until the merchant turns it off; "Sync now" runs a bulk operation whose finish webhook
// arrives signed and whose result file holds the demo's customers and orders; write-backs succeed.
import { adminApiFixture, startAdminApiServer, type ScriptedAnswer } from "../../../harness/admin-api-server";
import { customersWithOrdersLines, orderLineItemsLines } from "./demo-bulk";
import type { DemoCustomer } from "./demo-webhooks";
import { sendWebhook } from "./send-webhook";

// Long enough for the app to have stored the operation as running before it hears that it finished.
const BULK_RUN_MS = 1500;

export interface DemoShopify {
  url: string;
  close(): Promise<void>;
}

const fixture = (name: string): ScriptedAnswer => ({ body: adminApiFixture(name) });

export async function startDemoShopify({ appUrl, secret, shop, customers }: { appUrl: string; secret: string; shop: string; customers: DemoCustomer[] }): Promise<DemoShopify> {
  const server = await startAdminApiServer();
  const customerFile = server.serveJsonl("demo-customers-with-orders", () => customersWithOrdersLines(customers));
  const lineItemFile = server.serveJsonl("demo-order-line-items", () => orderLineItemsLines(customers));
  const operations = new Map<string, { url: string; createdAt: string; completedAt: string | null }>();
  let shopifyBannerOn = true;
  const finishTimers = new Set<NodeJS.Timeout>();

  server.answerOperation("ShopDetails", { body: { data: { shop: { ianaTimezone: "Europe/London" } } } });
  server.answerOperation("ConsentBannerEmbedStatus", fixture("main-theme-embed-enabled"));
  server.answerOperation("ShopifyCookieBanner", () => fixture(shopifyBannerOn ? "privacy-settings-banner-on" : "privacy-settings-banner-off"));
  server.answerOperation("RetireShopifyCookieBanner", () => {
    shopifyBannerOn = false;
    return fixture("privacy-features-disable");
  });
  server.answerOperation("TrackerRulesOwner", fixture("current-app-installation"));
  server.answerOperation("TrackerRulesSet", fixture("tracker-rules-metafields-set"));
  server.answerOperation("PersonalizationMetafieldsSet", fixture("metafields-set"));
  server.answerOperation("PersonalizationMetafieldsDelete", fixture("metafields-delete"));
  server.answerOperation("RequestErasure", ({ customerId }) => ({ body: { data: { customerRequestDataErasure: { customerId, userErrors: [] } } } }));
  server.answerOperation("RunBulkQuery", ({ query }) => {
    const id = `gid://shopify/BulkOperation/${900_000 + operations.size}`;
    const url = String(query).includes("lineItems") ? lineItemFile : customerFile;
    const operation = { url, createdAt: new Date().toISOString(), completedAt: null as string | null };
    operations.set(id, operation);
    const timer = setTimeout(() => {
      finishTimers.delete(timer);
      operation.completedAt = new Date().toISOString();
      const payload = { admin_graphql_api_id: id, completed_at: operation.completedAt, created_at: operation.createdAt, error_code: null, status: "completed", type: "query" };
      const webhook = { id: `demo-bulk-finish-${id.split("/").at(-1)}`, topic: "bulk_operations/finish", path: "/webhooks/sync" as const, payload };
      sendWebhook({ appUrl, secret, shop, webhook }).catch((error: unknown) => console.error(`[demo] the bulk operation's finish webhook failed: ${String(error)}`));
    }, BULK_RUN_MS);
    finishTimers.add(timer);
    return { body: { data: { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } } } };
  });
  server.answerOperation("BulkOperation", ({ id }) => {
    const operation = operations.get(String(id));
    if (!operation) return { body: { data: { bulkOperation: null } } };
    const done = operation.completedAt !== null;
    return {
      body: {
        data: {
          bulkOperation: {
            id,
            status: done ? "COMPLETED" : "RUNNING",
            errorCode: null,
            createdAt: operation.createdAt,
            completedAt: operation.completedAt,
            objectCount: "0",
            rootObjectCount: "0",
            fileSize: null,
            url: done ? operation.url : null,
            partialDataUrl: null,
          },
        },
      },
    };
  });

  return {
    url: server.url,
    async close() {
      for (const timer of finishTimers) clearTimeout(timer);
      await server.close();
    },
  };
}
