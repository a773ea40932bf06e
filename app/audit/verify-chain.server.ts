// Verifying a shop's audit chain: every entry must hash to what it stores, link to the entry before it
// and follow it in sequence. The first entry that does not is reported with what happened to it, so
// `npm run audit:verify`, the Audit page and the health check all say the same thing.
// A chain whose oldest entries retention removed starts at its anchor (app/audit/prune-chain.server.ts),
// which must be attested by a retained entry; the newest entries can only be checked against a head
// (seq and hash) recorded elsewhere, which is why a successful check returns it.
import type { Db } from "../db.server";
import { AUDIT_PRUNED_ACTION, entryHash, GENESIS_HASH } from "./audit-trail.server";

const PAGE = 500;

export type ChainProblem = "changed" | "removed" | "reordered" | "anchor-unattested";

export type ChainVerdict =
  | { shop: string; ok: true; checked: number; head: { seq: number; hash: string } | null }
  | { shop: string; ok: false; checked: number; brokenAt: number; problem: ChainProblem; explanation: string };

type Entry = Awaited<ReturnType<Db["auditEvent"]["findMany"]>>[number];

const hashesTo = (entry: Entry, seq: number) => entryHash(entry.prevHash, { ...entry, seq }) === entry.hash;

/** Up to how far from its position a moved entry is recognised (by hashing it as written there). */
const MOVED_SEARCH = 1_000;

/** The position an entry was written at, if its content is otherwise untouched. */
function writtenAt(entry: Entry): number | undefined {
  for (let offset = 0; offset <= MOVED_SEARCH; offset++) {
    for (const seq of offset ? [entry.seq + offset, entry.seq - offset] : [entry.seq]) {
      if (seq > 0 && hashesTo(entry, seq)) return seq;
    }
  }
  return undefined;
}

/** What went wrong at `entry`, the first one that does not follow from its expected predecessor. */
async function diagnose(db: Db, entry: Entry, expected: { seq: number; prevHash: string }) {
  const original = writtenAt(entry);
  if (original === undefined || entry.prevHash === expected.prevHash) {
    return { brokenAt: entry.seq, problem: "changed" as const, explanation: `entry ${entry.seq} does not hash to its stored hash` };
  }
  // Untouched, but written after another entry than the one before it: that entry is elsewhere in
  // the chain (reordered) or gone (removed, the rest possibly renumbered).
  const predecessor = await db.auditEvent.findFirst({ where: { shop: entry.shop, hash: entry.prevHash }, select: { seq: true } });
  if (predecessor) {
    return { brokenAt: entry.seq, problem: "reordered" as const, explanation: `entry ${entry.seq} was written as entry ${original}, after the entry now at ${predecessor.seq}` };
  }
  const missing = Math.max(1, original - expected.seq);
  return {
    brokenAt: expected.seq,
    problem: "removed" as const,
    explanation: `${missing === 1 ? "1 entry is" : `${missing} entries are`} missing before the entry written as ${original}${original !== entry.seq ? `, now numbered ${entry.seq}` : ""}`,
  };
}

const attests = (entry: Entry, anchor: { seq: number; hash: string }) => {
  if (entry.action !== AUDIT_PRUNED_ACTION || !entry.detail) return false;
  const detail = JSON.parse(entry.detail) as { throughSeq?: unknown; throughHash?: unknown };
  return detail.throughSeq === anchor.seq && detail.throughHash === anchor.hash;
};

/** Walks one shop's chain from its start (or its anchor) to its newest entry. */
export async function verifyAuditChain({ db, shop }: { db: Db; shop: string }): Promise<ChainVerdict> {
  const anchor = await db.auditChainAnchor.findUnique({ where: { shop } });
  let expected = { seq: (anchor?.seq ?? 0) + 1, prevHash: anchor?.hash ?? GENESIS_HASH };
  let attested = !anchor;
  let checked = 0;
  for (let cursor = anchor?.seq ?? 0; ; ) {
    const page = await db.auditEvent.findMany({ where: { shop, seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: PAGE });
    for (const entry of page) {
      if (entry.seq !== expected.seq || entry.prevHash !== expected.prevHash || !hashesTo(entry, entry.seq)) {
        return { shop, ok: false, checked, ...(await diagnose(db, entry, expected)) };
      }
      if (anchor && !attested) attested = attests(entry, anchor);
      expected = { seq: entry.seq + 1, prevHash: entry.hash };
      checked++;
    }
    if (page.length < PAGE) break;
    cursor = page.at(-1)!.seq;
  }
  if (!attested) {
    return {
      shop,
      ok: false,
      checked,
      brokenAt: anchor!.seq + 1,
      problem: "anchor-unattested",
      explanation: `the chain starts after entry ${anchor!.seq}, but no retained entry records that pruning`,
    };
  }
  return { shop, ok: true, checked, head: checked ? { seq: expected.seq - 1, hash: expected.prevHash } : null };
}

/** Every shop's chain, or one shop's: the command line and the health check call this. */
export async function verifyAuditChains({ db, shop }: { db: Db; shop?: string }): Promise<ChainVerdict[]> {
  const shops = shop
    ? [shop]
    : [
        ...new Set([
          ...(await db.auditEvent.findMany({ distinct: ["shop"], select: { shop: true } })).map((row) => row.shop),
          ...(await db.auditChainAnchor.findMany({ select: { shop: true } })).map((row) => row.shop),
        ]),
      ].sort();
  const verdicts: ChainVerdict[] = [];
  for (const each of shops) verdicts.push(await verifyAuditChain({ db, shop: each }));
  return verdicts;
}
