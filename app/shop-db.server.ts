// Database access scoped to one shop, enforced by PostgreSQL's row-level security
// (docs/decisions/016-row-level-security.md). The client connects as consent_vault_app, whose
// policies show and accept only rows whose `shop` equals the transaction's `app.shop` setting; every
// transaction this client runs sets it first, with `set_config(…, true)` (SET LOCAL), so the setting
// ends with the transaction and can never leak to another shop's work on the same pooled connection.
// A query that forgets its `where: { shop }` then still sees nothing of another shop.
import type { Db } from "./db.server";

/** The role shop-scoped work runs as; the migrations create it (prisma/postgresql/migrations). */
export const APP_ROLE = "consent_vault_app";

// What Prisma hands a query extension besides the documented fields: whether the operation already
// runs inside a transaction (batch or interactive), which then set app.shop itself.
interface OperationParams {
  args: unknown;
  query(args: unknown): Promise<unknown>;
  __internalParams?: { transaction?: unknown };
}

type TransactionCallback = (tx: unknown) => Promise<unknown>;

/** `appRoleDb` scoped to `shop`: each operation outside a transaction runs in one that sets the shop. */
export function scopeToShop(appRoleDb: Db, shop: string): Db {
  const setShop = () => appRoleDb.$executeRaw`SELECT set_config('app.shop', ${shop}, true)`;
  return appRoleDb.$extends({
    client: {
      async $transaction(work: TransactionCallback | Promise<unknown>[], options?: Record<string, unknown>) {
        if (typeof work === "function") {
          return appRoleDb.$transaction(async (tx) => {
            await tx.$executeRaw`SELECT set_config('app.shop', ${shop}, true)`;
            return work(tx);
          }, options);
        }
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the operations' own result types pass through
        const [, ...results] = await appRoleDb.$transaction([setShop(), ...(work as any[])], options);
        return results;
      },
    },
    query: {
      async $allOperations(params) {
        const { args, query, __internalParams } = params as unknown as OperationParams;
        if (__internalParams?.transaction) return query(args);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one operation of any model
        const [, result] = await appRoleDb.$transaction([setShop(), query(args) as any]);
        return result;
      },
    },
  }) as unknown as Db;
}
