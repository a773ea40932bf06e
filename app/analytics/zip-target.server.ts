// The analytics export as one zip archive, streamed as it is written (fflate). A zip entry's bytes
// must be contiguous, but the export feeds a table's formats side by side: the first open file goes
// into the archive as it is written, and a file opened meanwhile waits in a private temporary file
// until the one before it is complete. Memory thus holds about a megabyte of the archive (the body's
// queue; writing waits while the reader is behind), not a table. A reader that goes away fails the
// next write, so the export stops and records nothing.
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Zip, ZipDeflate } from "fflate";
import type { ExportFile, ExportTarget } from "./export-target.server";

export class DownloadCancelledError extends Error {
  constructor() {
    super("the download was cancelled before the archive was complete");
    this.name = "DownloadCancelledError";
  }
}

const QUEUED_BYTES = 1 << 20;
const SPOOL_READ_BYTES = 1 << 16;

interface Entry {
  name: string;
  /** Set once the entry is the archive's current one. */
  input?: ZipDeflate;
  /** Where it is written while an earlier entry is still open. */
  spool?: { path: string; handle: FileHandle };
  closed: boolean;
  bytes: number;
}

export function zipTarget({ signal, modifiedAt = new Date() }: { signal?: AbortSignal; modifiedAt?: Date } = {}): { target: ExportTarget; body: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | undefined;
  let cancelled = false;
  let ended = false;
  const cancel = () => {
    cancelled = true;
    wake?.();
  };
  signal?.addEventListener("abort", cancel, { once: true });
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => void (controller = c),
      pull: () => wake?.(),
      cancel,
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED_BYTES }),
  );
  const zip = new Zip((error, chunk, final) => {
    if (error) return controller.error(error);
    if (cancelled) return;
    controller.enqueue(chunk);
    if (final) {
      ended = true;
      controller.close();
    }
  });

  const drained = async () => {
    while (!cancelled && (controller.desiredSize ?? 0) <= 0) await new Promise<void>((resolve) => (wake = resolve));
    if (cancelled) throw new DownloadCancelledError();
  };
  const push = async (entry: Entry, chunk: Uint8Array, final = false) => {
    entry.input!.push(chunk, final);
    await drained();
  };

  const queue: Entry[] = [];
  let spoolDir: Promise<string> | undefined;
  let spooled = 0;
  const spoolFile = async () => {
    spoolDir ??= mkdtemp(join(tmpdir(), "cv-analytics-zip-"));
    const path = join(await spoolDir, String(spooled++));
    return { path, handle: await open(path, "w+") };
  };

  /** Makes the queue's first entry the archive's current one: its waiting bytes first, then whatever follows. */
  const promote = async () => {
    for (let entry = queue[0]; entry && !entry.input; entry = queue[0]) {
      entry.input = new ZipDeflate(entry.name, { level: 6 });
      entry.input.mtime = modifiedAt;
      zip.add(entry.input);
      if (entry.spool) {
        const { path, handle } = entry.spool;
        const buffer = new Uint8Array(SPOOL_READ_BYTES);
        for (let position = 0; ; ) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) break;
          await push(entry, buffer.slice(0, bytesRead));
          position += bytesRead;
        }
        await handle.close();
        await rm(path, { force: true });
        entry.spool = undefined;
      }
      if (!entry.closed) return;
      await push(entry, new Uint8Array(0), true);
      queue.shift();
    }
  };

  const target: ExportTarget = {
    async openFile(name) {
      const entry: Entry = { name, closed: false, bytes: 0 };
      queue.push(entry);
      if (queue.length === 1) await promote();
      else entry.spool = await spoolFile();
      const file: ExportFile = {
        async write(chunk) {
          entry.bytes += chunk.length;
          if (entry.input) await push(entry, chunk);
          else await entry.spool!.handle.write(chunk);
        },
        async close() {
          entry.closed = true;
          if (entry.input) {
            await push(entry, new Uint8Array(0), true);
            queue.shift();
            await promote();
          }
          return entry.bytes;
        },
      };
      return file;
    },
    async finish() {
      if (queue.length > 0) throw new Error(`zip entries left open: ${queue.map(({ name }) => name).join(", ")}`);
      zip.end();
      if (spoolDir) await rm(await spoolDir, { recursive: true, force: true });
    },
    async abort(error) {
      zip.terminate();
      await Promise.all(queue.map((entry) => entry.spool?.handle.close().catch(() => undefined)));
      if (spoolDir) await rm(await spoolDir, { recursive: true, force: true });
      // After the reader cancelled, this changes nothing; after the request was aborted, it ends the body.
      if (!ended) controller.error(error);
    },
  };
  return { target, body };
}
