// A synthetic shop's order history at scale: customers with a favourite category, Zipf-like product
// popularity inside categories, 1–5 lines per order, spread over a year.
import type { LineItems } from "../app/personalization/line-items";
import { seededRandom } from "../app/personalization/prng";

export interface SyntheticShopOptions {
  products: number;
  orders: number;
  customers: number;
  categories: number;
  seed: number;
}

const YEAR_MS = 365 * 86_400_000;

export function syntheticShop({ products, orders, customers, categories, seed }: SyntheticShopOptions): LineItems {
  const random = seededRandom(seed);
  const perCategory = Math.floor(products / categories);
  // Zipf-like within a category: index ⌊n · u²⌋ favours the first products.
  const pick = (category: number) => category * perCategory + Math.floor(perCategory * random() ** 2);
  const favourite = Int32Array.from({ length: customers }, () => Math.floor(categories * random() ** 1.5));
  const lines = { customer: [] as number[], order: [] as number[], product: [] as number[], time: [] as number[] };
  for (let order = 0; order < orders; order++) {
    const customer = Math.floor(customers * random() ** 1.3);
    const time = Date.UTC(2024, 0, 1) + random() * YEAR_MS;
    const count = 1 + Math.floor(random() * 5);
    for (let line = 0; line < count; line++) {
      const category = random() < 0.7 ? favourite[customer]! : Math.floor(categories * random());
      lines.customer.push(customer);
      lines.order.push(order);
      lines.product.push(pick(category));
      lines.time.push(time);
    }
  }
  const n = lines.customer.length;
  return {
    customer: Int32Array.from(lines.customer),
    order: Int32Array.from(lines.order),
    product: Int32Array.from(lines.product),
    time: Float64Array.from(lines.time),
    quantity: new Float64Array(n).fill(1),
    unitPrice: Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 50)),
    customerIds: Array.from({ length: customers }, (_, i) => String(i + 1)),
    productIds: Array.from({ length: products }, (_, i) => `P${i}`),
    orderIds: Array.from({ length: orders }, (_, i) => String(i + 1)),
  };
}
