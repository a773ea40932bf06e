// The demo shop's history as the webhooks Shopify would have sent for it, built from the Online Retail
// line items: one customers/create per customer, one orders/create per invoice, email consent updates
// for some, then one data request and one redaction. The file holds no personal data; names and
// addresses are invented from the CustomerID. Every webhook id is derived from its source row, so a
// second fill is answered as a redelivery and adds nothing.
import type { LineItems } from "../../../app/personalization/line-items";

export const DEMO_SHOP = "consent-vault-demo.myshopify.com";
const DEMO_SHOP_ID = 7_700_001;

export interface DemoWebhook {
  id: string;
  topic: string;
  path: "/webhooks/sync" | "/webhooks/compliance";
  payload: unknown;
}

export interface DemoShopPlan {
  customers: DemoWebhook[];
  orders: DemoWebhook[];
  consents: DemoWebhook[];
  /** The data request and the redaction, sent once the rest has been applied. */
  requests: DemoWebhook[];
  /** What Shopify still holds once the redaction is done: the full sync's source. */
  kept: DemoCustomer[];
}

const FIRST_NAMES = ["Alba", "Bruno", "Carys", "Dario", "Elske", "Fintan", "Greta", "Hamish", "Ines", "Jorun", "Kasimir", "Liesel", "Mattis", "Noor", "Oswin", "Petra"];
const LAST_NAMES = ["Ashdown", "Brightwater", "Copperfield", "Dunmore", "Elderberry", "Fernsby", "Glenhaven", "Hollowell", "Ivywood", "Juniper", "Kestrel", "Larkspur"];
// As the REST payload spells them.
const CONSENT_STATES = ["subscribed", "unsubscribed", "subscribed", "not_subscribed"] as const;

/** Every second customer has said something about email marketing; the others never did. */
const emailMarketingState = (position: number) => (position % 2 === 0 ? CONSENT_STATES[position % CONSENT_STATES.length]! : null);

export interface DemoCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  /** The email marketing state they chose (REST spelling), or null when they never said. */
  emailMarketing: (typeof CONSENT_STATES)[number] | null;
  orders: DemoOrder[];
}

export interface DemoOrder {
  id: number;
  processedAt: string;
  lines: { product: number; quantity: number; price: number }[];
}

/** An invented person for a CustomerID (a number such as 12346): the same every run. */
function inventedCustomer(customerId: number): Omit<DemoCustomer, "orders" | "emailMarketing"> {
  const firstName = FIRST_NAMES[customerId % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[Math.floor(customerId / FIRST_NAMES.length) % LAST_NAMES.length]!;
  return { id: customerId, firstName, lastName, email: `${firstName}.${lastName}.${customerId}@demo-customers.example`.toLowerCase() };
}

/** The first `count` customers by CustomerID with every invoice of theirs, lines grouped per invoice. */
function demoCustomers(items: LineItems, count: number): DemoCustomer[] {
  const chosen = items.customerIds
    .map((id, index) => ({ id: Number(id), index }))
    .sort((a, b) => a.id - b.id)
    .slice(0, count);
  const byIndex = new Map(chosen.map(({ id, index }) => [index, { ...inventedCustomer(id), orders: new Map<number, DemoOrder>() }]));
  for (let row = 0; row < items.customer.length; row++) {
    const customer = byIndex.get(items.customer[row]!);
    if (!customer) continue;
    const invoice = Number(items.orderIds[items.order[row]!]);
    let order = customer.orders.get(invoice);
    if (!order) customer.orders.set(invoice, (order = { id: invoice, processedAt: new Date(items.time[row]!).toISOString(), lines: [] }));
    // Stock codes such as 85123A are not Shopify ids: the product's position in the file stands in.
    order.lines.push({ product: items.product[row]! + 1, quantity: items.quantity[row]!, price: items.unitPrice[row]! });
  }
  return [...byIndex.values()].map((customer, position) => ({
    ...customer,
    emailMarketing: emailMarketingState(position),
    orders: [...customer.orders.values()].sort((a, b) => a.id - b.id),
  }));
}

const money = (amount: number) => amount.toFixed(2);

/** A sync topic's webhook, its id derived from the topic and the source row's key. */
const syncWebhook = (topic: string, key: number, payload: unknown): DemoWebhook => ({ id: `demo-${topic.replaceAll(/[/_]/g, "-")}-${key}`, topic, path: "/webhooks/sync", payload });

function customerCreated(customer: DemoCustomer): DemoWebhook {
  const since = customer.orders[0]?.processedAt ?? "2010-12-01T00:00:00.000Z";
  return syncWebhook("customers/create", customer.id, {
    id: customer.id,
    admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
    created_at: since,
    updated_at: since,
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: "enabled",
    note: null,
    verified_email: true,
    email: customer.email,
    phone: null,
    currency: "GBP",
    addresses: [],
    default_address: null,
  });
}

function orderCreated(customer: DemoCustomer, order: DemoOrder): DemoWebhook {
  const total = order.lines.reduce((sum, line) => sum + line.quantity * line.price, 0);
  return syncWebhook("orders/create", order.id, {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: `#${order.id}`,
    email: customer.email,
    created_at: order.processedAt,
    processed_at: order.processedAt,
    updated_at: order.processedAt,
    currency: "GBP",
    total_price: money(total),
    financial_status: "paid",
    customer: { id: customer.id, email: customer.email, first_name: customer.firstName },
    line_items: order.lines.map((line, index) => ({ id: index + 1, product_id: line.product, variant_id: line.product, quantity: line.quantity, price: money(line.price) })),
  });
}

function emailConsentUpdated(customer: DemoCustomer & { emailMarketing: string }): DemoWebhook {
  const latest = customer.orders.at(-1)?.processedAt ?? null;
  return syncWebhook("customers_email_marketing_consent/update", customer.id, {
    customer_id: customer.id,
    email_address: customer.email,
    email_marketing_consent: { state: customer.emailMarketing, opt_in_level: "single_opt_in", consent_updated_at: latest },
  });
}

const subjectOf = (customer: DemoCustomer) => ({ id: customer.id, email: customer.email, phone: null });

/** Every webhook of a demo shop with `count` customers (at least two: one asks for data, one to be erased). */
export function planDemoShop({ items, count, shop = DEMO_SHOP }: { items: LineItems; count: number; shop?: string }): DemoShopPlan {
  const customers = demoCustomers(items, count);
  if (customers.length < 2) throw new Error("the demo shop needs at least two customers");
  const [asking, erased] = customers as [DemoCustomer, DemoCustomer];
  const orderIds = (customer: DemoCustomer) => customer.orders.map((order) => order.id);
  return {
    customers: customers.map(customerCreated),
    orders: customers.flatMap((customer) => customer.orders.map((order) => orderCreated(customer, order))),
    consents: customers.filter((customer): customer is DemoCustomer & { emailMarketing: string } => customer.emailMarketing !== null).map(emailConsentUpdated),
    requests: [
      {
        id: `demo-data-request-${asking.id}`,
        topic: "customers/data_request",
        path: "/webhooks/compliance",
        payload: { shop_id: DEMO_SHOP_ID, shop_domain: shop, customer: subjectOf(asking), orders_requested: orderIds(asking), data_request: { id: asking.id } },
      },
      {
        id: `demo-customers-redact-${erased.id}`,
        topic: "customers/redact",
        path: "/webhooks/compliance",
        payload: { shop_id: DEMO_SHOP_ID, shop_domain: shop, customer: subjectOf(erased), orders_to_redact: orderIds(erased) },
      },
    ],
    kept: customers.filter((customer) => customer !== erased),
  };
}
