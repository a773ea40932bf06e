import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".cache/", ".data/", "coverage/", "extensions/**/assets/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  { files: ["scripts/**", "bench/**"], rules: { "no-console": "off" } },
  {
    // Routes act for one shop: shopDb(shop), under row-level security (docs/decisions/016-row-level-security.md).
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        ...["../db.server", "~/db.server"].map((name) => ({ name, importNames: ["db"], message: "Use shopDb(shop) in routes: db() bypasses row-level security." })),
      ],
    },
  },
);
