// "Scan now" on the Consent page's Trackers section: queues a storefront scan (audited).
import type { ActionFunctionArgs } from "@remix-run/node";
import { staffActor } from "../audit/staff-actor.server";
import { shopDb } from "../db.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { authenticate } from "../shopify.server";
import { requestStorefrontScan } from "../trackers/request-scan.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  relaySoon([await requestStorefrontScan({ db: shopDb(session.shop), shop: session.shop, actor: staffActor(sessionToken) })]);
  return { queued: true };
};
