// The vault: field encryption under per-customer data keys and blind indexes under per-shop index
// keys. Built by createVault() with explicit dependencies (tests build their own); vault() is the
// process singleton, like db().
//
// Field ciphertext format (docs/decisions/003-vault-encryption.md):
//   v1.<customer key id>.<b64url nonce>.<b64url ciphertext||tag>
// with AAD ["cv-field/v1", shop, customer id, field, customer key id].
import { config } from "../config.server";
import { db as defaultDb, shopDb, type Db } from "../db.server";
import { associatedData, open, seal, VaultDecryptError } from "./aead.server";
import { blindIndexOf, type IndexedField } from "./blind-index.server";
import { erasureEpochs, type ErasureEpochs } from "./erasure-epochs.server";
import { erasureJournal, type ErasureJournal } from "./erasure-journal.server";
import { createKeyCache, type KeyCache } from "./key-cache.server";
import { localKeyProviderFromConfig, type KeyProvider } from "./key-provider.server";
import { customerKey, forgetCustomerKey, indexFieldKey, shopCachePrefix, type CachedKey, type KeyDeps } from "./keys.server";

const FORMAT = "v1";

export interface CustomerCipher {
  encrypt(field: string, plaintext: string): string;
  decrypt(field: string, ciphertext: string): string;
}

export interface Vault extends KeyDeps {
  /** Where erasures are recorded so that a restore of the main database re-applies them. */
  journal: ErasureJournal;
  /** The customer's cipher; creates the customer's data key on first use. */
  cipherFor(options: { shop: string; customerId: string }): Promise<CustomerCipher>;
  /** The customer's cipher, or null once the customer's key is gone (erased). */
  existingCipherFor(options: { shop: string; customerId: string }): Promise<CustomerCipher | null>;
  blindIndex(options: { shop: string; field: IndexedField; normalised: string }): Promise<string>;
  forgetCustomer(options: { shop: string; customerId: string }): void;
  forgetShop(options: { shop: string }): void;
}

export function customerCipher(shop: string, customerId: string, { id, key }: CachedKey): CustomerCipher {
  const aad = (field: string) => associatedData(["cv-field/v1", shop, customerId, field, id]);
  return {
    encrypt(field, plaintext) {
      return `${FORMAT}.${id}.${seal({ key, plaintext: Buffer.from(plaintext, "utf8"), aad: aad(field) })}`;
    },
    decrypt(field, ciphertext) {
      const [format, keyId, ...sealed] = ciphertext.split(".");
      if (format !== FORMAT) throw new VaultDecryptError(`unknown ciphertext format "${format}"`);
      if (keyId !== id) throw new VaultDecryptError("ciphertext was made with a key this customer no longer has");
      return open({ key, sealed: sealed.join("."), aad: aad(field) }).toString("utf8");
    },
  };
}

export function createVault({
  db,
  customerKeysDb,
  keyProvider,
  cache,
  epochs,
  journal,
}: {
  db: Db;
  customerKeysDb?: (shop: string) => Db;
  keyProvider: KeyProvider;
  cache: KeyCache<CachedKey>;
  epochs: ErasureEpochs;
  journal: ErasureJournal;
}): Vault {
  const deps: KeyDeps = { db, customerKeysDb, keyProvider, cache, epochs };
  return {
    ...deps,
    journal,
    async cipherFor({ shop, customerId }) {
      const key = await customerKey(deps, { shop, customerId, create: true });
      return customerCipher(shop, customerId, key!);
    },
    async existingCipherFor({ shop, customerId }) {
      const key = await customerKey(deps, { shop, customerId, create: false });
      return key && customerCipher(shop, customerId, key);
    },
    async blindIndex({ shop, field, normalised }) {
      return blindIndexOf(await indexFieldKey(deps, shop, field), normalised);
    },
    forgetCustomer({ shop, customerId }) {
      forgetCustomerKey(deps, shop, customerId);
    },
    forgetShop({ shop }) {
      cache.deleteByPrefix(shopCachePrefix(shop));
    },
  };
}

const globalForVault = globalThis as unknown as { consentVault?: Vault };

export function vault(): Vault {
  globalForVault.consentVault ??= createVault({
    db: defaultDb(),
    customerKeysDb: shopDb,
    keyProvider: localKeyProviderFromConfig(config()),
    cache: createKeyCache<CachedKey>(),
    epochs: erasureEpochs({ file: config().VAULT_KEY_STORE_PATH }),
    journal: erasureJournal({ file: config().ERASURE_JOURNAL_PATH }),
  });
  return globalForVault.consentVault;
}
