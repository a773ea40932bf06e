// Development only (server.ts --dev). Vite refuses files outside its allow list with a page that names
// the absolute path and every allowed folder; the development tunnel makes that page public. Such a
// refusal is answered as a plain 404 in the common error shape instead.
import type { RequestHandler } from "express";
import { errorBody } from "./error-responses.server";
import { requestIdOf } from "./request-id.server";

export const hideViteRefusals: RequestHandler = (req, res, next) => {
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  const refused = () => res.statusCode === 403 && !res.headersSent;
  res.write = ((...args: Parameters<typeof res.write>) => (refused() ? true : write(...args))) as typeof res.write;
  res.end = ((...args: Parameters<typeof res.end>) => {
    if (!refused()) return end(...args);
    res.statusCode = 404;
    res.setHeader("Content-Type", "application/json");
    return end(errorBody(404, requestIdOf(req.headers)));
  }) as typeof res.end;
  next();
};
