// The top of the key hierarchy: something that wraps and unwraps data keys with a key-encryption
// key (KEK) the database never sees. The local provider holds the KEK in process memory (from
// VAULT_MASTER_KEY); a KMS or Vault-transit provider would implement the same interface remotely,
// which is why the methods are async.
import { createHmac } from "node:crypto";
import { associatedData, open, seal } from "./aead.server";

export interface WrappedKey {
  /** Fingerprint of the KEK that wrapped the key, so unwrap picks the right one after a rotation. */
  kekId: string;
  wrappedKey: string;
}

export interface KeyProvider {
  /** The KEK that wrap() uses; rows wrapped under any other id are due for re-wrapping. */
  readonly currentKekId: string;
  /** `context` is bound to the wrapped key: unwrapping it under another context fails. */
  wrap(options: { key: Buffer; context: readonly (string | number)[] }): Promise<WrappedKey>;
  unwrap(options: WrappedKey & { context: readonly (string | number)[] }): Promise<Buffer>;
}

/** A short, non-secret id of a KEK: HMAC of a fixed label, so it reveals nothing about the key. */
export function kekFingerprint(kek: Buffer): string {
  return createHmac("sha256", kek).update("consent-vault kek id").digest().subarray(0, 8).toString("hex");
}

export function createLocalKeyProvider({ currentKey, previousKeys = [] }: { currentKey: Buffer; previousKeys?: Buffer[] }): KeyProvider {
  const keks = new Map([currentKey, ...previousKeys].map((kek) => [kekFingerprint(kek), kek]));
  const currentKekId = kekFingerprint(currentKey);
  return {
    currentKekId,
    async wrap({ key, context }) {
      return { kekId: currentKekId, wrappedKey: seal({ key: currentKey, plaintext: key, aad: associatedData(context) }) };
    },
    async unwrap({ kekId, wrappedKey, context }) {
      const kek = keks.get(kekId);
      if (!kek) {
        throw new Error(`vault key was wrapped by master key ${kekId}, which is not configured: add it to VAULT_PREVIOUS_MASTER_KEYS`);
      }
      return open({ key: kek, sealed: wrappedKey, aad: associatedData(context) });
    },
  };
}

/** The provider from the settings: VAULT_MASTER_KEY wraps, it and VAULT_PREVIOUS_MASTER_KEYS unwrap. */
export function localKeyProviderFromConfig(settings: { VAULT_MASTER_KEY: string; VAULT_PREVIOUS_MASTER_KEYS: string[] }): KeyProvider {
  return createLocalKeyProvider({
    currentKey: Buffer.from(settings.VAULT_MASTER_KEY, "base64"),
    previousKeys: settings.VAULT_PREVIOUS_MASTER_KEYS.map((key) => Buffer.from(key, "base64")),
  });
}
