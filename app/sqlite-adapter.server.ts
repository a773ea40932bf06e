// The SQLite driver adapter, tuned for several processes sharing one file (the web process and the
// worker both write it). libsql applies no settings of its own, so every connection opened here gets
// ours before its first statement:
// - journal_mode WAL: readers never wait for a writer and a writer never waits for readers, so an
//   admin page keeps reading while webhooks are being written, and a commit is one append to the log.
//   The setting is stored in the file; every connection asks for it, the first one switches.
// - busy_timeout 0, waiting in JavaScript instead: libsql runs statements synchronously on the event
//   loop, and SQLite's own busy handler sleeps inside that call. A 10 s timeout meant one outside
//   lock froze the whole process (health checks, every other request) for 10 s. Here a statement
//   that meets a lock fails at once with SQLITE_BUSY and is tried again after a timer, up to
//   BUSY_WAIT_MS, so everything else keeps running meanwhile. Retrying is safe: a statement that
//   failed with SQLITE_BUSY changed nothing, and a COMMIT that did leaves the transaction open to retry.
// - synchronous FULL: the log is flushed at every commit, so a webhook acknowledged after its append
//   survives a power cut, not only a crash of the process.
// - secure_delete: a delete overwrites the row's bytes with zeros, so an erased person does not
//   linger in free pages of the file. The log keeps older copies of those pages until a checkpoint
//   copies them back and truncates it: erasures call truncateWriteAheadLog (db.server.ts) when done.
// Two long-lived connections per client: one for single statements, one for transactions. libsql's
// own transactions hand the client's connection over and open a new one for the next use; every
// opened connection costs native memory that is not given back even once closed (about 160 KB each
// here), and every Prisma create and updateMany is a transaction: a bulk ingest of 5,000 customers
// reached 2.6 GB of RSS that way. Prisma's adapter runs one transaction at a time per client (it holds
// its lock from start to commit or rollback), so one transaction connection is enough.
// Transactions start with BEGIN IMMEDIATE: a deferred transaction that reads first and writes later
// can meet another writer and fail without retry (its snapshot is stale); taking the write lock up
// front makes it wait, here on a timer.
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type Client, type Config, type InStatement, type ResultSet, type Transaction, type TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 0", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA secure_delete = ON"];

/** How long a statement keeps trying to get past another connection's lock before it fails. */
export const BUSY_WAIT_MS = 10_000;
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 25;

export const isBusy = (error: unknown) => /SQLITE_BUSY|database is locked/.test(String((error as Error)?.message ?? error));

/**
 * Runs `attempt` until it gets past SQLITE_BUSY or BUSY_WAIT_MS have gone by, waiting between tries on
 * a timer (doubling from 1 ms to 25 ms) so the event loop serves everything else meanwhile.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, waitMs = BUSY_WAIT_MS): Promise<T> {
  const giveUpAt = Date.now() + waitMs;
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
    }
    await sleep(delay);
  }
}

/** One connection with the pragmas applied, opened on first use. */
class ConfiguredConnection {
  #client: Promise<Client> | null = null;
  constructor(private readonly open: () => Client) {}

  client(): Promise<Client> {
    // Statements run concurrently (see SharedFileSQLite.connect): the first ones share one opening.
    this.#client ??= this.#configured().catch((error: unknown) => {
      this.#client = null;
      throw error;
    });
    return this.#client;
  }

  /**
   * A new connection with the pragmas applied. A statement that failed with SQLITE_BUSY is not reset by
   * libsql: it stays "in progress" until garbage-collected, holding a snapshot open and refusing the
   * connection's next COMMIT. So a connection on which a statement met a lock is dropped and opened
   * again (switching to WAL needs a moment alone; a BEGIN can lose a race, see begin()).
   */
  #configured(): Promise<Client> {
    return retryWhileBusy(async () => {
      const client = this.open();
      try {
        for (const pragma of CONNECTION_PRAGMAS) await client.execute(pragma);
        return client;
      } catch (error) {
        client.close();
        throw error;
      }
    });
  }

  /** Runs one statement of a transaction's. */
  async execute(stmt: InStatement): Promise<ResultSet> {
    return (await this.client()).execute(stmt);
  }

  /**
   * Takes the write lock, waiting on a timer while another connection holds it. Whether it is free is
   * asked through exec (executeMultiple), which finalizes its statements even when they fail, so the
   * many tries leave nothing behind; only the real BEGIN right after can lose a race to another process,
   * and then the connection is replaced.
   */
  async begin(): Promise<void> {
    await retryWhileBusy(async () => {
      const client = await this.client();
      await client.executeMultiple("BEGIN IMMEDIATE; ROLLBACK");
      await this.#closingOnError(() => client.execute("BEGIN IMMEDIATE"));
    });
  }

  /** COMMIT or ROLLBACK; if it fails, closing the connection rolls back whatever was left open. */
  async end(sql: "COMMIT" | "ROLLBACK"): Promise<void> {
    const client = await this.client();
    await this.#closingOnError(() => client.execute(sql));
  }

  async #closingOnError<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** A read that met a lock (rare in WAL mode) leaves its statement open: the connection is replaced. */
  async read(stmt: InStatement): Promise<ResultSet> {
    return retryWhileBusy(async () => {
      try {
        return await (await this.client()).execute(stmt);
      } catch (error) {
        if (isBusy(error)) this.close();
        throw error;
      }
    });
  }

  close() {
    void this.#client?.then(
      (client) => client.close(),
      () => {},
    );
    this.#client = null;
  }
}

/** Hands out one turn at a time, in order of asking; a turn ends when its release is called. */
function turns() {
  let last = Promise.resolve();
  return async (): Promise<() => void> => {
    let release!: () => void;
    const previous = last;
    last = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  };
}

const READ_ONLY = /^\s*(SELECT|PRAGMA|EXPLAIN)\b/i;

// Reads go to the statement connection, concurrently. Every write runs in a transaction on the one
// transaction connection, a turn at a time: a lone write is wrapped in BEGIN IMMEDIATE … COMMIT, so the
// only statement that ever meets another process's lock is a BEGIN run through exec (see above).
class ConfiguredConnections implements Client {
  #closed = false;
  #statements: ConfiguredConnection;
  #transactions: ConfiguredConnection;
  #transactionTurn = turns();
  constructor(config: Config) {
    this.#statements = new ConfiguredConnection(() => createClient(config));
    this.#transactions = new ConfiguredConnection(() => createClient(config));
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    const sql = typeof stmt === "string" ? stmt : stmt.sql;
    if (READ_ONLY.test(sql)) return this.#statements.read(stmt);
    const transaction = await this.transaction();
    try {
      const result = await transaction.execute(stmt);
      await transaction.commit();
      return result;
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  async transaction(_mode?: TransactionMode): Promise<Transaction> {
    const release = await this.#transactionTurn();
    try {
      await this.#transactions.begin();
    } catch (error) {
      release();
      throw error;
    }
    return new ReusedConnectionTransaction(this.#transactions, release);
  }

  async batch(stmts: Array<InStatement>): Promise<ResultSet[]> {
    const transaction = await this.transaction();
    try {
      const results = await transaction.batch(stmts);
      await transaction.commit();
      return results;
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  async executeMultiple(sql: string) {
    const release = await this.#transactionTurn();
    try {
      await (await this.#transactions.client()).executeMultiple(sql);
    } finally {
      release();
    }
  }

  async sync() {
    await (await this.#statements.client()).sync();
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
  constructor(
    private readonly connection: ConfiguredConnection,
    private readonly releaseTurn: () => void,
  ) {}

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
    try {
      await this.connection.end("COMMIT");
    } finally {
      this.releaseTurn();
    }
  }

  async rollback() {
    if (this.#closed) return;
    this.#end();
    try {
      await this.connection.end("ROLLBACK");
    } finally {
      this.releaseTurn();
    }
  }

  close() {
    void this.rollback().catch(() => {});
  }

  #end() {
    if (this.#closed) throw new Error("the transaction is closed");
    this.#closed = true;
  }

  get closed() {
    return this.#closed;
  }
}

type Adapter = Awaited<ReturnType<PrismaLibSQL["connect"]>>;

export class SharedFileSQLite extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return new ConfiguredConnections(config);
  }

  /**
   * Prisma's libsql adapter keeps one lock per client, taken by every statement and held by a
   * transaction from its BEGIN to its COMMIT, because libsql's own transactions borrow the client's
   * connection. Here transactions have a connection of their own and take turns on it (above), so that
   * lock only made every read of the process queue behind any open transaction, and behind one
   * waiting for another process's write lock for up to BUSY_WAIT_MS: a stalled admin page for every
   * webhook in flight. It is replaced by one that never waits.
   */
  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    // A symbol-keyed field of adapter-libsql 6.19 (pinned); test/sqlite.locks.test.ts fails without this.
    const fields = adapter as unknown as Record<symbol, { acquire?: unknown }>;
    const lockTag = Object.getOwnPropertySymbols(adapter).find((tag) => typeof fields[tag]?.acquire === "function");
    if (lockTag) fields[lockTag] = { acquire: async () => () => {} };
    return adapter;
  }
}
