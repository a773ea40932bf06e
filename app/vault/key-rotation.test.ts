import { describe, expect, it } from "vitest";
import { MASTER_KEY, sampleCustomer, testVault } from "../../harness/vault";
import { db } from "../db.server";
import { rotateShopKeyJob, vaultJobHandlers } from "./jobs.server";
import { jobResult, startTestWorkers } from "../../test/helpers/jobs";
import { enqueue, queues } from "../jobs/queues.server";
import { findCustomerByEmail } from "./customer-lookup.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { eraseShop } from "./erasure.server";
import { kekFingerprint } from "./key-provider.server";
import { rewrapUnderCurrentMasterKey } from "./master-key-rotation.server";
import { rewrapNextBatch, runShopKeyRotation, startShopKeyRotation } from "./shop-key-rotation.server";
import type { Vault } from "./vault.server";

// Each test uses its own shops: the file's database is shared by its tests.
const A = "alpha.myshopify.com";
const B = "bravo.myshopify.com";
const C = "charlie.myshopify.com";
const D = "delta.myshopify.com";
const E = "echo.myshopify.com";
const F = "foxtrot.myshopify.com";
const synced = new Date("2025-05-01T00:00:00Z");
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));


async function seed(vault: Vault, shop: string, customerIds: string[]) {
  for (const id of customerIds) await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(id), sourceUpdatedAt: synced });
}

/** Reads every given customer with a vault that has no cached keys and checks the decrypted email. */
async function expectAllReadable(vault: Vault, shop: string, customerIds: string[]) {
  for (const id of customerIds) {
    expect((await readCustomer({ db: db(), vault, shop, customerId: id }))?.email).toBe(sampleCustomer(id).email);
  }
}

/** Upserts of new customers and reads of existing ones, to run alongside a rotation. */
function trafficDuring(vault: Vault, shop: string, existing: string[], fresh: string[]) {
  return [
    ...fresh.map((id) => upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(id), sourceUpdatedAt: synced })),
    ...existing.map((id) => readCustomer({ db: db(), vault, shop, customerId: id }).then((c) => expect(c?.email).toBe(sampleCustomer(id).email))),
  ];
}

describe("master key rotation", () => {
  it("given keys wrapped under the old master key, when rotated during reads and writes, then all is re-wrapped and readable with only the new key", async () => {
    const oldKek = Buffer.alloc(32, 1);
    const newKek = Buffer.alloc(32, 2);
    await seed(testVault({ currentKey: oldKek }), A, ids(1, 15));
    await seed(testVault({ currentKey: oldKek }), B, ids(1, 5));
    // MASTER_KEY wraps the deployment's purpose keys (made when the test process started).
    const rotating = testVault({ currentKey: newKek, previousKeys: [oldKek, MASTER_KEY] });

    const [result] = await Promise.all([
      rewrapUnderCurrentMasterKey({ db: db(), vault: rotating }),
      ...trafficDuring(rotating, A, ids(1, 15), ids(100, 10)),
    ]);

    expect(result).toMatchObject({ shopKeys: 2, indexKeys: 2, purposeKeys: 5, kekId: kekFingerprint(newKek) });
    const ofTheseShops = { where: { shop: { in: [A, B] } } };
    const kekIds = [...(await db().vaultShopKey.findMany(ofTheseShops)), ...(await db().vaultIndexKey.findMany(ofTheseShops)), ...(await db().vaultPurposeKey.findMany())].map(
      (row) => row.kekId,
    );
    expect(new Set(kekIds)).toEqual(new Set([kekFingerprint(newKek)]));
    const onlyNew = testVault({ currentKey: newKek });
    await expectAllReadable(onlyNew, A, [...ids(1, 15), ...ids(100, 10)]);
    await expectAllReadable(onlyNew, B, ids(1, 5));
    expect((await findCustomerByEmail({ db: db(), vault: onlyNew, shop: A, email: sampleCustomer("3").email! }))?.customerId).toBe("3");
    expect(await rewrapUnderCurrentMasterKey({ db: db(), vault: rotating })).toMatchObject({ shopKeys: 0, indexKeys: 0 });
  });
});

describe("shop key rotation", () => {
  it("given small batches, when rotated during reads and writes, then every customer key moves to the new version and stays readable", async () => {
    const vault = testVault();
    await seed(vault, C, ids(1, 25));
    await seed(vault, D, ids(1, 3));
    const { rotationId, toVersion } = await startShopKeyRotation({ db: db(), vault, shop: C });

    await Promise.all([
      runShopKeyRotation({ db: db(), vault, shop: C, rotationId, batchSize: 4 }),
      ...trafficDuring(vault, C, ids(1, 25), ids(200, 10)),
    ]);

    expect(toVersion).toBe(2);
    expect(await db().vaultCustomerKey.count({ where: { shop: C, shopKeyVersion: { not: 2 } } })).toBe(0);
    expect(await db().vaultCustomerKey.count({ where: { shop: D, shopKeyVersion: 1 } })).toBe(3);
    expect((await db().vaultShopKey.findMany({ where: { shop: C }, orderBy: { version: "asc" } })).map((k) => k.retiredAt !== null)).toEqual([true, false]);
    await expectAllReadable(testVault(), C, [...ids(1, 25), ...ids(200, 10)]);
    await expectAllReadable(testVault(), D, ids(1, 3));
  });

  it("given a worker killed after one batch, when the job runs on a real worker, then it resumes from the stored cursor and finishes", async () => {
    const vault = testVault();
    await seed(vault, E, ids(1, 30));
    const { rotationId } = await startShopKeyRotation({ db: db(), vault, shop: E });
    await rewrapNextBatch({ db: db(), vault, shop: E, rotationId, batchSize: 10 });
    const interrupted = await db().vaultKeyRotation.findUniqueOrThrow({ where: { id: rotationId } });
    expect(interrupted).toMatchObject({ cursor: "18", rewrapped: 10, finishedAt: null });
    expect(await startShopKeyRotation({ db: db(), vault, shop: E })).toMatchObject({ rotationId });

    startTestWorkers({ jobs: vaultJobHandlers, concurrency: 1 });
    const job = await enqueue(queues(), rotateShopKeyJob, { shop: E, rotationId });
    const [result] = await Promise.all([jobResult(job, rotateShopKeyJob.queue), ...trafficDuring(vault, E, ids(1, 30), ids(300, 5))]);

    expect(job.data).toEqual({ shop: E, rotationId });
    expect(result).toEqual({ toVersion: 2, rewrapped: 30 });
    expect(await db().vaultKeyRotation.findUniqueOrThrow({ where: { id: rotationId } })).toMatchObject({ finishedAt: expect.any(Date) });
    await expectAllReadable(testVault({ currentKey: MASTER_KEY }), E, [...ids(1, 30), ...ids(300, 5)]);
  });

  it("given the shop was erased while its rotation job waited, then the job finishes with nothing to do", async () => {
    const vault = testVault();
    await seed(vault, F, ids(1, 2));
    const { rotationId } = await startShopKeyRotation({ db: db(), vault, shop: F });
    await eraseShop({ db: db(), vault, shop: F });

    expect(await runShopKeyRotation({ db: db(), vault, shop: F, rotationId })).toEqual({ toVersion: undefined, rewrapped: undefined });
    expect(await db().vaultCustomerKey.count({ where: { shop: F } })).toBe(0);
  });
});
