import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { updateGrantedScopes } from "../sessions/scopes.server";
import { authenticateWebhook } from "../webhooks/authenticate-webhook.server";

const payloadSchema = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const webhook = await authenticateWebhook(request);
  if (webhook instanceof Response) return webhook;
  const { shop, payload } = webhook;
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return Response.json({ error: "payload.current must be a list of scopes" }, { status: 422 });
  await updateGrantedScopes({ db: db(), shop, scopes: parsed.data.current });
  return new Response();
};
