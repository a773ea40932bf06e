// Erasure epochs (docs/decisions/011-erasure-reaches-backups.md): every shop key version has a random
// epoch secret kept here, outside the main database, and customer keys are wrapped under
// HKDF(shop key, epoch secret). Destroying the secret of a version makes every customer key ever
// wrapped under it unreadable, including the copies the main database keeps in dead tuples, WAL,
// replicas, archives and backups, which no DELETE can reach. The file deletes securely and is
// vacuumed after every destruction, so the secret is gone from it physically too.
// Versions this store has never seen (made before it existed) are "legacy": wrapped under the shop
// key alone, until the next epoch rotation moves their customers to a version with a secret.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { Client } from "@libsql/client";
import { openLocalSqliteFile } from "./local-sqlite-file.server";

export type EpochSecret = { state: "live"; secret: Buffer } | { state: "destroyed" } | { state: "legacy" };

export interface ErasureEpochs {
  readonly file: string;
  /** The secret of a new version; a concurrent create of the same version gets the same secret. */
  create(shop: string, version: number): Promise<Buffer>;
  secretOf(shop: string, version: number): Promise<EpochSecret>;
  /** Destroys the secrets of the shop's versions below `version` (tombstones for legacy ones) and vacuums. */
  destroyBelow(shop: string, version: number, knownVersions: readonly number[]): Promise<number>;
  /** Deletes every secret of the shop (shop erasure) and vacuums; a reinstall starts afresh. */
  destroyShop(shop: string): Promise<number>;
  /** The shop's highest version this store has seen, destroyed ones included (0: none). */
  highestVersion(shop: string): Promise<number>;
  /** Brings back secrets from a key-store copy for versions this store lacks or destroyed (restore only). */
  importFrom(file: string, versions: readonly { shop: string; version: number }[]): Promise<{ shop: string; version: number }[]>;
  /** Every secret not destroyed (what a key-store backup holds; tests use it as "every key that remains"). */
  liveSecrets(): Promise<{ shop: string; version: number; secret: Buffer }[]>;
  /** A consistent copy of the store, for its own backups; into an existing copy, adds the secrets made since. */
  copyInto(file: string): Promise<void>;
  close(): void;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS epoch (shop TEXT NOT NULL, version INTEGER NOT NULL, secret BLOB, created_at INTEGER NOT NULL,
     destroyed_at INTEGER, PRIMARY KEY (shop, version)) WITHOUT ROWID`,
];

const toBuffer = (value: unknown) => Buffer.from(value as ArrayBuffer);

export function erasureEpochs({ file }: { file: string }): ErasureEpochs {
  let opened: Promise<Client> | undefined;
  const client = () => (opened ??= openLocalSqliteFile(file, SCHEMA));
  const run = async (sql: string, args: (string | number | Buffer | null)[] = []) => (await client()).execute({ sql, args });
  const vacuum = () => run("VACUUM");

  return {
    file,
    async create(shop, version) {
      await run("INSERT OR IGNORE INTO epoch (shop, version, secret, created_at) VALUES (?, ?, ?, ?)", [shop, version, randomBytes(32), Date.now()]);
      const secret = await this.secretOf(shop, version);
      if (secret.state !== "live") throw new Error(`epoch ${version} of this shop was destroyed and cannot be reused`);
      return secret.secret;
    },
    async secretOf(shop, version) {
      const { rows } = await run("SELECT secret FROM epoch WHERE shop = ? AND version = ?", [shop, version]);
      if (!rows.length) return { state: "legacy" };
      return rows[0]!.secret === null ? { state: "destroyed" } : { state: "live", secret: toBuffer(rows[0]!.secret) };
    },
    async destroyBelow(shop, version, knownVersions) {
      const now = Date.now();
      const db = await client();
      const tx = await db.transaction("write");
      try {
        for (const old of knownVersions.filter((known) => known < version)) {
          await tx.execute({ sql: "INSERT OR IGNORE INTO epoch (shop, version, secret, created_at, destroyed_at) VALUES (?, ?, NULL, ?, ?)", args: [shop, old, now, now] });
        }
        const { rowsAffected } = await tx.execute({
          sql: "UPDATE epoch SET secret = NULL, destroyed_at = ? WHERE shop = ? AND version < ? AND secret IS NOT NULL",
          args: [now, shop, version],
        });
        await tx.commit();
        await vacuum();
        return rowsAffected;
      } finally {
        tx.close();
      }
    },
    async destroyShop(shop) {
      const { rowsAffected } = await run("DELETE FROM epoch WHERE shop = ?", [shop]);
      await vacuum();
      return rowsAffected;
    },
    async highestVersion(shop) {
      const { rows } = await run("SELECT max(version) AS version FROM epoch WHERE shop = ?", [shop]);
      return Number(rows[0]?.version ?? 0);
    },
    async importFrom(source, versions) {
      const copy = await openLocalSqliteFile(source, []);
      const imported: { shop: string; version: number }[] = [];
      try {
        for (const { shop, version } of versions) {
          const { rows } = await copy.execute({ sql: "SELECT secret, created_at FROM epoch WHERE shop = ? AND version = ? AND secret IS NOT NULL", args: [shop, version] });
          if (!rows[0] || (await this.secretOf(shop, version)).state === "live") continue;
          await run(
            "INSERT INTO epoch (shop, version, secret, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (shop, version) DO UPDATE SET secret = excluded.secret, destroyed_at = NULL",
            [shop, version, toBuffer(rows[0].secret), Number(rows[0].created_at)],
          );
          imported.push({ shop, version });
        }
      } finally {
        copy.close();
      }
      return imported;
    },
    async liveSecrets() {
      const { rows } = await run("SELECT shop, version, secret FROM epoch WHERE secret IS NOT NULL");
      return rows.map((row) => ({ shop: String(row.shop), version: Number(row.version), secret: toBuffer(row.secret) }));
    },
    async copyInto(target) {
      if (!fs.existsSync(target)) {
        await run("VACUUM INTO ?", [target]);
        return;
      }
      // Topping up an earlier copy: secrets created since are added, secrets destroyed since are kept.
      const copy = await openLocalSqliteFile(target, []);
      try {
        await copy.execute({ sql: "ATTACH DATABASE ? AS live", args: [file] });
        await copy.execute("INSERT OR IGNORE INTO main.epoch SELECT * FROM live.epoch WHERE secret IS NOT NULL");
        await copy.execute("DETACH DATABASE live");
      } finally {
        copy.close();
      }
    },
    close() {
      void opened?.then((db) => db.close());
      opened = undefined;
    },
  };
}
