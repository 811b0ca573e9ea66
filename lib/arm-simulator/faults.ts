import { newGuid } from "./ids";
import type { FaultRule } from "./types";

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

interface ActiveRule extends FaultRule {
  id: string;
  fired: number;
  skipped: number;
}

function check(rule: FaultRule): void {
  if (!["error", "latency", "lostReply", "quota"].includes(rule.kind)) {
    throw new Error(`unknown fault kind ${String(rule.kind)}`);
  }
  if (rule.kind === "error" && !rule.code) throw new Error("fault kind 'error' needs a code");
  for (const key of ["times", "skip"] as const) {
    const n = rule[key];
    if (n !== undefined && (!Number.isInteger(n) || n < 0))
      throw new Error(`fault '${key}' must be a whole number ≥ 0`);
  }
}

/** Fault injection by operation and resource-name pattern (ARCHITECTURE.md §13). */
export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): string {
    return this.addAll([rule])[0]!;
  }

  /** Adds every rule or, when one is malformed, none. */
  addAll(rules: FaultRule[]): string[] {
    rules.forEach(check);
    return rules.map((rule) => this.push(rule));
  }

  private push(rule: FaultRule): string {
    const id = rule.id ?? newGuid();
    this.rules.push({ ...rule, id, fired: 0, skipped: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { id: string; fired: number; skipped: number })[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Returns matching rules of the given kinds and counts them as fired (removing exhausted ones). */
  take(operation: string, name: string, kinds: FaultRule["kind"][]): ActiveRule[] {
    const hits: ActiveRule[] = [];
    for (const rule of this.rules) {
      if (!kinds.includes(rule.kind)) continue;
      if (!globToRegExp(rule.operation ?? "*").test(operation)) continue;
      if (!globToRegExp(rule.name ?? "*").test(name)) continue;
      if (rule.skipped < (rule.skip ?? 0)) {
        rule.skipped += 1;
        continue;
      }
      rule.fired += 1;
      hits.push(rule);
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.fired < r.times);
    return hits;
  }
}

/** Faults from an env-style JSON string: one rule or an array of rules. */
export function parseFaults(json: string | undefined): FaultRule[] {
  if (!json || !json.trim()) return [];
  const parsed: unknown = JSON.parse(json);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list as FaultRule[]; // safe because Faults.add validates each rule's kind and code
}
