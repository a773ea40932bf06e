// The shop fit is seconds to minutes of pure CPU (neighbours, k-means, Nelder–Mead): it runs in a
// worker thread so the job worker's event loop keeps renewing job locks and serving other jobs.
// The thread loads TypeScript through tsx (fit-thread-bootstrap.mjs), as the worker process itself does.
import { Worker } from "node:worker_threads";
import type { LineItems } from "./line-items";
import type { FittedShop } from "./shop-model";

export function fitShopOffThread(lines: LineItems, asOf: number): Promise<FittedShop> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./fit-thread-bootstrap.mjs", import.meta.url), { workerData: { lines, asOf } });
    let settled = false;
    worker.once("message", (fitted: FittedShop) => {
      settled = true;
      resolve(fitted);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the fit thread exited with code ${code} before answering`));
    });
  });
}
