import type { Db } from "../db.server";
import { newId } from "../ids.server";

export type RequestEventKind = "received" | "requested_in_storefront" | "started" | "attempt_failed" | "export_ready" | "erased" | "completed" | "failed" | "retried" | "held" | "resumed" | "delivered" | "customer_downloaded" | "shopify_erasure_requested";

/** One line of a request's timeline. `detail` holds counts and reasons, never personal data. */
export async function recordRequestEvent(
  db: Pick<Db, "privacyRequestEvent">,
  { requestId, shop, kind, detail, at = new Date() }: { requestId: string; shop: string; kind: RequestEventKind; detail?: Record<string, unknown>; at?: Date },
) {
  await db.privacyRequestEvent.create({
    data: { id: newId(), requestId, shop, kind, at, detail: detail ? JSON.stringify(detail) : null },
  });
}
