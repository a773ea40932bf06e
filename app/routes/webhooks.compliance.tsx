// The three mandatory compliance topics (customers/data_request, customers/redact, shop/redact):
// verified, checked, appended to the inbox and acknowledged. The privacy request, its timeline and its
// job are derived from the inbox row by the worker's relay (decision 010).
import type { ActionFunctionArgs } from "@remix-run/node";
import { acknowledgeComplianceWebhook } from "../privacy/receive-request.server";
import { COMPLIANCE_TOPICS } from "../privacy/compliance-payloads.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";
import { inboxAppender } from "../webhooks/inbox-appender.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  // Refusing a delivery without a current trigger time could lose a legal request: it is kept, held.
  const webhook = await authenticateWebhook(request, { topics: COMPLIANCE_TOPICS, untimely: "hold" });
  if (webhook instanceof Response) return webhook;

  const outcome = await acknowledgeComplianceWebhook({ append: inboxAppender().append, ...webhook });
  if (outcome.outcome === "invalid") return Response.json({ error: outcome.reason }, { status: 422 });
  return new Response(null, { status: 200 });
};
