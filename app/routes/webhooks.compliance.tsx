// The three mandatory compliance topics (customers/data_request, customers/redact, shop/redact):
// verified, recorded with their processing queued in one transaction, acknowledged.
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { isComplianceTopic } from "../privacy/compliance-payloads.server";
import { receiveComplianceWebhook } from "../privacy/receive-request.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";
import { deliveryOf } from "../webhooks/inbox.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  if (webhook instanceof Response) return webhook;
  const { topic, payload } = webhook;
  if (!isComplianceTopic(topic)) return Response.json({ error: `${topic} is not a compliance topic` }, { status: 400 });

  const outcome = await receiveComplianceWebhook({ db: db(), delivery: deliveryOf(webhook, topic), payload });
  if (outcome.outcome === "invalid") return Response.json({ error: outcome.reason }, { status: 422 });
  if (outcome.outcome === "accepted" && outcome.outbox) relaySoon([outcome.outbox]);
  return new Response(null, { status: 200 });
};
