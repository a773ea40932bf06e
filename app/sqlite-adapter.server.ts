// The SQLite driver adapter, tuned for several processes sharing one file (the web process and the
// worker both write it). libsql opens a fresh connection after every transaction and applies no
// settings of its own, so this client wrapper applies ours to each new connection before its first
// statement:
// - busy_timeout: wait for another process's write lock instead of failing at once with
//   SQLITE_BUSY (libsql's default is 0, which turns every overlap into an error);
// - journal_mode=WAL: readers and the writer do not block each other;
// - secure_delete: deleted rows are overwritten with zeros, so an erased person does not linger in
//   free pages of the file.
// Transactions start with BEGIN IMMEDIATE: a deferred transaction that reads first and writes later
// can meet another writer and fail without waiting; taking the write lock up front makes it wait.
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { Client, Config, InStatement, ResultSet, TransactionMode } from "@libsql/client";

const CONNECTION_PRAGMAS = ["PRAGMA busy_timeout = 10000", "PRAGMA secure_delete = ON"];

class ConfiguredConnections implements Client {
  #fresh = true;
  constructor(private readonly inner: Client) {}

  async #prepare() {
    if (!this.#fresh) return;
    for (const pragma of CONNECTION_PRAGMAS) await this.inner.execute(pragma);
    this.#fresh = false;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    await this.#prepare();
    return this.inner.execute(stmt);
  }

  async transaction(_mode?: TransactionMode) {
    await this.#prepare();
    const transaction = await this.inner.transaction("write");
    // libsql hands the current connection to the transaction and opens a new one on next use.
    this.#fresh = true;
    return transaction;
  }

  async batch(stmts: Array<InStatement>, mode?: TransactionMode) {
    await this.#prepare();
    return this.inner.batch(stmts, mode);
  }

  async executeMultiple(sql: string) {
    await this.#prepare();
    return this.inner.executeMultiple(sql);
  }

  sync() {
    return this.inner.sync();
  }

  close() {
    this.inner.close();
  }

  get closed() {
    return this.inner.closed;
  }

  get protocol() {
    return this.inner.protocol;
  }
}

export class SharedFileSQLite extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return new ConfiguredConnections(super.createClient(config));
  }
}
