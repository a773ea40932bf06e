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
import { createClient, type Client, type Config, type InStatement, type ResultSet, type TransactionMode } from "@libsql/client";
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

  async transaction(_mode?: TransactionMode) {
    const transaction = await this.#use((client) => client.transaction("write"));
    // libsql hands the current connection to the transaction and opens a new one on next use.
    this.#fresh = true;
    return transaction;
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
  }

  get closed() {
    return this.#inner.closed;
  }

  get protocol() {
    return this.#inner.protocol;
  }
}

export class SharedFileSQLite extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return new ConfiguredConnections(config);
  }
}
