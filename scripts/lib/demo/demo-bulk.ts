// The demo shop's customers and orders as Shopify's bulk query results hold them: the full sync's
// CUSTOMERS_WITH_ORDERS_BULK_QUERY (each customer, then its orders with __parentId) and the line
// items' ORDER_LINE_ITEMS_BULK_QUERY (each order, then its line items). Only the customers Shopify
// still holds after the demo's redaction are in them.
import type { DemoCustomer, DemoOrder } from "./demo-webhooks";

const CURRENCY = "GBP";
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const money = (amount: number) => ({ shopMoney: { amount: amount.toFixed(2), currencyCode: CURRENCY } });
const orderTotal = (order: DemoOrder) => order.lines.reduce((sum, line) => sum + line.quantity * line.price, 0);

export function* customersWithOrdersLines(customers: DemoCustomer[]): Generator<string> {
  for (const customer of customers) {
    const since = customer.orders[0]?.processedAt ?? "2010-12-01T00:00:00.000Z";
    const latest = customer.orders.at(-1)?.processedAt ?? since;
    yield JSON.stringify({
      id: gid("Customer", customer.id),
      legacyResourceId: String(customer.id),
      firstName: customer.firstName,
      lastName: customer.lastName,
      defaultEmailAddress: {
        emailAddress: customer.email,
        marketingState: (customer.emailMarketing ?? "not_subscribed").toUpperCase(),
        marketingUpdatedAt: customer.emailMarketing ? latest : null,
      },
      defaultPhoneNumber: null,
      defaultAddress: null,
      note: null,
      state: "ENABLED",
      createdAt: since,
      updatedAt: latest,
      numberOfOrders: String(customer.orders.length),
      amountSpent: money(customer.orders.reduce((sum, order) => sum + orderTotal(order), 0)).shopMoney,
      dataSaleOptOut: false,
    });
    for (const order of customer.orders) {
      yield JSON.stringify({
        id: gid("Order", order.id),
        legacyResourceId: String(order.id),
        processedAt: order.processedAt,
        updatedAt: order.processedAt,
        totalPriceSet: money(orderTotal(order)),
        displayFinancialStatus: "PAID",
        __parentId: gid("Customer", customer.id),
      });
    }
  }
}

export function* orderLineItemsLines(customers: DemoCustomer[]): Generator<string> {
  for (const customer of customers) {
    for (const order of customer.orders) {
      yield JSON.stringify({ id: gid("Order", order.id), legacyResourceId: String(order.id), customer: { id: gid("Customer", customer.id) } });
      for (const [index, line] of order.lines.entries()) {
        yield JSON.stringify({
          id: gid("LineItem", order.id * 1000 + index + 1),
          quantity: line.quantity,
          product: { id: gid("Product", line.product) },
          variant: { id: gid("ProductVariant", line.product) },
          originalUnitPriceSet: money(line.price),
          __parentId: gid("Order", order.id),
        });
      }
    }
  }
}
