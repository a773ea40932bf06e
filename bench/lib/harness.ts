// Shared pieces of the benchmarks: a results table, child processes, HTTP load.
import { spawn, type ChildProcess } from "node:child_process";
import fs, { readFileSync } from "node:fs";
import autocannon from "autocannon";

export { freePort } from "../../harness/free-port";

export interface BenchRow {
  bench: string;
  subject: string;
  metric: string;
  value: string;
  vsBaseline?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}

/**
 * Starts a child process and resolves once `url` answers (within two minutes: a loaded machine starts
 * slowly). Its standard output (the app's log lines) goes to `logFile` when given, else nowhere.
 */
export async function startProcess(command: string, args: string[], env: Record<string, string>, url: string, logFile?: string): Promise<ChildProcess> {
  const output = logFile ? fs.openSync(logFile, "a") : "ignore";
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", output, "inherit"] });
  if (typeof output === "number") fs.closeSync(output);
  for (let attempt = 0; attempt < 1_200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  throw new Error(`${url} did not answer`);
}

export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Requests answered 2xx. */
  ok: number;
}

export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 32, duration: 8, ...options });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    ok: result["2xx"],
  };
}

export const ratio = (value: number, baseline: number) => `${(value / baseline).toFixed(2)}×`;

/** req/s, p50 and p99 of a load run, each next to the baseline's; any failed request fails the bench. */
export function throughputRows(bench: string, subject: string, result: LoadResult, baseline?: LoadResult): BenchRow[] {
  if (result.non2xx || result.errors) throw new Error(`${subject}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return [
    { bench, subject, metric: "req/s", value: result.requestsPerSecond.toFixed(0), vsBaseline: baseline && ratio(result.requestsPerSecond, baseline.requestsPerSecond) },
    { bench, subject, metric: "p50 ms", value: String(result.p50), vsBaseline: baseline && ratio(result.p50, baseline.p50) },
    { bench, subject, metric: "p99 ms", value: String(result.p99), vsBaseline: baseline && ratio(result.p99, baseline.p99) },
  ];
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
export function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of stat, counted from after the command name (field 2).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

// sysconf(_SC_CLK_TCK): 100 on every Linux this runs on.
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs a load and also reports the process's CPU time per request. */
export async function loadWithCpu(pid: number, options: autocannon.Options): Promise<LoadResult & { cpuMsPerRequest: number }> {
  const before = cpuTimeMs(pid);
  const result = await load(options);
  return { ...result, cpuMsPerRequest: (cpuTimeMs(pid) - before) / Math.max(result.requests, 1) };
}
