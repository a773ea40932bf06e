// Unwrapped keys kept in memory so a read does not unwrap (or call a KMS) every time. Bounded in
// size (least recently used goes first) and in age (TTL), so a key that was shredded or rotated
// elsewhere does not live on in a long-running process, and a memory dump holds few keys.
export interface KeyCache<Value = Buffer> {
  get(name: string): Value | undefined;
  set(name: string, value: Value): void;
  delete(name: string): void;
  /** Drops every key whose name starts with `prefix` (all keys of a shop). */
  deleteByPrefix(prefix: string): void;
  readonly size: number;
}

export function createKeyCache<Value = Buffer>({
  maxEntries = 10_000,
  ttlMs = 5 * 60_000,
  now = Date.now,
}: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}): KeyCache<Value> {
  // A Map iterates in insertion order; re-inserting on every hit makes the first entry the LRU one.
  const entries = new Map<string, { value: Value; expiresAt: number }>();
  return {
    get(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      entries.delete(name);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(name, entry);
      return entry.value;
    },
    set(name, value) {
      entries.delete(name);
      entries.set(name, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    delete(name) {
      entries.delete(name);
    },
    deleteByPrefix(prefix) {
      for (const name of [...entries.keys()]) if (name.startsWith(prefix)) entries.delete(name);
    },
    get size() {
      return entries.size;
    },
  };
}
