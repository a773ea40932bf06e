// Backups to an S3-compatible bucket, against a real S3-protocol server (s3rver) started by this file,
// on the engine of the run: the scheduled backup, listing, expiry by retention and restore go through
// the bucket as they go through a folder; a tampered or foreign object is refused with the same
// reasons; bad credentials, a bad BACKUP_TARGET and a versioned bucket are refused with clear errors.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackupStore } from "../app/backups/backup-store.server";
import { configuredBackupStore } from "../app/backups/configured-backup-store.server";
import { restoreStoredBackup } from "../app/backups/restore-backup.server";
import { s3Bucket } from "../app/backups/s3-bucket.server";
import { runScheduledBackup } from "../app/backups/take-backup.server";
import { customerDataHolders } from "../app/composition.server";
import { config, ConfigError, loadConfig } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";
import { eraseCustomer } from "../app/vault/erasure.server";
import type { Vault } from "../app/vault/vault.server";
import { freePort } from "../harness/free-port";
import { S3_CREDENTIALS, startS3Server } from "../harness/s3-server";
import { sampleCustomer, testVault } from "../harness/vault";
import { backupNow } from "./helpers/backups";

const BUCKET = "cv-backups";
const DAY = 24 * 3600 * 1000;
const synced = new Date("2025-05-01T00:00:00Z");
let server: Awaited<ReturnType<typeof startS3Server>>;

beforeAll(async () => {
  server = await startS3Server({ bucket: BUCKET });
});
afterAll(async () => {
  await server?.stop();
});

/** The configuration an operator would write for this bucket, read through the app's own config. */
const bucketConfig = (overrides: Record<string, string> = {}) =>
  loadConfig({
    ...process.env,
    BACKUP_TARGET: `s3://${BUCKET}/consent-vault`,
    BACKUP_S3_ENDPOINT: server.endpoint,
    BACKUP_S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
    BACKUP_S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    BACKUP_S3_PATH_STYLE: "true",
    ...overrides,
  });
const bucketStore = (overrides?: Record<string, string>) => configuredBackupStore(bucketConfig(overrides));

const settings = (store: BackupStore) => ({ store, dataRetentionDays: 35, keyStoreRetentionDays: 7 });
const restoreFromBucket = (vault: Vault, backupId: string, store = bucketStore()) =>
  restoreStoredBackup({ database: config().database, db: db(), vault, holders: customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault }), store, backupId });

async function seed(vault: Vault, shop: string, customerIds: string[]) {
  for (const customerId of customerIds) await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(customerId), sourceUpdatedAt: synced });
}

const idsIn = async (store: BackupStore, kind: "data" | "key-store") => (await store.list({ kind })).map(({ backupId }) => backupId);

describe("backups to an S3-compatible bucket", () => {
  it("given BACKUP_TARGET names a bucket, then backups are written, listed, expired by their own retention and restored through it, an erased customer staying absent", async () => {
    const shop = "s3-restore.myshopify.com";
    const vault = testVault();
    const store = bucketStore();
    await seed(vault, shop, ["1", "2", "3"]);
    const t0 = new Date();

    const first = await runScheduledBackup({ database: config().database, vault, settings: settings(store), now: t0 });

    expect(first.location).toBe(`s3://${BUCKET}/consent-vault/data/${first.backupId}.cvbk`);
    expect(await idsIn(store, "data")).toEqual([first.backupId]);
    expect(await idsIn(store, "key-store")).toEqual([first.backupId]);

    await eraseCustomer({ db: db(), vault, shop, customerId: "2" });
    await seed(vault, shop, ["9"]);
    const restored = await restoreFromBucket(vault, first.backupId);

    expect(restored).toMatchObject({ backupId: first.backupId, keyStoreBackup: true, reapplied: { customers: 1, shops: 0 } });
    expect(await db().customer.findUnique({ where: { shop_customerId: { shop, customerId: "2" } } })).toBeNull();
    expect(await db().customer.count({ where: { shop, customerId: "9" } })).toBe(0);
    for (const customerId of ["1", "3"]) expect((await readCustomer({ db: db(), vault: testVault(), shop, customerId }))?.email).toBe(sampleCustomer(customerId).email);

    // Eight days on, the first key-store copy is past its 7 days; its data backup is kept for 35.
    const second = await runScheduledBackup({ database: config().database, vault, settings: settings(store), now: new Date(t0.getTime() + 8 * DAY) });
    expect(second).toMatchObject({ expiredKeyStore: 1, expiredData: 0 });
    expect(await idsIn(store, "key-store")).toEqual([second.backupId]);
    expect(await idsIn(store, "data")).toEqual([first.backupId, second.backupId]);
    const third = await runScheduledBackup({ database: config().database, vault, settings: settings(store), now: new Date(t0.getTime() + 40 * DAY) });
    expect(third).toMatchObject({ expiredKeyStore: 1, expiredData: 1 });
    expect(await idsIn(store, "data")).toEqual([second.backupId, third.backupId]);

    // Its key-store copy expired too: the data backup still restores, and the restore says it went without.
    await expect(restoreFromBucket(vault, second.backupId)).resolves.toMatchObject({ backupId: second.backupId, keyStoreBackup: false });
  }, 60_000);

  it("given more objects than one listing page, then every one is listed", async () => {
    const bucket = s3Bucket(bucketConfig().backupBucket!);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cv-s3-page-")), "object");
    fs.writeFileSync(file, "x");
    const keys = ["a", "b", "c", "d", "e"].map((name) => `paging/${name}`);
    for (const key of keys) await bucket.putFile({ key, file });

    expect(await bucket.listKeys({ prefix: "paging/", pageSize: 2 })).toEqual(keys);
  });

  it("given a tampered, foreign or missing object, when restored from the bucket, then it is refused with a clear reason naming the object and nothing changes", async () => {
    const shop = "s3-tampered.myshopify.com";
    const vault = testVault();
    const store = bucketStore();
    await seed(vault, shop, ["1", "2"]);
    const { backupId } = await backupNow(vault, undefined, store);
    await seed(vault, shop, ["3"]);
    // Altered in the bucket itself, through the S3 API, as anyone with write access could.
    const bucket = s3Bucket(bucketConfig().backupBucket!);
    const key = `consent-vault/data/${backupId}.cvbk`;
    const local = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cv-s3-tamper-")), "backup.cvbk");
    expect(await bucket.getFile({ key, file: local })).toBe(true);
    const bytes = fs.readFileSync(local);
    await expect(restoreFromBucket(testVault({ currentKey: Buffer.alloc(32, 9) }), backupId)).rejects.toThrow(/made by another deployment/);
    bytes[bytes.length - 40]! ^= 1;
    fs.writeFileSync(local, bytes);
    await bucket.putFile({ key, file: local });

    await expect(restoreFromBucket(vault, backupId)).rejects.toThrow(`s3://${BUCKET}/consent-vault/data/${backupId}.cvbk failed its integrity check`);
    await expect(restoreFromBucket(vault, "20250101T000000Z-abcdef")).rejects.toThrow(`there is no data backup 20250101T000000Z-abcdef in s3://${BUCKET}/consent-vault`);

    expect(await db().customer.count({ where: { shop } })).toBe(3);
    expect(await vault.journal.pendingRestore()).toBeNull();
  });

  it("given an unknown access key or an unreachable endpoint, then the backup fails with an error naming the setting to check and nothing is written", async () => {
    const vault = testVault();
    const before = await idsIn(bucketStore(), "data");
    const backupWith = (overrides: Record<string, string>) => runScheduledBackup({ database: config().database, vault, settings: settings(bucketStore(overrides)) });

    // s3rver checks the access key id but does not verify V4 signatures, so a wrong secret passes it;
    // S3 answers that with a 403 SignatureDoesNotMatch, which takes the same path as this one.
    await expect(backupWith({ BACKUP_S3_ACCESS_KEY_ID: "NOBODY" })).rejects.toThrow(
      /was refused: InvalidAccessKeyId \(The AWS Access Key Id you provided does not exist in our records\.\); check BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY/,
    );
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expect(backupWith({ BACKUP_S3_ENDPOINT: closed })).rejects.toThrow(`cannot reach the backup bucket at ${closed} (BACKUP_S3_ENDPOINT): ECONNREFUSED`);

    expect(await idsIn(bucketStore(), "data")).toEqual(before);
  });

  it("given a bucket with versioning enabled, then backups refuse to run against it, before writing anything", async () => {
    // GetBucketVersioning answered in S3's documented shape: s3rver itself implements no versioning.
    const requests: string[] = [];
    const versioned = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      if (request.method === "GET" && /[?&]versioning(=|&|$)/.test(request.url ?? "")) {
        response.writeHead(200, { "Content-Type": "application/xml" });
        response.end('<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>');
        return;
      }
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => versioned.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `http://127.0.0.1:${(versioned.address() as AddressInfo).port}`;
      await expect(backupNow(testVault(), undefined, bucketStore({ BACKUP_S3_ENDPOINT: endpoint }))).rejects.toThrow(
        `s3://${BUCKET}/ has versioning enabled: deleted key-store backups would survive as older versions`,
      );
      expect(requests).toEqual([`GET /${BUCKET}?versioning=`]);
    } finally {
      versioned.close();
    }
  });

  it("given a bucket BACKUP_TARGET, then the configuration requires its keys, rejects other schemes and reads the prefix", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...process.env, ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ BACKUP_TARGET: "s3://acme-backups" })).toEqual([
      "BACKUP_S3_ACCESS_KEY_ID is required when BACKUP_TARGET is a bucket: the access key that may read, write, list and delete in it",
      "BACKUP_S3_SECRET_ACCESS_KEY is required when BACKUP_TARGET is a bucket: the access key that may read, write, list and delete in it",
    ]);
    expect(problems({ BACKUP_TARGET: "ftp://acme-backups", BACKUP_S3_ACCESS_KEY_ID: "a", BACKUP_S3_SECRET_ACCESS_KEY: "b" })).toEqual([expect.stringMatching(/^BACKUP_TARGET must be s3:\/\/<bucket>\[\/<prefix>\]/)]);
    expect(problems({ BACKUP_TARGET: "s3://acme-backups", BACKUP_S3_ACCESS_KEY_ID: "a", BACKUP_S3_SECRET_ACCESS_KEY: "b", BACKUP_S3_PATH_STYLE: "yes" })).toEqual([
      "BACKUP_S3_PATH_STYLE must be true or false",
    ]);
    expect(bucketConfig({ BACKUP_TARGET: "s3://acme-backups/prod/cv/" }).backupBucket).toMatchObject({ bucket: "acme-backups", prefix: "prod/cv/" });
    expect(bucketConfig({ BACKUP_TARGET: "s3://acme-backups", BACKUP_S3_REGION: "eu-central-1" }).backupBucket).toMatchObject({ prefix: "", region: "eu-central-1" });
    expect(loadConfig({ ...process.env, BACKUP_S3_REGION: "eu-central-1" }).backupBucket).toBeNull();
  });
});
