// The analytics dataset (docs/decisions/021-analytics-dataset.md) as one zip for the merchant (resource
// route): for their own use or for a registered recipient with a current agreement, behind a step-up
// where MFA applies, refused before anything is produced, streamed, and audited with its format and
// recipient. Refusals carry `message` in the admin's language for the download button to show.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { startAnalyticsDownload } from "../analytics/analytics-download.server";
import { FORMAT_CHOICES, type FormatChoice } from "../analytics/export-analytics.server";
import { staffActor } from "../audit/staff-actor.server";
import { shopDb } from "../db.server";
import { parseQueryOrBadRequest } from "../http/bad-request.server";
import { resolveLocale, translator } from "../i18n/i18n";
import { requestLog } from "../log.server";
import { RecipientAgreementError } from "../recipients/recipient-agreement.server";
import { authenticate } from "../shopify.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { passStepUpGate, stepUpRefusal } from "../staff/step-up.server";

const query = z.object({
  format: z.enum(Object.keys(FORMAT_CHOICES) as [FormatChoice, ...FormatChoice[]]),
  for: z.string().min(1).max(100).optional(),
  locale: z.string().max(20).optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { format, for: recipientId, locale: asked } = parseQueryOrBadRequest(query, request);
  const locale = resolveLocale(asked);
  const t = translator(locale);
  const db = shopDb(session.shop);
  const gate = await passStepUpGate({ db, staff: requireStaffMember(session.shop, sessionToken), operation: "export.download" });
  if (!gate.allowed) return stepUpRefusal(gate.reason, t(`customer.denied.${gate.reason}`));
  try {
    const { filename, body } = await startAnalyticsDownload({ db, shop: session.shop, actor: staffActor(sessionToken), format, recipientId, locale, signal: request.signal, log: requestLog(request) });
    return new Response(body, { headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof RecipientAgreementError)) throw error;
    return Response.json({ error: error.message, code: error.code, message: t(`data.analytics.refused.${error.code}`) }, { status: error.code === "notFound" ? 404 : 422 });
  }
};
