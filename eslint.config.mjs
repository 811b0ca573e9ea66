import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** Modules that must never reach the browser bundle. */
const SERVER_ONLY = [
  /^@\/db(\/|$)/,
  /^@\/lib\/(azure|arm-simulator|auth|runtime|realtime|spokes\/(?!present)|cli)(\/|$)/,
  /^@\/lib\/(env|audit|log|request-meta)$/,
  /^@\/lib\/http\/(?!action-result$)/,
  /^@\/lib\/orchestrator\/(?!workflows$)/,
  /^@\/lib\/ledger\/(?!(events|status)$)/,
  /^@azure\//,
  /^(postgres|pg-boss|drizzle-orm|@electric-sql\/.*|node:.*|fs|path|crypto|child_process)$/,
];

/** Client components (files starting with "use client", and everything in components/) import only client-safe code. */
const clientBoundary = {
  meta: { type: "problem", schema: [], messages: { forbidden: "Client code must not import server-only module '{{name}}'." } },
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

const config = [
  { ignores: [".next/**", "node_modules/**", ".data/**", ".node/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    plugins: { hsc: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "hsc/client-boundary": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@next/next/no-img-element": "off",
    },
  },
];

export default config;
