import { randomUUID } from "node:crypto";

/** Row ids: random UUIDs. Also valid BullMQ job ids (no ':' and never all digits). */
export const newId = (): string => randomUUID();
