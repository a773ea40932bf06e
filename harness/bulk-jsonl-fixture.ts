// Deterministic, made-up bulk results of any size, in the exact line shapes of
// CUSTOMERS_WITH_ORDERS_BULK_QUERY. Emails and phone numbers look real (the redaction patterns must
// catch them) but belong to example domains and the 555 range.
const FIRST_NAMES = ["Ada", "Bob", "Chioma", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jun"];
const LAST_NAMES = ["Lovelace", "Norman", "Okafor", "Petrov", "Yilmaz", "Haddad", "Novak", "Sato", "Horvat", "Chen"];
const CITIES = ["Louisville", "Lisboa", "Ottawa", "Lagos", "Izmir", "Osaka"];
const MARKETING_STATES = ["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"];
const FINANCIAL_STATUSES = ["PAID", "PENDING", "REFUNDED", "PARTIALLY_REFUNDED"];

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

export function fakeCustomer(index: number) {
  const id = 1_000_000 + index;
  const first = pick(FIRST_NAMES, index);
  const last = pick(LAST_NAMES, Math.floor(index / FIRST_NAMES.length));
  return {
    id: `gid://shopify/Customer/${id}`,
    legacyResourceId: String(id),
    firstName: first,
    lastName: last,
    defaultEmailAddress: { emailAddress: `${first}.${last}.${index}@example.com`.toLowerCase(), marketingState: pick(MARKETING_STATES, index) },
    defaultPhoneNumber: { phoneNumber: `+1613555${String(index % 10_000).padStart(4, "0")}`, marketingState: pick(MARKETING_STATES, index + 1) },
    defaultAddress: {
      address1: `${(index % 200) + 1} Chestnut Street`,
      address2: null,
      city: pick(CITIES, index),
      province: null,
      zip: String(10_000 + (index % 90_000)),
      countryCodeV2: "US",
    },
    note: index % 7 === 0 ? `Prefers calls at +1 613 555 ${String(index % 10_000).padStart(4, "0")}` : null,
    state: "ENABLED",
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2026-09-01T00:00:00Z",
    numberOfOrders: "0",
    amountSpent: { amount: "0.0", currencyCode: "USD" },
    dataSaleOptOut: index % 11 === 0,
  };
}

export function fakeOrder(customerIndex: number, orderIndex: number) {
  const id = 5_000_000 + customerIndex * 100 + orderIndex;
  return {
    id: `gid://shopify/Order/${id}`,
    legacyResourceId: String(id),
    processedAt: "2026-03-01T12:00:00Z",
    updatedAt: "2026-03-02T12:00:00Z",
    totalPriceSet: { shopMoney: { amount: `${(customerIndex % 90) + 10}.${orderIndex % 10}0`, currencyCode: "USD" } },
    displayFinancialStatus: pick(FINANCIAL_STATUSES, customerIndex + orderIndex),
    __parentId: `gid://shopify/Customer/${1_000_000 + customerIndex}`,
  };
}

/** JSONL lines (without newline): each customer followed by its orders, as Shopify writes them. */
export function* customersWithOrdersLines(options: { customers: number; ordersPerCustomer: number }): Generator<string> {
  for (let customer = 0; customer < options.customers; customer++) {
    const numberOfOrders = String(options.ordersPerCustomer);
    yield JSON.stringify({ ...fakeCustomer(customer), numberOfOrders });
    for (let order = 0; order < options.ordersPerCustomer; order++) yield JSON.stringify(fakeOrder(customer, order));
  }
}
