// Random bytes cut from a pool: one call to the random generator costs about 20 µs here, whatever
// the size, and a full sync needs a nonce per sealed field and a fresh key per customer, millions of
// calls. Each byte is handed out once, as a copy, and zeroed in the pool, so a key made from it is
// not left behind in a buffer that outlives it.
import { randomBytes } from "node:crypto";

const POOL_BYTES = 16 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

export function pooledRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES) return randomBytes(length);
  if (offset + length > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + length));
  pool.fill(0, offset, offset + length);
  offset += length;
  return bytes;
}
