// One direction of dependencies (docs/architecture.md): edges (routes, server, worker, scripts,
// benchmarks, tests) → domain modules → infrastructure. Checked by `npm run lint`.
const TEST = "\\.test\\.tsx?$";
const EDGES = "^(scripts|test|bench|harness)/|^(server|worker)\\.ts$";
const INFRASTRUCTURE = "^app/(jobs/|http/|(db|log|config|ids|api-version|sqlite-adapter|database-target)\\.server)";
const DOMAINS = "^app/(analytics|privacy|sync|vault|shops|sessions|audit|health|retention|security|trackers|staff|customers)/";

// eslint-disable-next-line no-undef -- CommonJS: the format dependency-cruiser reads
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules import each other in a circle (type-only imports excepted).",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "app-not-to-edges",
      severity: "error",
      comment: "The app never imports scripts, tests, benchmarks or the test harness.",
      from: { path: "^app/", pathNot: TEST },
      to: { path: EDGES },
    },
    {
      name: "infrastructure-not-to-domains",
      severity: "error",
      comment: "Infrastructure (jobs machinery, db, log, config, http) knows no domain, route or the composition root.",
      from: { path: INFRASTRUCTURE, pathNot: TEST },
      to: { path: `${DOMAINS}|^app/(routes|components)/|^app/(composition|shopify)\\.server`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domains-not-to-edges",
      severity: "error",
      comment: "Domain modules do not import routes, UI components or the composition root.",
      from: { path: DOMAINS, pathNot: TEST },
      to: { path: "^app/(routes|components)/|^app/composition\\.server" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".mjs", ".js", ".d.mts"] },
  },
};
