// After a web request commits outbox rows, it tries to relay them at once so jobs start without
// waiting for the worker's relay round. Best effort and off the response path: when Redis is away
// the rows simply wait for the worker's relay.
import { db } from "../db.server";
import { log } from "../log.server";
import { relayOutbox } from "./outbox.server";
import { queues } from "./queues.server";
import { JOBS } from "./registry.server";

export function relaySoon(outboxIds: string[]): void {
  if (outboxIds.length === 0) return;
  void relayOutbox({ db: db(), queues: queues(), jobs: JOBS, log, ids: outboxIds }).catch((error: unknown) =>
    log.warn({ err: error }, "immediate relay failed; the worker's relay will retry"),
  );
}
