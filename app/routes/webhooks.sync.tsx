// Customer, order and bulk-operation webhooks for the sync: verified, validated, recorded with their
// processing queued in one transaction, acknowledged.
import type { ActionFunctionArgs } from "@remix-run/node";
import { shopDb } from "../db.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { receiveSyncWebhook } from "../sync/receive-sync-webhook.server";
import { SYNC_TOPICS } from "../sync/webhook-payloads.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request, { topics: SYNC_TOPICS, untimely: "refuse" });
  if (webhook instanceof Response) return webhook;

  const outcome = await receiveSyncWebhook({ db: shopDb(webhook.delivery.shop), delivery: webhook.delivery, payload: webhook.payload });
  if (outcome.outcome === "invalid") return Response.json({ error: outcome.reason }, { status: 422 });
  if (outcome.outcome === "accepted") relaySoon([outcome.outbox]);
  return new Response(null, { status: 200 });
};
