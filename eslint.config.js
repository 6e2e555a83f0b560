// Lint for the whole repository: the Remix app, the admin extensions, and the
// Node-side tooling (scripts, tests, the development doubles in dev/,
// the benchmarks). TypeScript's untyped recommended rules only: the
// type-checked set is too slow for CI's two cores, and `tsc --noEmit` already
// checks types.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const nodeTooling = [
  "scripts/**",
  "test/**",
  "dev/**",
  "bench/**",
  "**/*.test.ts",
  "**/*.test.tsx",
  "*.config.ts",
  "*.config.js",
  "server.js",
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "prisma/postgres/generated-client/**",
      "public/**",
      ".cache/**",
      ".sandbox/**",
      ".shopify/**",
      "coverage/**",
      "bench/out/**",
      "test-results/**",
      "app/shopify-admin/generated/**",
      "extensions/*/dist/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // An unused value is dead code; a leading underscore marks a parameter a
      // signature needs but this implementation does not.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // `typeof import("…")` stays allowed: tests type a module they load after
      // setting the environment it reads at import time.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ...react.configs.flat.recommended,
    ...react.configs.flat["jsx-runtime"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y, "import-x": importX },
    languageOptions: {
      ...react.configs.flat.recommended.languageOptions,
      globals: { ...globals.browser, ...globals.node },
    },
    settings: {
      react: { version: "detect" },
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "react/prop-types": "off",
      // Apostrophes and quotes are the copy's own; only characters that look
      // like a JSX slip are refused.
      "react/no-unescaped-entities": ["error", { forbid: [">", "}"] }],
      // App Bridge's TitleBar reads `variant` (breadcrumb, primary) on its child links and buttons.
      "react/no-unknown-property": ["error", { ignore: ["variant"] }],
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // No import cycle between (or inside) the app's capability folders.
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // The development doubles and the test support stand outside the product:
    // the app never reaches into them (its own tests, beside the code, may).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(dev|test)(/|$)",
              message: "app/ does not import the development doubles or the tests.",
            },
          ],
        },
      ],
    },
  },
  {
    // The admin extensions: Preact's JSX (class, not className) with Polaris
    // web components (<s-…>) and the `shopify` global in Shopify's worker.
    files: ["extensions/**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks },
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser, shopify: "readonly" },
    },
    settings: { react: { pragma: "h", fragment: "Fragment", version: "18.3" } },
    rules: {
      "react/jsx-key": "error",
      "react/jsx-no-undef": "error",
      "react/no-children-prop": "error",
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Written as the Shopify CLI generates it for each extension's target.
    files: ["extensions/*/shopify.d.ts"],
    rules: { "@typescript-eslint/ban-ts-comment": "off", "@typescript-eslint/consistent-type-imports": "off" },
  },
  {
    files: nodeTooling,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
