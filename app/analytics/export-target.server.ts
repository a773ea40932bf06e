// Where an analytics export puts its files: a folder (the command line) or a zip archive streamed to
// the merchant (zip-target.server.ts). The export opens one file per table and format, writes it
// batch by batch and closes it; a target that is aborted leaves nothing usable behind.
import { mkdir, open, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";

export interface ExportFile {
  write(bytes: Uint8Array): Promise<void>;
  /** The file is complete; resolves with its size in bytes. */
  close(): Promise<number>;
}

export interface ExportTarget {
  openFile(name: string): Promise<ExportFile>;
  /** Every file is closed and the export is recorded: make the result whole. */
  finish(): Promise<void>;
  /** The export failed part way: remove or break what was written. */
  abort(error: unknown): Promise<void>;
}

/** The files in a folder, created when the first file is opened. */
export function directoryTarget(dir: string): ExportTarget {
  const opened: { path: string; handle: FileHandle }[] = [];
  return {
    async openFile(name) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, name);
      const handle = await open(path, "w");
      opened.push({ path, handle });
      let bytes = 0;
      return {
        async write(chunk) {
          bytes += (await handle.write(chunk)).bytesWritten;
        },
        async close() {
          await handle.close();
          return bytes;
        },
      };
    },
    async finish() {},
    async abort() {
      // Closing an already closed handle is harmless; the files go either way.
      await Promise.all(opened.map(({ handle }) => handle.close().catch(() => undefined)));
      await Promise.all(opened.map(({ path }) => rm(path, { force: true })));
    },
  };
}
