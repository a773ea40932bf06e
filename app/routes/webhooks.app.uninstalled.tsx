import type { ActionFunctionArgs } from "@remix-run/node";
import { shopDb } from "../db.server";
import { recordUninstallation } from "../shops/installation.server";
import { parseUninstalledPayload } from "../webhooks/app-topics.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request, { topics: ["APP_UNINSTALLED"], untimely: "refuse" });
  if (webhook instanceof Response) return webhook;
  const parsed = parseUninstalledPayload(webhook.payload, webhook.delivery.shop);
  if (!parsed.success) return Response.json({ error: parsed.reason }, { status: 422 });
  await recordUninstallation({ db: shopDb(parsed.data.shop), shop: parsed.data.shop });
  return new Response();
};
