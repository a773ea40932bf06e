import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { recordUninstallation } from "../shops/installation.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await recordUninstallation({ db: db(), shop });
  return new Response();
};
