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
  {
    // Places allowed to read process.env: the env module, scripts, tests, configs, instrumentation (NEXT_RUNTIME).
    files: ["server/env.ts", "scripts/**", "tests/**", "e2e/**", "bench/**", "*.config.*", "instrumentation.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
