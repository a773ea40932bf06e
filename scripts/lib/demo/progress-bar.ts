// A one-line progress bar on a terminal (redrawn in place); elsewhere (a log, a pipe) only the final
// line is written, so a captured output does not fill with redraws.
import type { Writable } from "node:stream";

const WIDTH = 30;

export function progressBar({ label, total, out = process.stdout }: { label: string; total: number; out?: Writable & { isTTY?: boolean } }) {
  let done = 0;
  const line = () => {
    const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
    return `${label.padEnd(16)} [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}] ${done}/${total}`;
  };
  return {
    tick() {
      done += 1;
      if (out.isTTY) out.write(`\r${line()}`);
    },
    finish() {
      out.write(out.isTTY ? `\r${line()}\n` : `${line()}\n`);
    },
  };
}
