// Step-up for the signed-in staff member: a TOTP or recovery code opens a short window in which
// sensitive actions (reveals, export downloads, retention and access changes) are allowed.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { shopDb } from "../db.server";
import { parseOrBadRequest } from "../http/bad-request.server";
import { authenticate } from "../shopify.server";
import { requireStaffMember } from "../staff/staff-member.server";
import { verifyStepUp } from "../staff/step-up.server";

const stepUpForm = z.object({ code: z.string().trim().min(6).max(20) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const staff = requireStaffMember(session.shop, sessionToken);
  const { code } = parseOrBadRequest(stepUpForm, Object.fromEntries(await request.formData()));
  const result = await verifyStepUp({ db: shopDb(staff.shop), staff, code });
  if (result.verified) return { verified: true as const, until: result.until.toISOString() };
  return data({ verified: false as const, failure: result.failure }, { status: result.failure === "locked" ? 429 : 403 });
};
