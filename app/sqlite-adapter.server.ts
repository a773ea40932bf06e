// The SQLite driver adapter, tuned for several processes sharing one file (the web process and the
// worker both write it). libsql opens a fresh connection after every transaction and applies no
// settings of its own, so this client wrapper applies ours to each new connection before its first
// statement:
// - busy_timeout: wait for another process's write lock instead of failing at once with
//   SQLITE_BUSY (libsql's default is 0, which turns every overlap into an error). The wait blocks
//   the event loop (libsql is synchronous), so locks must stay short: transactions here are.
// - secure_delete: a delete overwrites the row's bytes with zeros, so an erased person does not
//   linger in free pages of the file. The rollback journal (the default mode, kept on purpose) is
//   deleted at every commit, so no copy of the old pages outlives the transaction either.
// Transactions start with BEGIN IMMEDIATE: a deferred transaction that reads first and writes later
// can meet another writer and fail without waiting; taking the write lock up front makes it wait.
// A connection whose statement failed with SQLITE_BUSY may keep a stale read snapshot open, so it is
// replaced.
// Transactions run on one second connection that is kept open and reused. libsql's own transactions
// hand the client's connection over and open a new one for the next use; every opened connection
// costs native memory that is not given back even once closed (about 160 KB each here), and every
// Prisma create and updateMany is a transaction: a bulk ingest of 5,000 customers reached 2.6 GB of
// RSS that way. Prisma's adapter runs one transaction at a time per client (it holds its lock from
// start to commit or rollback), so one transaction connection is enough.
import { createClient, type Client, type Config, type InStatement, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 10000", "PRAGMA secure_delete = ON"];

const isBusy = (error: unknown) => /SQLITE_BUSY|database is locked/.test(String((error as Error)?.message ?? error));

class ConfiguredConnections implements Client {
  #fresh = true;
  #inner: Client;
  constructor(private readonly config: Config) {
    this.#inner = createClient(config);
  }

  async #use<T>(run: (client: Client) => Promise<T>): Promise<T> {
    if (this.#fresh) {
      for (const pragma of CONNECTION_PRAGMAS) await this.#inner.execute(pragma);
      this.#fresh = false;
    }
    try {
      return await run(this.#inner);
    } catch (error) {
      if (isBusy(error)) {
        this.#inner.close();
        this.#inner = createClient(this.config);
        this.#fresh = true;
      }
      throw error;
    }
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#use((client) => client.execute(stmt));
  }

  #transactions = new ConfiguredConnection(() => createClient(this.config));

  async transaction(_mode?: TransactionMode): Promise<Transaction> {
    await this.#transactions.execute("BEGIN IMMEDIATE");
    return new ReusedConnectionTransaction(this.#transactions);
  }

  batch(stmts: Array<InStatement>, mode?: TransactionMode) {
    return this.#use((client) => client.batch(stmts, mode));
  }

  executeMultiple(sql: string) {
    return this.#use((client) => client.executeMultiple(sql));
  }

  sync() {
    return this.#inner.sync();
  }

  close() {
    this.#inner.close();
    this.#transactions.close();
  }

  get closed() {
    return this.#inner.closed;
  }

  get protocol() {
    return this.#inner.protocol;
  }
}

/** One connection with the pragmas applied, replaced after SQLITE_BUSY. */
class ConfiguredConnection {
  #client: Client | null = null;
  constructor(private readonly open: () => Client) {}

  async execute(stmt: InStatement): Promise<ResultSet> {
    if (!this.#client) {
      const client = this.open();
      for (const pragma of CONNECTION_PRAGMAS) await client.execute(pragma);
      this.#client = client;
    }
    try {
      return await this.#client.execute(stmt);
    } catch (error) {
      if (isBusy(error)) this.close();
      throw error;
    }
  }

  close() {
    this.#client?.close();
    this.#client = null;
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
