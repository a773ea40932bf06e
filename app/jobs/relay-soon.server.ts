// After a web request commits outbox rows, it enqueues them at once so jobs start without waiting
// for the worker's relay round. Best effort and off the response path: when Redis is away the rows
// simply wait for the worker's relay, which also marks them relayed.
import { log } from "../log.server";
import { enqueueNow, type OutboxMessage } from "./outbox.server";
import { queues } from "./queues.server";

export function relaySoon(messages: (OutboxMessage | null)[]): void {
  const due = messages.filter((message): message is OutboxMessage => message !== null);
  if (due.length === 0) return;
  void enqueueNow({ queues: queues(), messages: due }).catch((error: unknown) =>
    log.warn({ err: error }, "immediate enqueue failed; the worker's relay will retry"),
  );
}
