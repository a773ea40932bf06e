// A vault over the test file's own database, with its own key cache, and synced-customer fixtures
// whose personal values are distinctive enough to be searched for in raw storage.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { erasureEpochs } from "../app/vault/erasure-epochs.server";
import { erasureJournal } from "../app/vault/erasure-journal.server";
import type { ShopifyCustomer } from "../app/vault/customers.server";
import { createKeyCache } from "../app/vault/key-cache.server";
import { createLocalKeyProvider } from "../app/vault/key-provider.server";
import type { CachedKey } from "../app/vault/keys.server";
import { createVault } from "../app/vault/vault.server";

export const MASTER_KEY = Buffer.alloc(32, 7);

export function testVault({ currentKey = MASTER_KEY, previousKeys = [] }: { currentKey?: Buffer; previousKeys?: Buffer[] } = {}) {
  return createVault({
    db: db(),
    keyProvider: createLocalKeyProvider({ currentKey, previousKeys }),
    cache: createKeyCache<CachedKey>(),
    // The test file's own files outside the database (test/setup-file.ts), shared with the app's vault().
    epochs: erasureEpochs({ file: config().VAULT_KEY_STORE_PATH }),
    journal: erasureJournal({ file: config().ERASURE_JOURNAL_PATH }),
  });
}

export function sampleCustomer(id: string, overrides: Partial<ShopifyCustomer> = {}): ShopifyCustomer {
  return {
    id,
    createdAt: new Date("2024-01-02T03:04:05.000Z"),
    state: "enabled",
    ordersCount: 3,
    amountSpent: "123.45",
    currency: "EUR",
    emailMarketingState: "SUBSCRIBED",
    smsMarketingState: "NOT_SUBSCRIBED",
    emailMarketingUpdatedAt: new Date("2024-05-06T07:08:09.000Z"),
    smsMarketingUpdatedAt: null,
    dataSaleOptOut: false,
    email: `zephyrine.${id}@quillfeather.example`,
    phone: `+447946${id.padStart(6, "0")}`,
    firstName: `Zephyrine${id}`,
    lastName: "Quillfeather",
    defaultAddress: { address1: "221B Baker Street", city: "London", zip: "NW1 6XE", countryCode: "GB" },
    note: "Prefers deliveries after 6pm",
    ...overrides,
  };
}

/** The personal values of a fixture customer, as they would appear if stored in plaintext. */
export function personalValues(customer: ShopifyCustomer): string[] {
  return [customer.email, customer.phone, customer.firstName, customer.lastName, "Baker Street", "deliveries after"].filter(
    (value): value is string => Boolean(value),
  );
}

/** Epoch and journal files of their own in a fresh temporary folder (benchmarks; `remove` deletes it). */
export function temporaryVaultStores() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-bench-keys-"));
  const epochs = erasureEpochs({ file: path.join(dir, "vault-key-store.db") });
  const journal = erasureJournal({ file: path.join(dir, "erasure-journal.db") });
  return {
    epochs,
    journal,
    remove() {
      epochs.close();
      journal.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
