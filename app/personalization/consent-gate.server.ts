// The one question every part of personalization asks before it reads, scores, stores or writes back
// anything about a customer: may this customer be personalised? The rule is the app's consent rule
// (docs/decisions/008) for the purpose "personalization"; why personalization uses it as it is:
// docs/decisions/014-personalization-consent-and-jobs.md.
import type { Db } from "../db.server";
import { mayProcess } from "../consent/may-process.server";
import { subjectRef } from "../privacy/privacy-keys.server";

export async function mayPersonalize({ db, shop, customerId }: { db: Db; shop: string; customerId: string }): Promise<boolean> {
  return (await mayProcess({ db, shop, customerId, purpose: "personalization" })).allowed;
}

const PAGE = 1_000;
const CONCURRENT = 25;

/**
 * Every customer of the shop, split by the gate, by subject reference (what the models see) with
 * their customer id (what the write-back needs). Customers the vault does not hold have no consent on
 * record and are in neither.
 */
export async function personalizableCustomers({ db, shop }: { db: Db; shop: string }): Promise<{ allowed: Map<string, string>; refused: Map<string, string> }> {
  const allowed = new Map<string, string>();
  const refused = new Map<string, string>();
  for (let after: string | undefined; ; ) {
    const page = await db.customer.findMany({ where: { shop, ...(after === undefined ? {} : { customerId: { gt: after } }) }, orderBy: { customerId: "asc" }, take: PAGE, select: { customerId: true } });
    for (let start = 0; start < page.length; start += CONCURRENT) {
      const slice = page.slice(start, start + CONCURRENT);
      const verdicts = await Promise.all(slice.map(({ customerId }) => mayPersonalize({ db, shop, customerId })));
      slice.forEach(({ customerId }, i) => (verdicts[i] ? allowed : refused).set(subjectRef({ shop, customerId }), customerId));
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.customerId;
  }
  return { allowed, refused };
}
