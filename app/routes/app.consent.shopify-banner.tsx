// Turns off Shopify's own cookie banner for the merchant (Home's setup guide, the Consent page).
// Refused while the Consent Vault banner is not on in the live theme.
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { staffActor } from "../audit/staff-actor.server";
import { config } from "../config.server";
import { retireShopifyBanner, type RetireOutcome } from "../consent/shopify-cookie-banner.server";
import { shopDb } from "../db.server";
import { log } from "../log.server";
import { authenticate } from "../shopify.server";
import { adminPageClient } from "../sync/admin-page-client.server";

const STATUS: Record<RetireOutcome["outcome"], number> = { retired: 200, "our-banner-off": 409, failed: 502 };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const result = await retireShopifyBanner({
    db: shopDb(session.shop),
    client: adminPageClient(session),
    apiKey: config().SHOPIFY_API_KEY,
    actor: staffActor(sessionToken),
    log,
  });
  return data(result, { status: STATUS[result.outcome] });
};
