// The three mandatory compliance topics (customers/data_request, customers/redact, shop/redact).
// Verified here: 401 on a bad HMAC, 400 on missing headers, 405 on anything but POST.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticate.webhook(request);
  return new Response();
};
