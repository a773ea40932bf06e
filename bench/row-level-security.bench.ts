// What row-level security costs (docs/decisions/016-row-level-security.md), on PostgreSQL, each
// operation through the owner's client (no policies, the baseline) and through the shop-scoped client
// (app role, app.shop set per transaction) in the same run: a customer's vault write as the sync job
// makes it, and a customer read. The webhook acknowledgements append to the inbox through the driver,
// into a table without customer data, so row-level security costs them nothing.
import { Bench as TinyBench } from "tinybench";
import { createDb } from "../app/db.server";
import { APP_ROLE, scopeToShop } from "../app/shop-db.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";
import { sampleCustomer } from "../harness/vault";
import { withBenchVault } from "./lib/bench-vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "row-level security";
const SHOP = "rls-bench.myshopify.com";
const POSTGRES_URL = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/test";
const CUSTOMERS = 500;

export const rowLevelSecurityBench: Bench = {
  name: NAME,
  async run() {
    return withBenchVault(async ({ db: owner, vault, target }) => {
      const appRole = createDb(target, { role: APP_ROLE });
      const scoped = scopeToShop(appRole, SHOP);
      try {
        const synced = new Date("2026-11-01T00:00:00Z");
        for (let i = 1; i <= CUSTOMERS; i++) await upsertCustomer({ db: owner, vault, shop: SHOP, customer: sampleCustomer(String(i)), sourceUpdatedAt: synced });
        let writes = 0;
        let customer = 0;
        const write = (db: typeof owner) => () => {
          customer = (customer % CUSTOMERS) + 1;
          return upsertCustomer({ db, vault, shop: SHOP, customer: sampleCustomer(String(customer), { note: `n${++writes}` }), sourceUpdatedAt: new Date(synced.getTime() + writes) });
        };
        const read = (db: typeof owner) => () => {
          customer = (customer % CUSTOMERS) + 1;
          return readCustomer({ db, vault, shop: SHOP, customerId: String(customer) });
        };
        const bench = new TinyBench({ time: 2_000, warmupTime: 300 });
        for (const [label, operation] of [
          ["customer vault write", write],
          ["customer read", read],
        ] as const) {
          bench.add(`${label} owner`, operation(owner)).add(`${label} scoped`, operation(scoped));
        }
        await bench.run();
        for (const task of bench.tasks) if (task.result?.error) throw task.result.error;
        const perSecond = (name: string) => bench.getTask(name)?.result?.throughput.mean ?? NaN;
        const rows: BenchRow[] = [];
        for (const label of ["customer vault write", "customer read"]) {
          const without = perSecond(`${label} owner`);
          const withRls = perSecond(`${label} scoped`);
          rows.push(
            { bench: NAME, subject: `${label}, without row-level security (baseline)`, metric: "ops/s", value: without.toFixed(0) },
            { bench: NAME, subject: `${label}, shop-scoped under row-level security`, metric: "ops/s", value: withRls.toFixed(0), vsBaseline: ratio(withRls, without) },
          );
        }
        return rows;
      } finally {
        await appRole.$disconnect();
      }
    }, { databaseUrl: POSTGRES_URL });
  },
};
