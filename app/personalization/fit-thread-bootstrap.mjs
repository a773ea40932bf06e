// Loads the fit thread's TypeScript entry through tsx's loader, registered inside this thread
// (a loader given to the parent process does not reach worker threads on every Node version).
import { register } from "tsx/esm/api";

register();
await import("./fit-thread-entry.ts");
