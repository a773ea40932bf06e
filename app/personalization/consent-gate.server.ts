// The one question every part of personalization asks before it reads, scores, stores or writes back
// anything about a customer: may this customer be personalised? The rule is the app's consent rule
// (docs/decisions/008) for the purpose "personalization"; why personalization uses it as it is:
// docs/decisions/014-personalization-consent-and-jobs.md.
import type { Db } from "../db.server";
import { mayProcess, mayProcessMany } from "../consent/may-process.server";
import { batchesOf } from "../id-batches.server";
import { subjectRef } from "../privacy/privacy-keys.server";

const PURPOSE = "personalization";

export async function mayPersonalize({ db, shop, customerId }: { db: Db; shop: string; customerId: string }): Promise<boolean> {
  return (await mayProcess({ db, shop, customerId, purpose: PURPOSE })).allowed;
}

const PAGE = 1_000;

/**
 * Every customer of the shop, split by the gate, by subject reference (what the models see) with
 * their customer id (what the write-back needs). Customers the vault does not hold have no consent on
 * record and are in neither. The same rule as mayPersonalize, asked for a batch of customers at a time.
 */
export async function personalizableCustomers({ db, shop }: { db: Db; shop: string }): Promise<{ allowed: Map<string, string>; refused: Map<string, string> }> {
  const allowed = new Map<string, string>();
  const refused = new Map<string, string>();
  for (let after: string | undefined; ; ) {
    const page = await db.customer.findMany({ where: { shop, ...(after === undefined ? {} : { customerId: { gt: after } }) }, orderBy: { customerId: "asc" }, take: PAGE, select: { customerId: true } });
    for (const batch of batchesOf(page.map(({ customerId }) => customerId))) {
      const verdicts = await mayProcessMany({ db, shop, customerIds: batch, purpose: PURPOSE });
      for (const customerId of batch) (verdicts.get(customerId)!.allowed ? allowed : refused).set(subjectRef({ shop, customerId }), customerId);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.customerId;
  }
  return { allowed, refused };
}
