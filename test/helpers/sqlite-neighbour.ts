// Another process on the same SQLite file, as the worker or an operator's sqlite3 shell would be: it
// holds a lock for as long as the test says, or reads in a loop and counts what failed. A second
// process, because libsql is synchronous: two connections in this one process can never overlap.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const ROOT = new URL("../..", import.meta.url).pathname;

// Plain libsql with its defaults (no busy timeout), as a neighbour that did not opt into waiting.
const HOLD_LOCK = `
import { createClient } from "@libsql/client";
const client = createClient({ url: process.env.NEIGHBOUR_DB_URL });
await client.execute("BEGIN " + process.env.NEIGHBOUR_LOCK);
console.log("locked");
process.stdin.once("data", async () => { await client.execute("ROLLBACK"); client.close(); console.log("released"); process.exit(0); });
`;

const READ_IN_LOOP = `
import { createClient } from "@libsql/client";
const client = createClient({ url: process.env.NEIGHBOUR_DB_URL });
let reads = 0; const errors = [];
let stop = false;
process.stdin.once("data", () => { stop = true; });
console.log("reading");
while (!stop) {
  try { await client.execute("SELECT count(*) FROM Shop"); reads++; } catch (error) { errors.push(String(error.message)); }
  await new Promise((resolve) => setImmediate(resolve));
}
console.log(JSON.stringify({ reads, errors }));
process.exit(0);
`;

function startNeighbour(script: string, env: Record<string, string>): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextLine(lines: AsyncIterableIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error("the neighbour process ended early");
  return value;
}

/** Another process takes the lock (BEGIN IMMEDIATE: the write lock; EXCLUSIVE: readers too, outside WAL). */
export async function lockFromAnotherProcess(url: string, lock: "IMMEDIATE" | "EXCLUSIVE") {
  const { child, lines } = startNeighbour(HOLD_LOCK, { NEIGHBOUR_DB_URL: url, NEIGHBOUR_LOCK: lock });
  if ((await nextLine(lines)) !== "locked") throw new Error("the neighbour did not get the lock");
  return {
    async release() {
      child.stdin!.write("release\n");
      await nextLine(lines);
      await once(child, "exit");
    },
  };
}

/** Another process reads without pause until stopped; returns how many reads went through and what failed. */
export async function readFromAnotherProcess(url: string) {
  const { child, lines } = startNeighbour(READ_IN_LOOP, { NEIGHBOUR_DB_URL: url });
  await nextLine(lines);
  return {
    async stop(): Promise<{ reads: number; errors: string[] }> {
      child.stdin!.write("stop\n");
      const result = JSON.parse(await nextLine(lines)) as { reads: number; errors: string[] };
      await once(child, "exit");
      return result;
    },
  };
}
