// Entry of the fit's worker thread (fit-thread.server.ts): fits, answers once, ends.
import { parentPort, workerData } from "node:worker_threads";
import type { LineItems } from "./line-items";
import { fitShop } from "./shop-model";

const { lines, asOf } = workerData as { lines: LineItems; asOf: number };
parentPort!.postMessage(fitShop(lines, asOf));
