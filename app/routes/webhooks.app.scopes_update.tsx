import type { ActionFunctionArgs } from "@remix-run/node";
import { shopDb } from "../db.server";
import { updateGrantedScopes } from "../sessions/scopes.server";
import { parseScopesUpdatePayload } from "../webhooks/app-topics.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request, { topics: ["APP_SCOPES_UPDATE"], untimely: "refuse" });
  if (webhook instanceof Response) return webhook;
  const parsed = parseScopesUpdatePayload(webhook.payload);
  if (!parsed.success) return Response.json({ error: parsed.reason }, { status: 422 });
  await updateGrantedScopes({ db: shopDb(webhook.delivery.shop), shop: webhook.delivery.shop, scopes: parsed.data.scopes });
  return new Response();
};
