// npm run audit:verify [-- <shop>]
// Checks every shop's audit chain (or one shop's) and prints, per shop, the entries checked and the
// head (seq and hash) to keep elsewhere, or the first changed, removed or reordered entry. Exits 1 when
// any chain is broken, 2 on wrong usage.
import "./lib/load-env.mjs";
import { verifyAuditChains } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";

const shop = process.argv[2];
if (shop !== undefined && !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) {
  console.error("Usage: npm run audit:verify [-- <shop>.myshopify.com]");
  process.exit(2);
}
const verdicts = await verifyAuditChains({ db: db(), shop });
for (const verdict of verdicts) {
  if (verdict.ok) {
    console.log(`${verdict.shop}: ok, ${verdict.checked} entries${verdict.head ? `, head ${verdict.head.seq} ${verdict.head.hash}` : ""}`);
  } else {
    console.log(`${verdict.shop}: BROKEN at entry ${verdict.brokenAt} (${verdict.problem}): ${verdict.explanation}; ${verdict.checked} entries verified before it`);
  }
}
if (!verdicts.length) console.log(shop ? `${shop}: no audit entries` : "no audit entries");
await db().$disconnect();
process.exit(verdicts.every((verdict) => verdict.ok) ? 0 : 1);
