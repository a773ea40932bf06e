// Streams a bulk operation's JSONL result line by line and puts children back under their parent.
// Results can be gigabytes, so nothing but the current record is held in memory. Shopify writes each
// child (a line with `__parentId`) after its parent, so a record is complete when the next parent
// starts or the file ends. Each record carries the last line it covers: an ingest that stored it can
// restart with `startAfterLine` set to that number and lose or repeat nothing.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Logger } from "pino";
import type { z } from "zod";
import { log as processLog } from "../log.server";
import { AdminApiError } from "./admin-api-error.server";
import {
  bulkCustomerOrderSchema,
  bulkCustomerSchema,
  bulkLineItemSchema,
  bulkOrderSchema,
  type BulkCustomer,
  type BulkCustomerOrder,
  type BulkLineItem,
  type BulkOrder,
} from "./bulk-records.server";

/** A line that was skipped. Never carries the line's content: it may hold personal data. */
export interface MalformedLine {
  line: number;
  reason: string;
}

export interface BulkJsonlProgress {
  /** Lines read from the start of the file, including the ones skipped by `startAfterLine`. */
  linesRead: number;
  recordsEmitted: number;
  malformedLines: number;
}

export interface BulkJsonlReadOptions {
  url: string;
  /** Lines already applied by an earlier run; 0 reads everything. */
  startAfterLine?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onMalformedLine?: (problem: MalformedLine) => void;
  log?: Logger;
}

export interface BulkJsonlReader<Record> {
  records: AsyncGenerator<Record, void, undefined>;
  progress(): BulkJsonlProgress;
}

type Parsed<Parent, Child> = { kind: "parent"; value: Parent } | { kind: "child"; value: Child } | { kind: "malformed"; reason: string };

function parseLine<Parent, Child>(text: string, parentSchema: z.ZodType<Parent>, childSchema: z.ZodType<Child>): Parsed<Parent, Child> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error, so it is not reported.
    return { kind: "malformed", reason: "not valid JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { kind: "malformed", reason: "not a JSON object" };
  if ("__parentId" in json) {
    const child = childSchema.safeParse(json);
    return child.success ? { kind: "child", value: child.data } : { kind: "malformed", reason: invalid("child", child.error) };
  }
  const parent = parentSchema.safeParse(json);
  return parent.success ? { kind: "parent", value: parent.data } : { kind: "malformed", reason: invalid("parent", parent.error) };
}

// Paths and issue codes only: zod messages can quote the rejected value.
function invalid(kind: string, error: z.ZodError): string {
  return `${kind} fails validation (${error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`).join(", ")})`;
}

/** The generic reader: `assemble` turns a parent, its children and its last line into a record. */
function readGroupedJsonl<Parent extends { id: string }, Child extends { __parentId: string }, Record>(
  options: BulkJsonlReadOptions & {
    parent: z.ZodType<Parent>;
    child: z.ZodType<Child>;
    assemble: (group: { parent: Parent; children: Child[]; line: number }) => Record;
  },
): BulkJsonlReader<Record> {
  const { url, startAfterLine = 0, fetch: doFetch = fetch, signal, onMalformedLine } = options;
  const log = (options.log ?? processLog).child({ module: "bulk-jsonl" });
  const progress: BulkJsonlProgress = { linesRead: 0, recordsEmitted: 0, malformedLines: 0 };

  const report = (problem: MalformedLine) => {
    progress.malformedLines++;
    log.warn(problem, "skipping malformed bulk result line");
    onMalformedLine?.(problem);
  };

  async function* records() {
    const response = await doFetch(url, { signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new AdminApiError({ code: "HTTP_ERROR", message: `bulk result download answered ${response.status}`, status: response.status });
    }
    const input = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    const lines = createInterface({ input, crlfDelay: Infinity });
    let current: { parent: Parent; children: Child[]; line: number } | undefined;
    try {
      for await (const text of lines) {
        const lineNumber = ++progress.linesRead;
        if (lineNumber <= startAfterLine || text.trim() === "") continue;
        const parsed = parseLine(text, options.parent, options.child);
        if (parsed.kind === "malformed") {
          report({ line: lineNumber, reason: parsed.reason });
        } else if (parsed.kind === "parent") {
          if (current) {
            progress.recordsEmitted++;
            yield options.assemble(current);
          }
          current = { parent: parsed.value, children: [], line: lineNumber };
        } else if (current?.parent.id === parsed.value.__parentId) {
          current.children.push(parsed.value);
          current.line = lineNumber;
        } else {
          report({ line: lineNumber, reason: "child line does not follow its parent" });
        }
      }
      if (current) {
        progress.recordsEmitted++;
        yield options.assemble(current);
      }
    } finally {
      // Also runs when the consumer stops early: release the connection.
      lines.close();
      input.destroy();
    }
  }

  return { records: records(), progress: () => ({ ...progress }) };
}

export interface CustomerWithOrders {
  customer: BulkCustomer;
  orders: BulkCustomerOrder[];
  /** The last line this record covers: pass it as `startAfterLine` to resume after it. */
  line: number;
}

/** Reads the result of CUSTOMERS_WITH_ORDERS_BULK_QUERY. */
export function readCustomersWithOrders(options: BulkJsonlReadOptions): BulkJsonlReader<CustomerWithOrders> {
  return readGroupedJsonl({
    ...options,
    parent: bulkCustomerSchema,
    child: bulkCustomerOrderSchema,
    assemble: ({ parent, children, line }) => ({ customer: parent, orders: children, line }),
  });
}

export interface OrderWithLineItems {
  order: BulkOrder;
  lineItems: BulkLineItem[];
  line: number;
}

/** Reads the result of ORDER_LINE_ITEMS_BULK_QUERY. */
export function readOrdersWithLineItems(options: BulkJsonlReadOptions): BulkJsonlReader<OrderWithLineItems> {
  return readGroupedJsonl({
    ...options,
    parent: bulkOrderSchema,
    child: bulkLineItemSchema,
    assemble: ({ parent, children, line }) => ({ order: parent, lineItems: children, line }),
  });
}
