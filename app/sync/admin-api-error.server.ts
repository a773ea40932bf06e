// The one error type the sync plumbing throws for Admin API failures, so callers (job handlers) can
// decide on retry or give-up by code instead of parsing messages.
export type AdminApiErrorCode =
  /** Still throttled after the allowed retries; retry the job later. */
  | "THROTTLED"
  /** 5xx after the allowed retries. */
  | "SERVER_ERROR"
  /** A non-retryable HTTP status (401 token revoked, 402 shop frozen, 403, 404 shop gone, …). */
  | "HTTP_ERROR"
  /** GraphQL errors that are not protected-data field warnings; `graphqlCodes` says which. */
  | "GRAPHQL_ERROR"
  /** The request did not answer within the timeout. */
  | "TIMEOUT"
  /** The connection failed before an answer. */
  | "NETWORK_ERROR"
  /** The answer did not have the shape we asked for. */
  | "INVALID_RESPONSE"
  /** A bulk operation id that Shopify does not know. */
  | "NOT_FOUND";

export class AdminApiError extends Error {
  readonly code: AdminApiErrorCode;
  readonly status: number | undefined;
  readonly graphqlCodes: string[];

  constructor(options: { code: AdminApiErrorCode; message: string; status?: number; graphqlCodes?: string[]; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = "AdminApiError";
    this.code = options.code;
    this.status = options.status;
    this.graphqlCodes = options.graphqlCodes ?? [];
  }

  /** Worth retrying later as a whole (the client already retried within its limits). */
  get transient(): boolean {
    return ["THROTTLED", "SERVER_ERROR", "TIMEOUT", "NETWORK_ERROR"].includes(this.code);
  }
}
