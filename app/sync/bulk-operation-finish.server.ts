// The bulk_operations/finish webhook says an operation ended (completed, failed or canceled) but not
// where its result is: the download URL has to be fetched from the Admin API.
import { z } from "zod";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { fetchBulkOperation, type BulkOperation } from "./bulk-operation.server";

/** The webhook body. Unlike the GraphQL enums, `status`, `type` and `error_code` are lowercase here. */
export const bulkOperationFinishPayloadSchema = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
  completed_at: z.string().nullable(),
  created_at: z.string(),
  // Known codes are access_denied, internal_server_error and timeout; a new one must not lose the event.
  error_code: z.string().nullable(),
  // The webhook fires for completed, failed and canceled; the other statuses are accepted for the same reason.
  status: z.enum(["completed", "failed", "canceled", "canceling", "created", "running", "expired"]),
  type: z.enum(["query", "mutation"]),
});

export type BulkOperationFinishPayload = z.infer<typeof bulkOperationFinishPayloadSchema>;

export type FinishedBulkOperation = Pick<BulkOperation, "id" | "status" | "errorCode" | "url" | "partialDataUrl" | "objectCount" | "rootObjectCount">;

/** Validates the webhook body and looks up where the operation's (possibly partial) result is. */
export async function fetchFinishedBulkOperation(options: { client: AdminGraphqlClient; payload: unknown }): Promise<FinishedBulkOperation> {
  const payload = bulkOperationFinishPayloadSchema.parse(options.payload);
  const { id, status, errorCode, url, partialDataUrl, objectCount, rootObjectCount } = await fetchBulkOperation({
    client: options.client,
    id: payload.admin_graphql_api_id,
  });
  return { id, status, errorCode, url, partialDataUrl, objectCount, rootObjectCount };
}
