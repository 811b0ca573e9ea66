import { fileURLToPath } from "node:url";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph } from "./import-graph";

const ROOT = dirname(fileURLToPath(import.meta.url));

describe("the simulator's import graph", () => {
  const graph = importGraph(ROOT);

  it("is read from the sources (type imports and re-exports count)", () => {
    expect(graph.get("registry.ts")).toEqual(
      expect.arrayContaining(["handlers/vnets.ts", "handlers/vms.ts", "module.ts"]),
    );
    expect(graph.get("handlers/common.ts")).toContain("context.ts");
    expect([...graph.values()].flat().filter((d) => d.endsWith("(unresolved)"))).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
      ["e.ts", ["e.ts"]],
    ]);
    expect(importCycles(g)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
  });

  it("has no cycle inside lib/arm-simulator", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("keeps handlers off the engine: no handler imports sim.ts or registry.ts", () => {
    const offenders = [...graph].filter(
      ([file, deps]) => file.startsWith("handlers/") && deps.some((d) => d === "sim.ts" || d === "registry.ts"),
    );
    expect(offenders).toEqual([]);
  });
});
