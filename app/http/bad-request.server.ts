// Query parameters, route params and form fields are validated with zod at the route; anything that
// does not parse is answered with 400 and a message naming the offending field.
import type { z } from "zod";
import { describeIssues } from "../http/describe-issues.server";

export function parseOrBadRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw Response.json({ error: describeIssues(parsed.error) }, { status: 400 });
  return parsed.data;
}

/** Validates the query parameters the schema names; the admin's own (shop, host, id_token…) are left alone. */
export function parseQueryOrBadRequest<Schema extends z.ZodObject>(schema: Schema, request: Request): z.output<Schema> {
  const params = new URL(request.url).searchParams;
  const own = Object.keys(schema.shape).filter((key) => params.has(key));
  return parseOrBadRequest(schema, Object.fromEntries(own.map((key) => [key, params.get(key)])));
}
