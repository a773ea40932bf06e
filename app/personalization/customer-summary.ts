// Per-customer purchase statistics derived from line items: the inputs of RFM, clustering and the
// lifetime-value models.
import type { LineItems } from "./line-items";

const DAY_MS = 86_400_000;

export interface CustomerSummaries {
  /** Distinct orders. */
  orders: Float64Array;
  /** Sum of quantity × unit price over all lines. */
  amountSpent: Float64Array;
  /** Days from the last order to `asOf`. */
  daysSinceLastOrder: Float64Array;
  /** Days from the first order to `asOf`. */
  daysSinceFirstOrder: Float64Array;
  /** Days from the first to the last order (BG/NBD's t_x). */
  daysFirstToLastOrder: Float64Array;
}

/** One entry per customer index of `items`; customers with no lines keep zero orders. */
export function summariseCustomers(items: LineItems, asOf: number): CustomerSummaries {
  const n = items.customerIds.length;
  const first = new Float64Array(n).fill(Infinity);
  const last = new Float64Array(n).fill(-Infinity);
  const amountSpent = new Float64Array(n);
  const orders = new Float64Array(n);
  const orderCounted = new Uint8Array(items.orderIds.length);
  for (let i = 0; i < items.customer.length; i++) {
    const c = items.customer[i]!;
    const t = items.time[i]!;
    if (t < first[c]!) first[c] = t;
    if (t > last[c]!) last[c] = t;
    amountSpent[c]! += items.quantity[i]! * items.unitPrice[i]!;
    const order = items.order[i]!;
    if (!orderCounted[order]) {
      orderCounted[order] = 1;
      orders[c]!++;
    }
  }
  const days = (from: Float64Array, to: Float64Array | number) =>
    Float64Array.from(from, (t, c) => (orders[c]! > 0 ? ((typeof to === "number" ? to : to[c]!) - t) / DAY_MS : 0));
  return {
    orders,
    amountSpent,
    daysSinceLastOrder: days(last, asOf),
    daysSinceFirstOrder: days(first, asOf),
    daysFirstToLastOrder: days(first, last),
  };
}
