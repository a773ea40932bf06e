// Customer, order and bulk-operation webhooks for the sync: verified, validated, appended to the inbox
// and acknowledged. The job that applies each is derived from its inbox row by the worker's relay
// (decision 010).
import type { ActionFunctionArgs } from "@remix-run/node";
import { shopDb } from "../db.server";
import { acknowledgeSyncWebhook } from "../sync/receive-sync-webhook.server";
import { SYNC_TOPICS } from "../sync/webhook-payloads.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";
import { inboxAppender } from "../webhooks/inbox-appender.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request, { topics: SYNC_TOPICS, untimely: "refuse" });
  if (webhook instanceof Response) return webhook;

  const outcome = await acknowledgeSyncWebhook({ append: inboxAppender().append, db: shopDb(webhook.delivery.shop), delivery: webhook.delivery, payload: webhook.payload });
  if (outcome.outcome === "invalid") return Response.json({ error: outcome.reason }, { status: 422 });
  return new Response(null, { status: 200 });
};
