// Purchase history as the models read it: one row per order line, columns in typed arrays, ids
// replaced by dense indexes into `customerIds` / `productIds`. Parsed from the Online Retail CSV
// layout (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country).

export interface LineItems {
  customer: Int32Array;
  product: Int32Array;
  order: Int32Array;
  /** Milliseconds since the epoch. */
  time: Float64Array;
  quantity: Float64Array;
  unitPrice: Float64Array;
  customerIds: string[];
  productIds: string[];
  orderIds: string[];
}

const COLUMNS = ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID"] as const;

/**
 * Parses the CSV and keeps only real purchases by known customers: rows without a CustomerID (guest
 * checkouts), cancellations (InvoiceNo starting with "C") and Quantity ≤ 0 (returns, adjustments)
 * are dropped, the usual cleaning for this file.
 */
export function parseLineItemsCsv(text: string): LineItems {
  const rows = csvRows(text);
  const header = rows.next().value;
  if (!header) throw new Error("empty line-items CSV");
  const position = Object.fromEntries(COLUMNS.map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`line-items CSV lacks the column ${name}`);
    return [name, index];
  })) as Record<(typeof COLUMNS)[number], number>;

  const customers = new Indexer();
  const products = new Indexer();
  const orders = new Indexer();
  const columns = { customer: [] as number[], product: [] as number[], order: [] as number[], time: [] as number[], quantity: [] as number[], unitPrice: [] as number[] };
  for (const row of rows) {
    const invoice = row[position.InvoiceNo] ?? "";
    const customer = row[position.CustomerID] ?? "";
    const quantity = Number(row[position.Quantity]);
    if (customer === "" || invoice.startsWith("C") || !(quantity > 0)) continue;
    const time = Date.parse(row[position.InvoiceDate] ?? "");
    if (Number.isNaN(time)) throw new Error(`line-items CSV has an unreadable InvoiceDate in invoice ${invoice}`);
    columns.customer.push(customers.index(customer.replace(/\.0$/, "")));
    columns.product.push(products.index(row[position.StockCode] ?? ""));
    columns.order.push(orders.index(invoice));
    columns.time.push(time);
    columns.quantity.push(quantity);
    columns.unitPrice.push(Number(row[position.UnitPrice]));
  }
  return {
    customer: Int32Array.from(columns.customer),
    product: Int32Array.from(columns.product),
    order: Int32Array.from(columns.order),
    time: Float64Array.from(columns.time),
    quantity: Float64Array.from(columns.quantity),
    unitPrice: Float64Array.from(columns.unitPrice),
    customerIds: customers.ids,
    productIds: products.ids,
    orderIds: orders.ids,
  };
}

/** The rows whose time falls in [from, to). Indexes into the id lists stay the same. */
export function lineItemsBetween(items: LineItems, from: number, to: number): LineItems {
  const keep: number[] = [];
  for (let i = 0; i < items.time.length; i++) if (items.time[i]! >= from && items.time[i]! < to) keep.push(i);
  const pick = <T extends Int32Array | Float64Array>(column: T): T => column.constructor === Int32Array
    ? (Int32Array.from(keep, (i) => column[i]!) as T)
    : (Float64Array.from(keep, (i) => column[i]!) as T);
  return {
    ...items,
    customer: pick(items.customer),
    product: pick(items.product),
    order: pick(items.order),
    time: pick(items.time),
    quantity: pick(items.quantity),
    unitPrice: pick(items.unitPrice),
  };
}

class Indexer {
  readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  index(id: string): number {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, index);
    }
    return index;
  }
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
function* csvRows(text: string): Generator<string[]> {
  let row: string[] = [];
  let at = 0;
  while (at < text.length) {
    let field: string;
    if (text[at] === '"') {
      field = "";
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error("line-items CSV has an unterminated quoted field");
        field += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          from = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
    } else {
      let end = at;
      while (end < text.length && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end++;
      field = text.slice(at, end);
      at = end;
    }
    row.push(field);
    if (text[at] === ",") {
      at++;
      continue;
    }
    if (text[at] === "\r") at++;
    if (text[at] === "\n") at++;
    yield row;
    row = [];
  }
}
