// The app's lifecycle webhooks as Shopify sends them, delivered to their real routes.
import { action as scopesUpdate } from "../../app/routes/webhooks.app.scopes_update";
import { action as uninstalled } from "../../app/routes/webhooks.app.uninstalled";
import { respond, webhookRequest } from "./shopify";

type Extra = Partial<Parameters<typeof webhookRequest>[0]>;

/** app/uninstalled carries the shop object (abridged; Shopify sends many more fields). */
export const uninstalledPayload = (shop: string) => ({
  id: 548380009,
  name: "Super Toys",
  domain: null,
  myshopify_domain: shop,
  plan_name: "basic",
  created_at: "2024-01-10T11:00:00-05:00",
  updated_at: "2026-10-01T11:00:00-05:00",
});

export const scopesUpdatePayload = (current: string[], previous = ["read_customers"]) => ({
  id: 1,
  shop_id: "gid://shopify/Shop/548380009",
  previous,
  current,
  updated_at: "2026-10-01T00:00:00.000Z",
});

export function deliverUninstalled(shop: string, { body = uninstalledPayload(shop), ...extra }: Extra = {}) {
  const request = webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop, body, ...extra });
  return respond(() => uninstalled({ request, params: {}, context: {} }));
}

export function deliverScopesUpdate(shop: string, { body = scopesUpdatePayload(["read_customers", "read_orders"]), ...extra }: Extra = {}) {
  const request = webhookRequest({ path: "/webhooks/app/scopes_update", topic: "app/scopes_update", shop, body, ...extra });
  return respond(() => scopesUpdate({ request, params: {}, context: {} }));
}
