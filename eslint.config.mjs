import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { importDirections } from "./lib/lint/import-directions.mjs";

/** Modules that must never reach the browser bundle. */
const SERVER_ONLY = [
  /^@\/db(\/|$)/,
  /^@\/lib\/(azure|arm-simulator|auth|runtime|realtime|spokes\/(?!present)|cli)(\/|$)/,
  /^@\/lib\/(env|audit|log|request-meta|rate-limit)$/,
  /^@\/lib\/http\/(?!action-result$)/,
  /^@\/lib\/orchestrator\/(?!workflows$)/,
  /^@\/lib\/ledger\/(?!(events|status)$)/,
  /^@azure\//,
  /^(postgres|pg-boss|drizzle-orm|@electric-sql\/.*|node:.*|fs|path|crypto|child_process)$/,
];

/** Client components (files starting with "use client", and everything in components/) import only client-safe code. */
const clientBoundary = {
  meta: {
    type: "problem",
    schema: [],
    messages: { forbidden: "Client code must not import server-only module '{{name}}'." },
  },
  create(context) {
    const filename = context.filename.replaceAll("\\", "/");
    const body = context.sourceCode.ast.body;
    const isClient =
      filename.includes("/components/") ||
      body.some((n) => n.type === "ExpressionStatement" && n.directive === "use client");
    if (!isClient) return {};
    const check = (node, name) => {
      if (typeof name === "string" && SERVER_ONLY.some((re) => re.test(name))) {
        context.report({ node, messageId: "forbidden", data: { name } });
      }
    };
    return {
      ImportDeclaration(node) {
        if (node.importKind !== "type") check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
    };
  },
};

/**
 * Import cycles tolerated by `hsc/import-directions`: none. The list stays as the one, explicit place
 * an exception would have to be argued for (an entry matches a cycle with exactly those members).
 * `node lib/lint/print-cycles.mjs` prints every cycle, ignoring this list.
 */
const KNOWN_CYCLES = {
  // Between folders of lib/: none (lib/ledger owns the deployment record; realtime is transport only).
  folders: [],
  // Files inside lib/arm-simulator: none (handlers depend on SimContext, the registry lists modules).
  simulator: [],
};

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      ".node/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    plugins: { hsc: { rules: { "client-boundary": clientBoundary, "import-directions": importDirections } } },
    rules: {
      "hsc/client-boundary": "error",
      // app/ never imports db; no cycle between lib/ folders; none inside lib/arm-simulator (ARCHITECTURE.md §2.1).
      "hsc/import-directions": ["error", { root: import.meta.dirname, knownCycles: KNOWN_CYCLES }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@next/next/no-img-element": "off",
    },
  },
];

export default config;
