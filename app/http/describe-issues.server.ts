import type { z } from "zod";

/** A readable reason for input that does not match its schema, naming fields but never their values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
}
