// Starting and reading bulk query operations, and the query texts the sync runs. A bulk query allows
// at most five connections nested at most two levels deep, so customers → orders → lineItems (three
// levels) cannot be one query: line items come from a second query, orders → lineItems.
import { z } from "zod";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { AdminApiError } from "./admin-api-error.server";

/** Customers with their orders; one JSONL line per customer, then its orders (with `__parentId`). */
export const CUSTOMERS_WITH_ORDERS_BULK_QUERY = `{
  customers {
    edges {
      node {
        id
        legacyResourceId
        firstName
        lastName
        defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }
        defaultPhoneNumber { phoneNumber marketingState marketingUpdatedAt }
        defaultAddress { address1 address2 city province zip countryCodeV2 }
        note
        state
        createdAt
        updatedAt
        numberOfOrders
        amountSpent { amount currencyCode }
        dataSaleOptOut
        orders {
          edges {
            node {
              id
              legacyResourceId
              processedAt
              updatedAt
              totalPriceSet { shopMoney { amount currencyCode } }
              displayFinancialStatus
            }
          }
        }
      }
    }
  }
}`;

/** Orders (with their customer's id) and their line items: the third level the query above cannot hold. */
export const ORDER_LINE_ITEMS_BULK_QUERY = `{
  orders {
    edges {
      node {
        id
        legacyResourceId
        customer { id }
        lineItems {
          edges {
            node {
              id
              quantity
              product { id }
              variant { id }
              originalUnitPriceSet { shopMoney { amount currencyCode } }
            }
          }
        }
      }
    }
  }
}`;

const bulkOperationStatus = z.enum(["CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED", "EXPIRED"]);
const unsignedInt64 = z.string().regex(/^\d+$/).transform(Number);

const bulkOperationSchema = z.object({
  id: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: bulkOperationStatus,
  errorCode: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  objectCount: unsignedInt64,
  rootObjectCount: unsignedInt64,
  fileSize: unsignedInt64.nullable(),
  url: z.url().nullable(),
  partialDataUrl: z.url().nullable(),
});

export type BulkOperation = z.infer<typeof bulkOperationSchema>;
export type BulkOperationStatus = z.infer<typeof bulkOperationStatus>;

const RUN_QUERY_MUTATION = `mutation RunBulkQuery($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

const runQueryData = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: bulkOperationStatus }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
  }),
});

/** Shopify refused to start the operation (`userErrors`). */
export class BulkOperationRejectedError extends Error {
  constructor(
    /** OPERATION_IN_PROGRESS and LIMIT_REACHED: retry later; INVALID: the query itself is wrong. */
    readonly code: "OPERATION_IN_PROGRESS" | "LIMIT_REACHED" | "INVALID" | "UNKNOWN",
    message: string,
  ) {
    super(message);
    this.name = "BulkOperationRejectedError";
  }

  get retryable(): boolean {
    return this.code === "OPERATION_IN_PROGRESS" || this.code === "LIMIT_REACHED";
  }
}

const KNOWN_USER_ERROR_CODES = ["OPERATION_IN_PROGRESS", "LIMIT_REACHED", "INVALID"] as const;

export async function startBulkQuery(options: { client: AdminGraphqlClient; query: string }) {
  const { data } = await options.client.request({ query: RUN_QUERY_MUTATION, variables: { query: options.query }, data: runQueryData });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  const [first] = userErrors;
  if (first) {
    const code = KNOWN_USER_ERROR_CODES.find((known) => known === first.code) ?? "UNKNOWN";
    throw new BulkOperationRejectedError(code, userErrors.map((error) => error.message).join("; "));
  }
  if (!bulkOperation) throw new AdminApiError({ code: "INVALID_RESPONSE", message: "bulkOperationRunQuery returned no operation and no userErrors" });
  return bulkOperation;
}

const BULK_OPERATION_QUERY = `query BulkOperation($id: ID!) {
  bulkOperation(id: $id) {
    id status errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl
  }
}`;

/** The operation's current state; `url` is set once COMPLETED, `partialDataUrl` when FAILED with some data. */
export async function fetchBulkOperation(options: { client: AdminGraphqlClient; id: string }): Promise<BulkOperation> {
  const { data } = await options.client.request({
    query: BULK_OPERATION_QUERY,
    variables: { id: options.id },
    data: z.object({ bulkOperation: bulkOperationSchema.nullable() }),
  });
  if (!data.bulkOperation) throw new AdminApiError({ code: "NOT_FOUND", message: `No bulk operation ${options.id}` });
  return data.bulkOperation;
}
