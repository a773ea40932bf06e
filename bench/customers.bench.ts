// The Customers page's cost, each next to its baseline in the same run: a masked page of 25 customers
// (four fields decrypted and masked per row) against reading the same 25 rows with Prisma, and an
// exact search by email (blind index, candidates decrypted and compared) against a primary-key read.
import { Bench as TinyBench } from "tinybench";
import { listCustomers, searchCustomers } from "../app/customers/customer-search.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { sampleCustomer } from "../harness/vault";
import { withBenchVault } from "./lib/bench-vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "customers";
const SHOP = "customers-bench.myshopify.com";
const CUSTOMERS = 1_000;

export const customersBench: Bench = {
  name: NAME,
  async run() {
    return withBenchVault(async ({ db, vault }) => {
      const customers = Array.from({ length: CUSTOMERS }, (_, i) => sampleCustomer(String(i + 1)));
      for (const customer of customers) await upsertCustomer({ db, vault, shop: SHOP, customer, sourceUpdatedAt: new Date("2026-11-01T00:00:00Z") });
      const searched = customers[CUSTOMERS / 2]!;
      const bench = new TinyBench({ time: 2_000, warmupTime: 300 });
      bench
        .add("prisma page", () => db.customer.findMany({ where: { shop: SHOP }, orderBy: [{ createdAt: "desc" }, { customerId: "asc" }], take: 26 }))
        .add("masked page", () => listCustomers({ db, vault, shop: SHOP, page: 1 }))
        .add("prisma by id", () => db.customer.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: searched.id } } }))
        .add("search by email", () => searchCustomers({ db, vault, shop: SHOP, query: searched.email! }));
      await bench.run();
      const perSecond = (name: string) => bench.getTask(name)?.result?.throughput.mean ?? NaN;
      const rows: BenchRow[] = [];
      for (const [baseline, subject, baselineLabel, subjectLabel] of [
        ["prisma page", "masked page", "Prisma read of 25 customer rows (baseline)", "masked page of 25 customers (listCustomers)"],
        ["prisma by id", "search by email", "Prisma read of one customer by id (baseline)", "exact email search, masked (searchCustomers)"],
      ] as const) {
        rows.push(
          { bench: NAME, subject: baselineLabel, metric: "ops/s", value: perSecond(baseline).toFixed(0) },
          { bench: NAME, subject: subjectLabel, metric: "ops/s", value: perSecond(subject).toFixed(0), vsBaseline: ratio(perSecond(subject), perSecond(baseline)) },
        );
      }
      return rows;
    });
  },
};
