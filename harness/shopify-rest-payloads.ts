// Customer and order webhook bodies in Shopify's REST shapes, with distinctive personal values.

/** A customers/create or customers/update body (no tags, consent or purchase stats since 2025-01). */
export function restCustomer(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    created_at: "2025-02-03T10:00:00-05:00",
    updated_at: "2026-11-01T10:00:00-05:00",
    first_name: `Wilhelmina${id}`,
    last_name: "Thistlewood",
    state: "enabled",
    note: `Leave parcels with neighbour ${id}`,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    tax_exemptions: [],
    email: `wilhelmina.${id}@thistlewood.example`,
    phone: `+4479460${String(id).padStart(5, "0")}`,
    currency: "EUR",
    addresses: [],
    default_address: { id: 1, customer_id: id, address1: "17 Marigold Lane", address2: null, city: "Bristol", province: null, zip: "BS1 4DJ", country_code: "GB", first_name: "Wilhelmina", last_name: "Thistlewood", default: true },
    ...overrides,
  };
}

/** The personal values of restCustomer(id), as they would appear stored in plaintext. */
export function restPersonalValues(id: number): string[] {
  const customer = restCustomer(id);
  return [customer.email, customer.phone, customer.first_name, "Thistlewood", "Marigold Lane", "Leave parcels"];
}

export function restOrder(id: number, customerId: number | null, overrides: Record<string, unknown> = {}) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: "buyer.private@thistlewood.example",
    created_at: "2026-11-02T09:00:00Z",
    processed_at: "2026-11-02T09:00:00Z",
    updated_at: "2026-11-02T09:05:00Z",
    currency: "EUR",
    total_price: "59.90",
    financial_status: "paid",
    customer: customerId === null ? null : { id: customerId, email: "buyer.private@thistlewood.example", first_name: "Wilhelmina" },
    line_items: [{ id: 1, product_id: 632910392, variant_id: 808950810, title: "Engraved for Wilhelmina", sku: "IPOD", quantity: 2, price: "29.95" }],
    shipping_address: { address1: "17 Marigold Lane", city: "Bristol" },
    ...overrides,
  };
}
