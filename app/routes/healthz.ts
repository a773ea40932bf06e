// Liveness: the process is up and its event loop turns. Touches no dependency on purpose.
export const loader = () =>
  Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
