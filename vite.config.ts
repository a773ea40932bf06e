import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// The generated Prisma clients load a WASM query compiler from their own folder: keep them (and the
// queue library, which reads its Lua scripts from disk) out of the server bundle.
const SERVER_EXTERNALS = ["@consent-vault/prisma-sqlite", "@consent-vault/prisma-postgresql", "bullmq", "ioredis", "pino"];

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Only `npm run dev` serves through Vite (server.ts --dev, hot reload over the app's own port). Vite
// would serve any project file it can read; the runtime data, secrets, migrations and server-only
// modules must never be among them, even behind the development tunnel.
const NEVER_SERVED = [".env", ".env.*", "**/.data/**", "**/.git/**", "**/prisma/**", "**/scripts/**", "**/*.db", "**/*.db-*", "**/*.pem", "**/*.key", "**/*.server.*", "**/.shopify/**"];

export default defineConfig({
  server: { fs: { strict: true, allow: ["app", "node_modules"], deny: NEVER_SERVED } },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  build: { assetsInlineLimit: 0 },
  ssr: { external: SERVER_EXTERNALS },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
