// The local Admin API server as the app's Admin API origin (SHOPIFY_ADMIN_API_ORIGIN). Call it from
// vi.hoisted: the settings are read once per process, before the app's modules load.
import { startAdminApiServer } from "../../harness/admin-api-server";

export async function startAdminApiOrigin() {
  const server = await startAdminApiServer();
  process.env.SHOPIFY_ADMIN_API_ORIGIN = server.url;
  return server;
}
