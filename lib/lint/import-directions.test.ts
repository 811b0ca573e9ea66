/**
 * The import-direction rule's graph and cycle logic on small fixture trees (a cycle → reported,
 * none → clean), and the rule itself through ESLint's Linter on the same fixtures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import { describeCycle, findCycles, importDirections, type KnownCycles } from "./import-directions.mjs";
import {
  buildImportGraph,
  cyclicComponents,
  groupGraph,
  importsOf,
  libFolderOf,
  shortestCycle,
} from "./import-graph.mjs";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A repository on disk: path → source. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "hsc-lint-"));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function lint(root: string, file: string, knownCycles: KnownCycles = {}) {
  const linter = new Linter({ cwd: root });
  const config: Linter.Config[] = [
    {
      files: ["**/*.ts", "**/*.tsx"],
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { hsc: { rules: { "import-directions": importDirections } } },
      rules: { "hsc/import-directions": ["error", { root, knownCycles }] },
    },
  ];
  const abs = path.join(root, file);
  const text = readFileSync(abs, "utf8");
  return linter.verify(text, config, { filename: abs }).map((m) => `${m.line}: ${m.message}`);
}

describe("importsOf", () => {
  it("finds value, type-only, re-export and dynamic imports", () => {
    const found = importsOf(
      [
        `import { a } from "@/lib/a/x";`,
        `import type { B } from "./b";`,
        `import { type C, type D } from "../c";`,
        `import { type E, f } from "./e";`,
        `export { g } from "./g";`,
        `export type { H } from "./h";`,
        `import "./side";`,
        `const m = await import("./lazy");`,
        `type T = typeof import("./typed");`,
      ].join("\n"),
    );
    expect(found).toEqual([
      { specifier: "@/lib/a/x", typeOnly: false },
      { specifier: "./b", typeOnly: true },
      { specifier: "../c", typeOnly: true },
      { specifier: "./e", typeOnly: false },
      { specifier: "./g", typeOnly: false },
      { specifier: "./h", typeOnly: true },
      { specifier: "./side", typeOnly: false },
      { specifier: "./lazy", typeOnly: false },
      { specifier: "./typed", typeOnly: true },
    ]);
  });
});

describe("cycles between folders of lib/", () => {
  it("reports spokes → orchestrator → spokes, naming the cycle and every import on it", () => {
    const root = repo({
      "lib/spokes/create.ts": `import { run } from "@/lib/orchestrator/run";\nexport const create = () => run();`,
      "lib/orchestrator/run.ts": `import { present } from "../spokes/present";\nexport const run = () => present();`,
      "lib/spokes/present.ts": `export const present = () => 1;`,
      "lib/network/cidr.ts": `export const cidr = 1;`,
    });
    const cycles = findCycles(buildImportGraph(root));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.members).toEqual(["orchestrator", "spokes"]);
    expect(cycles[0]!.edges.sort()).toEqual([
      ["lib/orchestrator/run.ts", "lib/spokes/present.ts"],
      ["lib/spokes/create.ts", "lib/orchestrator/run.ts"],
    ]);
    expect(describeCycle(cycles[0]!)).toBe(
      "cycle between folders of lib/ (2 in the circle): lib/orchestrator → lib/spokes → lib/orchestrator",
    );
    expect(lint(root, "lib/orchestrator/run.ts")).toEqual([
      "1: This import closes a cycle between folders of lib/ (2 in the circle): lib/orchestrator → lib/spokes → lib/orchestrator. Imports must point one way (ARCHITECTURE.md §2.1).",
    ]);
    expect(lint(root, "lib/spokes/create.ts")).toEqual([
      "1: This import closes a cycle between folders of lib/ (2 in the circle): lib/spokes → lib/orchestrator → lib/spokes. Imports must point one way (ARCHITECTURE.md §2.1).",
    ]);
    expect(lint(root, "lib/network/cidr.ts")).toEqual([]);
  });

  it("is clean when imports point one way, and a cycle inside one folder is not a folder cycle", () => {
    const root = repo({
      "lib/spokes/create.ts": `import { run } from "@/lib/orchestrator/run";\nimport { b } from "./b";\nexport const create = () => run() + b;`,
      "lib/spokes/b.ts": `import { create } from "./create";\nexport const b = 1; export const c = create;`,
      "lib/orchestrator/run.ts": `import { cidr } from "@/lib/network/cidr";\nexport const run = () => cidr;`,
      "lib/network/cidr.ts": `export const cidr = 1;`,
    });
    expect(findCycles(buildImportGraph(root))).toEqual([]);
    expect(lint(root, "lib/spokes/create.ts")).toEqual([]);
  });

  it("counts a type-only import as an edge; tests and test-support modules are not nodes", () => {
    const root = repo({
      "lib/spokes/context.ts": `export interface Ctx { a: number }\nimport { run } from "@/lib/orchestrator/run";\nexport const x = run;`,
      "lib/orchestrator/run.ts": `export const run = 1;`,
      "lib/orchestrator/run.test.ts": `import { x } from "@/lib/spokes/context";\nconsole.log(x);`,
      "lib/orchestrator/testing.ts": `import type { Ctx } from "@/lib/spokes/context";\nexport const c: Ctx = { a: 1 };`,
      "lib/orchestrator/testing/sim.ts": `import { x } from "@/lib/spokes/context";\nexport const s = x;`,
    });
    expect(findCycles(buildImportGraph(root))).toEqual([]);
    writeFileSync(
      path.join(root, "lib/orchestrator/types.ts"),
      `import type { Ctx } from "@/lib/spokes/context";\nexport type Step = Ctx;`,
    );
    expect(findCycles(buildImportGraph(root)).map((c) => c.members)).toEqual([["orchestrator", "spokes"]]);
    expect(findCycles(buildImportGraph(root, undefined, { typeOnly: false }))).toEqual([]);
  });

  it("tolerates a known cycle only while it has exactly the allowed members", () => {
    const root = repo({
      "lib/orchestrator/store.ts": `import { append } from "@/lib/realtime/append";\nexport const store = append;`,
      "lib/realtime/append.ts": `import { EVENTS } from "@/lib/orchestrator/events";\nexport const append = EVENTS;`,
      "lib/orchestrator/events.ts": `export const EVENTS = [];`,
    });
    const known = { folders: [["realtime", "orchestrator"]] };
    expect(findCycles(buildImportGraph(root), known)).toEqual([]);
    expect(lint(root, "lib/realtime/append.ts", known)).toEqual([]);
    // The circle grows: lib/live joins it, and the allowlist entry no longer matches.
    mkdirSync(path.join(root, "lib/live"));
    writeFileSync(
      path.join(root, "lib/live/view.ts"),
      `import { store } from "@/lib/orchestrator/store";\nexport const v = store;`,
    );
    writeFileSync(
      path.join(root, "lib/realtime/append.ts"),
      `import { EVENTS } from "@/lib/orchestrator/events";\nimport { v } from "@/lib/live/view";\nexport const append = [EVENTS, v];`,
    );
    expect(findCycles(buildImportGraph(root), known).map((c) => c.members)).toEqual([
      ["live", "orchestrator", "realtime"],
    ]);
  });

  it("treats a file directly in lib/ as its own unit", () => {
    expect(libFolderOf("lib/audit.ts")).toBe("audit");
    expect(libFolderOf("lib/spokes/x/y.ts")).toBe("spokes");
    expect(libFolderOf("app/page.tsx")).toBeUndefined();
  });
});

describe("cycles inside lib/arm-simulator", () => {
  it("reports sim.ts → handler → sim.ts, and is clean once handlers depend on an interface module", () => {
    const circle = repo({
      "lib/arm-simulator/sim.ts": `import { vnets } from "./handlers/vnets";\nexport class Sim { routes = [vnets]; }`,
      "lib/arm-simulator/handlers/vnets.ts": `import type { Sim } from "../sim";\nexport const vnets = (s: Sim) => s;`,
    });
    const [c] = findCycles(buildImportGraph(circle));
    expect(c?.kind).toBe("simulator");
    expect(describeCycle(c!)).toBe(
      "cycle between files of lib/arm-simulator (2 in the circle): handlers/vnets.ts → sim.ts → handlers/vnets.ts",
    );
    expect(lint(circle, "lib/arm-simulator/handlers/vnets.ts")).toHaveLength(1);

    // Each import is reported with the shortest cycle through it, not one cycle of the component.
    const three = repo({
      "lib/arm-simulator/sim.ts": `import { a } from "./handlers/a";\nimport { b } from "./handlers/b";\nexport class Sim { r = [a, b]; }`,
      "lib/arm-simulator/handlers/a.ts": `import type { Sim } from "../sim";\nexport const a = (s: Sim) => s;`,
      "lib/arm-simulator/handlers/b.ts": `import type { Sim } from "../sim";\nexport const b = (s: Sim) => s;`,
    });
    expect(lint(three, "lib/arm-simulator/handlers/b.ts")).toEqual([
      "1: This import closes a cycle between files of lib/arm-simulator (3 in the circle): handlers/b.ts → sim.ts → handlers/b.ts. Imports must point one way (ARCHITECTURE.md §2.1).",
    ]);

    const registry = repo({
      "lib/arm-simulator/context.ts": `export interface SimContext { now(): number }`,
      "lib/arm-simulator/sim.ts": `import { vnets } from "./handlers/vnets";\nimport type { SimContext } from "./context";\nexport class Sim implements SimContext { now() { return 0; } routes = [vnets]; }`,
      "lib/arm-simulator/handlers/vnets.ts": `import type { SimContext } from "../context";\nexport const vnets = (s: SimContext) => s;`,
    });
    expect(findCycles(buildImportGraph(registry))).toEqual([]);
  });

  it("finds every cycle of a graph inside one component and a shortest path through it", () => {
    const g = new Map<string, string[]>([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    expect(cyclicComponents(g)).toEqual([["a", "b", "c"]]);
    expect(shortestCycle(g, "b", ["a", "b", "c"])).toEqual(["b", "c", "a", "b"]);
    expect(
      cyclicComponents(
        new Map([
          ["x", ["y"]],
          ["y", []],
        ]),
      ),
    ).toEqual([]);
  });

  it("groups file edges by folder, dropping edges inside one folder", () => {
    const graph = {
      nodes: [],
      edges: new Map([
        [
          "lib/a/1.ts",
          new Map([
            ["lib/a/2.ts", "./2"],
            ["lib/b/1.ts", "@/lib/b/1"],
          ]),
        ],
      ]),
    };
    const folders = groupGraph(graph, (f) => libFolderOf(f));
    expect([...folders.get("a")!.entries()]).toEqual([["b", [["lib/a/1.ts", "lib/b/1.ts"]]]]);
  });
});

describe("app/ and the database", () => {
  it("refuses @/db and a relative path into db/ from app/, and nothing else", () => {
    const root = repo({
      "db/index.ts": `export const getDb = () => 1;`,
      "db/schema.ts": `export const users = 1;`,
      "lib/spokes/list.ts": `import { getDb } from "@/db";\nexport const list = getDb;`,
      "app/page.tsx": `import { getDb } from "@/db";\nimport { users } from "../db/schema";\nimport type { Db } from "@/db/client";\nimport { list } from "@/lib/spokes/list";\nexport default function P() { return [getDb, users, list]; }`,
    });
    expect(lint(root, "app/page.tsx").map((m) => m.split(":")[0])).toEqual(["1", "2", "3"]);
    expect(lint(root, "lib/spokes/list.ts")).toEqual([]);
  });
});
