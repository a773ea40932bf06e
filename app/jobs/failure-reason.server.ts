// The cause of a failure in a few readable words, for columns an operator or a merchant reads
// (lastError) and for warn-level logs. Library errors can run to kilobytes: Prisma's repeat the call
// site with source code and absolute paths before the actual cause, on its last line.
const MAX_CHARS = 200;
const ABSOLUTE_PATH = /(?:file:\/\/)?(?:\/[\w.@-]+){2,}(?::\d+){0,2}/g;

export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim()).filter(Boolean);
  const code = (error as { code?: unknown } | null)?.code;
  const prismaCode = typeof code === "string" && /^P\d{4}$/.test(code) ? code : undefined;
  // Prisma puts the cause last; everything else leads with it.
  const cause = (prismaCode || /invocation/.test(lines[0] ?? "") ? lines.at(-1) : lines[0]) ?? "unknown error";
  const text = `${prismaCode ? `database error ${prismaCode}: ` : ""}${cause.replace(ABSOLUTE_PATH, "…")}`;
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
