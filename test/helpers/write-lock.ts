// Holds the database's write lock from outside the app, so a worker that reaches its first write
// waits there: a reliable way to catch a job in the middle.
import { createClient } from "@libsql/client";
import pg from "pg";
import { config } from "../../app/config.server";

/** On PostgreSQL only writes to `table` wait (the job's first write must go there); SQLite has one write lock. */
export async function holdWriteLock({ table = "PrivacyRequest" }: { table?: string } = {}): Promise<{ release(): Promise<void> }> {
  const target = config().database;
  if (target.provider === "sqlite") {
    const client = createClient({ url: target.url });
    const transaction = await client.transaction("write");
    return {
      async release() {
        await transaction.rollback();
        client.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  await client.query("BEGIN");
  // Blocks UPDATE/INSERT/DELETE on the table, not SELECT.
  await client.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
  return {
    async release() {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}
