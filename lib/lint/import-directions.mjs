/**
 * ESLint rule `hsc/import-directions` (ARCHITECTURE.md §2.1): the directions imports may take.
 *   (a) nothing in `app/` imports the database (`@/db…` or a path into `db/`): pages, routes and
 *       actions call lib verbs, and the route wrappers / action helpers inject the context;
 *   (b) no cycle between folders of `lib/` (a folder is the first path segment under lib/; a file
 *       directly in lib/ is a unit of its own);
 *   (c) no cycle between files inside `lib/arm-simulator`.
 * (b) and (c) read one import graph of lib/, built once per lint run (import-graph.mjs: value and
 * type-only imports are edges; tests and test-support modules are not nodes). Every import that lies on
 * a cycle is reported where it is written, naming one whole cycle through it. A cyclic component
 * equal to an entry of `knownCycles` is tolerated (an explicit, temporary allowlist).
 */
import path from "node:path";
import { statSync } from "node:fs";
import {
  TEST_FILE,
  buildImportGraph,
  cyclicComponents,
  groupGraph,
  isAllowed,
  libFolderOf,
  resolveSpecifier,
  shortestCycle,
  shortestPath,
} from "./import-graph.mjs";

const SIM = "lib/arm-simulator/";

const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * Every forbidden cycle of lib/, with the file edges that lie on it.
 * @returns {{ kind: "folders" | "simulator", members: string[], example: string[], edges: [string, string][] }[]}
 */
export function findCycles(graph, knownCycles = {}) {
  const out = [];
  const folders = groupGraph(graph, (f) => libFolderOf(f));
  for (const members of cyclicComponents(folders)) {
    if (isAllowed(members, knownCycles.folders ?? [])) continue;
    const edges = [];
    for (const a of members)
      for (const [b, files] of folders.get(a) ?? []) if (members.includes(b)) edges.push(...files);
    out.push({
      kind: "folders",
      members,
      example: shortestCycle(folders, members[0], members),
      edges,
      through: (a, b) => throughEdge(folders, members, libFolderOf(a), libFolderOf(b)),
    });
  }
  const sim = new Map(
    [...graph.edges]
      .filter(([f]) => f.startsWith(SIM))
      .map(([f, to]) => [f, new Map([...to].filter(([t]) => t.startsWith(SIM)))]),
  );
  for (const members of cyclicComponents(sim)) {
    if (isAllowed(members, knownCycles.simulator ?? [])) continue;
    const edges = [];
    for (const a of members) for (const b of sim.get(a)?.keys() ?? []) if (members.includes(b)) edges.push([a, b]);
    out.push({
      kind: "simulator",
      members,
      example: shortestCycle(sim, members[0], members),
      edges,
      through: (a, b) => throughEdge(sim, members, a, b),
    });
  }
  return out;
}

/** The shortest cycle that uses the edge a → b: a, b, …, a. */
function throughEdge(adjacency, members, a, b) {
  const back = shortestPath(adjacency, b, a, members);
  return back ? [a, ...back] : [a, b, a];
}

/**
 * One line per cycle, for people (print-cycles.mjs) and for the rule's messages; with `edge`
 * (a file import on the cycle), the shortest cycle through that import.
 */
export function describeCycle(c, edge) {
  const name = (f) => (c.kind === "folders" ? `lib/${f}` : f.slice(SIM.length));
  const where = c.kind === "folders" ? "between folders of lib/" : "between files of lib/arm-simulator";
  const path = edge && c.through ? c.through(edge[0], edge[1]) : c.example;
  return `cycle ${where} (${c.members.length} in the circle): ${path.map(name).join(" → ")}`;
}

const cache = new Map();

/** from-file → (to-file → message), for one repository root and allowlist; built once per process. */
function violations(root, knownCycles) {
  const key = `${root}\n${JSON.stringify(knownCycles)}`;
  let v = cache.get(key);
  if (!v) {
    v = new Map();
    for (const c of findCycles(buildImportGraph(root), knownCycles)) {
      for (const [from, to] of c.edges) {
        if (!v.has(from)) v.set(from, new Map());
        v.get(from).set(to, describeCycle(c, [from, to]));
      }
    }
    cache.set(key, v);
  }
  return v;
}

const DB_SPECIFIER = /^@\/db(\/|$)/;

export const importDirections = {
  meta: {
    type: "problem",
    schema: [
      {
        type: "object",
        properties: {
          root: { type: "string" },
          knownCycles: {
            type: "object",
            properties: {
              folders: { type: "array", items: { type: "array", items: { type: "string" } } },
              simulator: { type: "array", items: { type: "array", items: { type: "string" } } },
            },
            additionalProperties: false,
          },
        },
        required: ["root"],
        additionalProperties: false,
      },
    ],
    messages: {
      appDb:
        "app/ must not import the database ('{{name}}'): call a lib verb; the route wrapper or action helper gives it its ctx (ARCHITECTURE.md §2.1).",
      cycle: "This import closes a {{cycle}}. Imports must point one way (ARCHITECTURE.md §2.1).",
    },
  },
  create(context) {
    const { root, knownCycles = {} } = context.options[0] ?? {};
    const abs = path.resolve(context.filename);
    const rel = path.relative(root, abs).split(path.sep).join("/");
    const inApp = rel.startsWith("app/");
    const inLib = rel.startsWith("lib/") && /\.(ts|tsx)$/.test(rel) && !TEST_FILE.test(rel);
    if (!inApp && !inLib) return {};
    const check = (node, spec) => {
      if (typeof spec !== "string") return;
      const target = resolveSpecifier(root, abs, spec, isFile);
      if (inApp) {
        const intoDb = target ? path.relative(root, target).split(path.sep)[0] === "db" : false;
        if (DB_SPECIFIER.test(spec) || intoDb) context.report({ node, messageId: "appDb", data: { name: spec } });
        return;
      }
      if (!target) return;
      const to = path.relative(root, target).split(path.sep).join("/");
      const cycle = violations(root, knownCycles).get(rel)?.get(to);
      if (cycle) context.report({ node, messageId: "cycle", data: { cycle } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
    };
  },
};
