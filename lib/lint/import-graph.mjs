/**
 * The import graph of the repository's TypeScript, for the import-direction lint rule
 * (lib/lint/import-directions.mjs, ARCHITECTURE.md §2.1). Plain JavaScript so eslint.config.mjs can
 * load it without a TypeScript loader; types in import-graph.d.mts.
 *
 * What counts as an edge:
 * - static `import … from`, `export … from` and `import("…")` with a literal specifier that
 *   resolves to a file of the repository (`@/…` or a relative path);
 * - type-only imports (`import type`, `export type … from`, all names `type`) COUNT by default:
 *   TypeScript erases them, but they still make one layer depend on another's definitions — the
 *   simulator's circle (handlers → `type Sim` → every handler) is made of them. `typeOnly: false`
 *   leaves them out (print-cycles.mjs --runtime shows that view);
 * - tests are not nodes: `*.test.ts(x)`, `*.spec.ts(x)` and the test-support modules only tests
 *   import (`testing.ts`, `test-fixtures.ts`, `*-fixtures.ts`, anything under a `testing/`
 *   folder). A test may reach across layers to set a scene; product code never imports them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const SOURCE = /\.(ts|tsx)$/;
/** Tests and test-support modules (a `testing.ts`, `*-fixtures.ts`, anything under a `testing/` folder). */
export const TEST_FILE =
  /(\.(test|spec)\.tsx?$)|((^|\/)(testing|test-fixtures|[\w.-]+-fixtures)\.tsx?$)|((^|\/)testing\/)/;
const DECLARATION = /\.d\.(ts|mts|cts)$/;

/** Files under `dir` (absolute) that are graph nodes: .ts/.tsx, not tests, not declarations. */
export function sourceFiles(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (SOURCE.test(name) && !TEST_FILE.test(p.split(path.sep).join("/")) && !DECLARATION.test(name)) out.push(p);
  }
  return out;
}

const isTypeOnlyImport = (node) => {
  const clause = node.importClause;
  if (!clause) return false; // `import "./side-effect"` loads the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings) return false;
  if (ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
};

const isTypeOnlyExport = (node) => {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return Boolean(
    clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly),
  );
};

/**
 * The module specifiers `text` imports at run time, with whether each is type-only.
 * @returns {{ specifier: string, typeOnly: boolean }[]}
 */
export function importsOf(text, fileName = "file.ts") {
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyExport(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true }); // `typeof import("…")`
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) found.push({ specifier: e.text, typeOnly: node.isTypeOnly });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const CANDIDATES = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

/** The absolute file a specifier names, or undefined for a package or a missing file. */
export function resolveSpecifier(root, fromFile, specifier, exists) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith("./") || specifier.startsWith("../"))
    base = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  for (const ext of CANDIDATES) {
    const p = base + ext;
    if (exists(p)) return p;
  }
  // `./x.js` written for `./x.ts`
  const js = /\.(m?js)$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    for (const ext of [".ts", ".tsx"]) if (exists(stem + ext)) return stem + ext;
  }
  return undefined;
}

const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The run-time import graph of `dir` (absolute), relative paths from `root` as node names.
 * Edges are kept only between nodes of the graph (imports leaving `dir` are dropped).
 * @returns {{ nodes: string[], edges: Map<string, Map<string, string>> }} edges: from → (to → specifier)
 */
export function buildImportGraph(
  root,
  dir = path.join(root, "lib"),
  { read = (f) => readFileSync(f, "utf8"), exists = isFile, files, typeOnly = true } = {},
) {
  const list = (files ?? sourceFiles(dir)).map((f) => path.resolve(f));
  const rel = (f) => path.relative(root, f).split(path.sep).join("/");
  const nodes = new Set(list.map(rel));
  const edges = new Map();
  for (const file of list) {
    const from = rel(file);
    const out = new Map();
    const text = read(file);
    for (const imp of importsOf(text, file)) {
      if (imp.typeOnly && !typeOnly) continue;
      const target = resolveSpecifier(root, file, imp.specifier, exists);
      if (!target) continue;
      const to = rel(target);
      if (to !== from && nodes.has(to) && !out.has(to)) out.set(to, imp.specifier);
    }
    edges.set(from, out);
  }
  return { nodes: [...nodes].sort(), edges };
}

/** `lib/spokes/x.ts` → `spokes`; a file directly in lib/ is its own unit (`lib/audit.ts` → `audit`). */
export function libFolderOf(file, prefix = "lib/") {
  if (!file.startsWith(prefix)) return undefined;
  const rest = file.slice(prefix.length);
  const slash = rest.indexOf("/");
  return slash === -1 ? rest.replace(/\.(ts|tsx)$/, "") : rest.slice(0, slash);
}

/**
 * The graph between groups of files (`groupOf(file)`), with for each group edge the file edges
 * behind it. Edges inside one group are dropped.
 * @returns {Map<string, Map<string, [string, string][]>>} from → (to → [fromFile, toFile][])
 */
export function groupGraph(graph, groupOf) {
  const out = new Map();
  for (const [from, targets] of graph.edges) {
    const g = groupOf(from);
    if (g === undefined) continue;
    if (!out.has(g)) out.set(g, new Map());
    for (const to of targets.keys()) {
      const h = groupOf(to);
      if (h === undefined || h === g) continue;
      const m = out.get(g);
      if (!m.has(h)) m.set(h, []);
      m.get(h).push([from, to]);
    }
  }
  return out;
}

/**
 * Strongly connected components with more than one member (Tarjan), each sorted, the list
 * sorted by first member: every cycle of the graph lies inside exactly one of them.
 * @param {Map<string, Iterable<string>> | Map<string, Map<string, unknown>>} adjacency
 */
export function cyclicComponents(adjacency) {
  const succ = (v) => {
    const a = adjacency.get(v);
    if (!a) return [];
    return a instanceof Map ? [...a.keys()] : [...a];
  };
  const vertices = new Set(adjacency.keys());
  for (const v of adjacency.keys()) for (const w of succ(v)) vertices.add(w);
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const result = [];
  // Iterative Tarjan: the simulator's circle is deep enough to matter for recursion in a linter.
  for (const start of [...vertices].sort()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index);
    index++;
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = succ(v);
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index);
          index++;
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v), idx.get(w)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) result.push(comp.sort());
      }
    }
  }
  return result.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** One shortest path from → … → to inside `members` (breadth-first, neighbours in name order), or undefined. */
export function shortestPath(adjacency, from, to, members) {
  const inside = new Set(members);
  const succ = (v) => {
    const a = adjacency.get(v);
    if (!a) return [];
    return (a instanceof Map ? [...a.keys()] : [...a]).filter((w) => inside.has(w)).sort();
  };
  const prev = new Map();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const v = queue.shift();
    for (const w of succ(v)) {
      if (w === to) {
        const back = [to, v];
        let u = v;
        while (u !== from) {
          u = prev.get(u);
          back.push(u);
        }
        return back.reverse().filter((x, i, a) => i === 0 || x !== a[i - 1]);
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return undefined;
}

/** One shortest cycle through `start` inside `members`, as a path start → … → start. */
export function shortestCycle(adjacency, start, members) {
  return shortestPath(adjacency, start, start, members);
}

/** Whether a cyclic component is exactly one of the allowed ones (same members, order ignored). */
export function isAllowed(component, allowed) {
  const key = [...component].sort().join("\n");
  return allowed.some((a) => [...a].sort().join("\n") === key);
}
