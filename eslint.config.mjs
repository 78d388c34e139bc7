import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "data/**",
      "server/db/generated/**",
      "e2e/artifacts/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='eval']", message: "eval is forbidden: user text must never be evaluated" },
        { selector: "NewExpression[callee.name='Function']", message: "new Function is forbidden: user text must never be evaluated" },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read environment variables through server/env.ts" },
      ],
    },
  },
  // Import directions (ARCHITECTURE.md "Imports point inward"): a wrong import fails lint instead of review.
  // Each glob gets one rule entry: flat config replaces, not merges, a rule's options for a file.
  {
    files: ["components/**", "lib/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server", "@/server/**", "../server/**", "../../server/**", "../../../server/**", "../../../../server/**"],
              allowTypeImports: true,
              message: "components/ and lib/ reach the browser: import server/ only with `import type`.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/engine/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/**", "@trpc/**"], message: "The engine imports no Next.js or tRPC: it runs in plain workers too." },
            {
              group: ["@/server/services/**", "@/server/queue/**", "@/server/runtime/**", "@/server/trpc/**", "../services/**", "../queue/**", "../runtime/**", "../trpc/**"],
              message: "The engine sits below services, dispatchers and the runtime: they call it, never the other way round (pass what it needs through its ports).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/services/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/**"], message: "Services are shared by tRPC, REST and scripts: no Next.js in here." },
            { group: ["@/server/trpc/**", "../trpc/**", "../../trpc/**"], message: "Services throw AppError and never know tRPC; routers call services, not the reverse." },
          ],
        },
      ],
    },
  },
  {
    files: ["server/nodes/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/server/db", "@/server/db/**", "../db", "../db/**"], message: "Nodes reach the outside world only through the context the engine hands them, never the database." },
          ],
        },
      ],
    },
  },
  {
    files: ["server/auth/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["@/server/trpc/**", "../trpc/**"], message: "Auth sits below tRPC (and REST): tRPC imports auth, never the reverse." }],
        },
      ],
    },
  },
  {
    // Places allowed to read process.env: the env module, scripts, tests, configs, instrumentation (NEXT_RUNTIME).
    files: ["server/env.ts", "scripts/**", "tests/**", "e2e/**", "bench/**", "*.config.*", "instrumentation.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
