// Jobs waiting in Redis that name a customer or a shop. Payloads carry ids only, but a job about an
// erased customer must not run afterwards and re-create what was erased. Also removes any Redis key
// the app keeps per shop: by convention such keys start with `<prefix>:shop:{<shop>}:`.
import type { Job, JobType } from "bullmq";
import type { QueueName } from "../jobs/job-definition.server";
import type { Queues } from "../jobs/queues.server";
import { deleteKeys, scanKeys } from "../jobs/redis.server";
import type { CustomerDataHolder } from "./customer-data-holder.server";

const PENDING_STATES: JobType[] = ["waiting", "delayed", "prioritized", "waiting-children"];
const PAGE = 500;

async function removeMatching(queues: Queues, names: readonly QueueName[], matches: (job: Job) => boolean) {
  let removed = 0;
  for (const name of names) {
    const queue = await queues.get(name);
    const doomed: Job[] = [];
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs(PENDING_STATES, start, start + PAGE - 1, true);
      doomed.push(...jobs.filter((job) => job && matches(job)));
      if (jobs.length < PAGE) break;
    }
    await Promise.all(doomed.map((job) => job.remove()));
    removed += doomed.length;
  }
  return removed;
}

export function queuedJobsHolder({ queues, queueNames, prefix }: { queues: Queues; queueNames: readonly QueueName[]; prefix: string }): CustomerDataHolder {
  return {
    name: "queue",
    async eraseCustomer({ subject }) {
      const jobs = await removeMatching(
        queues,
        queueNames,
        (job) => job.data?.shop === subject.shop && job.data?.customerId === subject.customerId,
      );
      return { jobs };
    },
    async eraseShop({ shop }) {
      const jobs = await removeMatching(queues, queueNames, (job) => job.data?.shop === shop);
      let keys = 0;
      for await (const found of scanKeys(queues.connection, `${prefix}:shop:{${shop}}:*`)) keys += await deleteKeys(queues.connection, found);
      return { jobs, keys };
    },
  };
}
