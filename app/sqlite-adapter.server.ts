// The SQLite driver adapter, tuned for several processes sharing one file (the web process and the
// worker both write it). libsql applies no settings of its own, so every connection opened here gets
// ours before its first statement:
// - busy_timeout: wait for another process's write lock instead of failing at once with
//   SQLITE_BUSY (libsql's default is 0, which turns every overlap into an error). The wait blocks
//   the event loop (libsql is synchronous), so locks must stay short: transactions here are.
// - secure_delete: a delete overwrites the row's bytes with zeros, so an erased person does not
//   linger in free pages of the file. The rollback journal (the default mode, kept on purpose) is
//   deleted at every commit, so no copy of the old pages outlives the transaction either.
// Two long-lived connections per client: one for single statements, one for transactions. libsql's
// own transactions hand the client's connection over and open a new one for the next use; every
// opened connection costs native memory that is not given back even once closed (about 160 KB each
// here), and every Prisma create and updateMany is a transaction: a bulk ingest of 5,000 customers
// reached 2.6 GB of RSS that way. Prisma's adapter runs one transaction at a time per client (it holds
// its lock from start to commit or rollback), so one transaction connection is enough.
// Transactions start with BEGIN IMMEDIATE: a deferred transaction that reads first and writes later
// can meet another writer and fail without waiting; taking the write lock up front makes it wait.
// A connection whose statement failed with SQLITE_BUSY may keep a stale read snapshot open, so it is
// replaced.
import { createClient, type Client, type Config, type InStatement, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 10000", "PRAGMA secure_delete = ON"];

const isBusy = (error: unknown) => /SQLITE_BUSY|database is locked/.test(String((error as Error)?.message ?? error));

/** One connection with the pragmas applied, replaced after SQLITE_BUSY. */
class ConfiguredConnection {
  #client: Client | null = null;
  constructor(private readonly open: () => Client) {}

  async use<T>(run: (client: Client) => Promise<T>): Promise<T> {
    if (!this.#client) {
      const client = this.open();
      for (const pragma of CONNECTION_PRAGMAS) await client.execute(pragma);
      this.#client = client;
    }
    try {
      return await run(this.#client);
    } catch (error) {
      if (isBusy(error)) this.close();
      throw error;
    }
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.use((client) => client.execute(stmt));
  }

  close() {
    this.#client?.close();
    this.#client = null;
  }
}

class ConfiguredConnections implements Client {
  #closed = false;
  #statements: ConfiguredConnection;
  #transactions: ConfiguredConnection;
  constructor(config: Config) {
    this.#statements = new ConfiguredConnection(() => createClient(config));
    this.#transactions = new ConfiguredConnection(() => createClient(config));
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#statements.execute(stmt);
  }

  async transaction(_mode?: TransactionMode): Promise<Transaction> {
    await this.#transactions.execute("BEGIN IMMEDIATE");
    return new ReusedConnectionTransaction(this.#transactions);
  }

  batch(stmts: Array<InStatement>, mode?: TransactionMode) {
    return this.#statements.use((client) => client.batch(stmts, mode));
  }

  executeMultiple(sql: string) {
    return this.#statements.use((client) => client.executeMultiple(sql));
  }

  async sync() {
    await this.#statements.use((client) => client.sync());
  }

  close() {
    this.#closed = true;
    this.#statements.close();
    this.#transactions.close();
  }

  get closed() {
    return this.#closed;
  }

  get protocol() {
    return "file";
  }
}

/** A transaction on the shared transaction connection; it ends with COMMIT or ROLLBACK, never a close. */
class ReusedConnectionTransaction implements Transaction {
  #closed = false;
  constructor(private readonly connection: ConfiguredConnection) {}

  execute(stmt: InStatement): Promise<ResultSet> {
    if (this.#closed) throw new Error("the transaction is closed");
    return this.connection.execute(stmt);
  }

  async batch(stmts: Array<InStatement>): Promise<ResultSet[]> {
    // A client's batch() would open a nested transaction; inside this one the statements just run.
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }

  async executeMultiple(): Promise<void> {
    throw new Error("executeMultiple is not supported inside a transaction");
  }

  async commit() {
    this.#end();
    await this.connection.execute("COMMIT");
  }

  async rollback() {
    if (this.#closed) return;
    this.#end();
    await this.connection.execute("ROLLBACK");
  }

  close() {
    void this.rollback().catch(() => this.connection.close());
  }

  #end() {
    if (this.#closed) throw new Error("the transaction is closed");
    this.#closed = true;
  }

  get closed() {
    return this.#closed;
  }
}

export class SharedFileSQLite extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return new ConfiguredConnections(config);
  }
}
