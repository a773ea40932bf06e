// A customer's export as a file for staff: authenticated, scoped by shop, behind a step-up where MFA
// applies, never cached, and audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { staffActor } from "../audit/staff-actor.server";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { downloadCustomerExport } from "../privacy/export-download.server";
import { authenticate } from "../shopify.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { passStepUpGate, stepUpRefusal } from "../staff/step-up.server";

const routeParams = z.object({ id: z.uuid(), format: z.enum(["json", "csv"]) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const { id, format } = parseOrBadRequest(routeParams, params);
  const gate = await passStepUpGate({ db: shopDb(session.shop), staff: requireStaffMember(session.shop, sessionToken), operation: "export.download" });
  if (!gate.allowed) return stepUpRefusal(gate.reason);
  const file = await downloadCustomerExport({ db: shopDb(session.shop), shop: session.shop, requestId: id, format, actor: staffActor(sessionToken) });
  if (!file) return Response.json({ error: "This export does not exist or has expired." }, { status: 404 });
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
};
