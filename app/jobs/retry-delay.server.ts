// When BullMQ will run a failed job again, computed as BullMQ itself does (its own Backoffs, from the
// job's options), so a record can say "next try at …" while the job waits in the delayed set.
import { Backoffs, type JobsOptions } from "bullmq";

/** Milliseconds until the next attempt after attempt `attempt` (1-based) fails; null when it is the last. */
export function retryDelayMs(options: Pick<JobsOptions, "attempts" | "backoff">, attempt: number): number | null {
  if (attempt >= (options.attempts ?? 1)) return null;
  const backoff = options.backoff === undefined ? undefined : Backoffs.normalize(options.backoff);
  if (!backoff) return 0;
  // Built-in strategies ignore the error and the job; a custom one would need the worker's settings.
  const delay = Backoffs.calculate(backoff, attempt, new Error("failed"), undefined as never, undefined);
  return typeof delay === "number" ? delay : 0;
}
