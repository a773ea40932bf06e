import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { recordUninstallation } from "../shops/installation.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  if (webhook instanceof Response) return webhook;
  await recordUninstallation({ db: db(), shop: webhook.shop });
  return new Response();
};
