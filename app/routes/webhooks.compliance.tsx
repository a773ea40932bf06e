// The three mandatory compliance topics (customers/data_request, customers/redact, shop/redact):
// verified, recorded with their processing queued in one transaction, acknowledged.
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { COMPLIANCE_TOPICS } from "../privacy/compliance-payloads.server";
import { receiveComplianceWebhook } from "../privacy/receive-request.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  // Refusing a delivery without a current trigger time could lose a legal request: it is kept, held.
  const webhook = await authenticateWebhook(request, { topics: COMPLIANCE_TOPICS, untimely: "hold" });
  if (webhook instanceof Response) return webhook;

  const outcome = await receiveComplianceWebhook({ db: db(), ...webhook });
  if (outcome.outcome === "invalid") return Response.json({ error: outcome.reason }, { status: 422 });
  if (outcome.outcome === "accepted" && outcome.outbox) relaySoon([outcome.outbox]);
  return new Response(null, { status: 200 });
};
