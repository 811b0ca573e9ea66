/** Types for import-graph.mjs (plain JavaScript so eslint.config.mjs loads it without a TS loader). */
export interface ImportGraph {
  nodes: string[];
  /** from → (to → the specifier written), repository-relative paths with `/`. */
  edges: Map<string, Map<string, string>>;
}
export interface GraphOptions {
  read?: (file: string) => string;
  exists?: (file: string) => boolean;
  /** Absolute paths to use instead of scanning `dir`. */
  files?: string[];
  /** Whether type-only imports are edges (default true). */
  typeOnly?: boolean;
}
export const TEST_FILE: RegExp;
export function sourceFiles(dir: string, out?: string[]): string[];
export function importsOf(text: string, fileName?: string): { specifier: string; typeOnly: boolean }[];
export function resolveSpecifier(
  root: string,
  fromFile: string,
  specifier: string,
  exists: (file: string) => boolean,
): string | undefined;
export function buildImportGraph(root: string, dir?: string, options?: GraphOptions): ImportGraph;
export function libFolderOf(file: string, prefix?: string): string | undefined;
export function groupGraph(
  graph: ImportGraph,
  groupOf: (file: string) => string | undefined,
): Map<string, Map<string, [string, string][]>>;
type Adjacency = Map<string, Iterable<string>> | Map<string, Map<string, unknown>>;
export function cyclicComponents(adjacency: Adjacency): string[][];
export function shortestPath(adjacency: Adjacency, from: string, to: string, members: string[]): string[] | undefined;
export function shortestCycle(adjacency: Adjacency, start: string, members: string[]): string[] | undefined;
export function isAllowed(component: string[], allowed: string[][]): boolean;
