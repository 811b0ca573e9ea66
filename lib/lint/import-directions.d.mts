/** Types for import-directions.mjs (the ESLint rule `hsc/import-directions`). */
import type { Rule } from "eslint";
import type { ImportGraph } from "./import-graph.mjs";

export interface KnownCycles {
  folders?: string[][];
  simulator?: string[][];
}
export interface Cycle {
  kind: "folders" | "simulator";
  members: string[];
  example: string[];
  edges: [string, string][];
  /** The shortest cycle through the file import a → b (folder names for folder cycles). */
  through?: (a: string, b: string) => string[];
}
export function findCycles(graph: ImportGraph, knownCycles?: KnownCycles): Cycle[];
export function describeCycle(cycle: Cycle, edge?: [string, string]): string;
export const importDirections: Rule.RuleModule;
