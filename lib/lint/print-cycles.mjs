#!/usr/bin/env node
/**
 * Prints every import cycle the `hsc/import-directions` rule knows of (ignoring its allowlist), with
 * the file imports that form it: `node lib/lint/print-cycles.mjs [--runtime] [repository root]`
 * (--runtime: value imports only, type-only imports left out).
 */
import path from "node:path";
import { buildImportGraph } from "./import-graph.mjs";
import { describeCycle, findCycles } from "./import-directions.mjs";

const args = process.argv.slice(2);
const runtimeOnly = args.includes("--runtime");
const rootArg = args.find((a) => !a.startsWith("--"));
const root = path.resolve(rootArg ?? path.join(import.meta.dirname, "..", ".."));
const cycles = findCycles(buildImportGraph(root, undefined, { typeOnly: !runtimeOnly }));
if (cycles.length === 0) console.log("No import cycle between folders of lib/ or files of lib/arm-simulator.");
for (const c of cycles) {
  console.log(describeCycle(c));
  console.log(`  members: ${c.members.join(", ")}`);
  for (const [from, to] of c.edges) console.log(`    ${from} → ${to}`);
}
process.exitCode = cycles.length ? 1 : 0;
