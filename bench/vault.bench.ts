// The vault's cost, each next to its baseline in the same run: encrypted customer upserts against
// plaintext Prisma upserts of the same rows into the same table, and one field's encrypt/decrypt
// against raw node:crypto AES-256-GCM doing the same work without the vault around it.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Bench as TinyBench } from "tinybench";
import type { Db } from "../app/db.server";
import { upsertCustomer } from "../app/vault/customers.server";
import type { Vault } from "../app/vault/vault.server";
import { sampleCustomer } from "../harness/vault";
import { withBenchVault } from "./lib/bench-vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "vault";
const ROWS = 1_000;
const synced = new Date("2025-05-01T00:00:00Z");
const customers = Array.from({ length: ROWS }, (_, i) => sampleCustomer(String(i + 1)));

/** The same customer stored without the vault: personal data in the same columns, in plaintext. */
function plaintextUpsert(db: Db, shop: string, customer: (typeof customers)[number]) {
  const { id, defaultAddress, email, phone, firstName, lastName, note, ...plain } = customer;
  const data = {
    ...plain,
    sourceUpdatedAt: synced,
    encryptedEmail: email,
    encryptedPhone: phone,
    encryptedFirstName: firstName,
    encryptedLastName: lastName,
    encryptedAddress: JSON.stringify(defaultAddress),
    encryptedNote: note,
    emailIndex: email,
    phoneIndex: phone,
  };
  return db.customer.upsert({ where: { shop_customerId: { shop, customerId: id } }, create: { shop, customerId: id, ...data }, update: data });
}

async function rowsPerSecond(write: (customer: (typeof customers)[number]) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (const customer of customers) await write(customer);
  return ROWS / ((performance.now() - started) / 1000);
}

async function upsertRows(db: Db, vault: Vault): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const pass of ["new rows", "updates"]) {
    const plain = await rowsPerSecond((customer) => plaintextUpsert(db, "plain.myshopify.com", customer));
    const encrypted = await rowsPerSecond((customer) =>
      upsertCustomer({ db, vault, shop: "vault.myshopify.com", customer, sourceUpdatedAt: synced }));
    rows.push(
      { bench: NAME, subject: `plaintext Prisma upsert, ${pass} (baseline)`, metric: "rows/s", value: plain.toFixed(0) },
      { bench: NAME, subject: `encrypted upsertCustomer, ${pass}`, metric: "rows/s", value: encrypted.toFixed(0), vsBaseline: ratio(encrypted, plain) },
    );
  }
  return rows;
}

async function fieldRows(vault: Vault): Promise<BenchRow[]> {
  const key = randomBytes(32);
  const value = Buffer.from("zephyrine.1@quillfeather.example");
  const cipher = await vault.cipherFor({ shop: "vault.myshopify.com", customerId: "1" });
  const vaultCiphertext = cipher.encrypt("email", value.toString());
  const rawEncrypt = () => {
    const nonce = randomBytes(12);
    const gcm = createCipheriv("aes-256-gcm", key, nonce);
    return `${nonce.toString("base64url")}.${Buffer.concat([gcm.update(value), gcm.final(), gcm.getAuthTag()]).toString("base64url")}`;
  };
  const rawCiphertext = rawEncrypt();
  const rawDecrypt = () => {
    const [nonce, body] = rawCiphertext.split(".").map((part) => Buffer.from(part, "base64url")) as [Buffer, Buffer];
    const gcm = createDecipheriv("aes-256-gcm", key, nonce);
    gcm.setAuthTag(body.subarray(-16));
    return Buffer.concat([gcm.update(body.subarray(0, -16)), gcm.final()]).toString();
  };
  const bench = new TinyBench({ time: 1_500, warmupTime: 300 });
  bench
    .add("raw encrypt", rawEncrypt)
    .add("vault encrypt", () => cipher.encrypt("email", value.toString()))
    .add("raw decrypt", rawDecrypt)
    .add("vault decrypt", () => cipher.decrypt("email", vaultCiphertext));
  await bench.run();
  const opsPerSecond = (name: string) => bench.getTask(name)?.result?.throughput.mean ?? NaN;
  return ["encrypt", "decrypt"].flatMap((op) => {
    const [raw, ours] = [opsPerSecond(`raw ${op}`), opsPerSecond(`vault ${op}`)];
    return [
      { bench: NAME, subject: `node:crypto AES-256-GCM ${op}, one field (baseline)`, metric: "ops/s", value: raw.toFixed(0) },
      { bench: NAME, subject: `vault ${op}, one field`, metric: "ops/s", value: ours.toFixed(0), vsBaseline: ratio(ours, raw) },
    ];
  });
}

export const vaultBench: Bench = {
  name: NAME,
  async run() {
    return withBenchVault(async ({ db, vault }) => {
      return [...(await upsertRows(db, vault)), ...(await fieldRows(vault))];
    });
  },
};
