// After a web request commits outbox rows, it enqueues them at once so jobs start without waiting
// for the worker's relay round. Best effort and off the response path: when Redis is away the rows
// simply wait for the worker's relay, which also marks them relayed.
import { log } from "../log.server";
import { enqueueNow, type addToOutbox } from "./outbox.server";
import { queues } from "./queues.server";
import { JOBS } from "./registry.server";

export function relaySoon(messages: Awaited<ReturnType<typeof addToOutbox>>[]): void {
  if (messages.length === 0) return;
  void enqueueNow({ queues: queues(), jobs: JOBS, messages }).catch((error: unknown) =>
    log.warn({ err: error }, "immediate enqueue failed; the worker's relay will retry"),
  );
}
