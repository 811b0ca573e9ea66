import { newGuid } from "./ids";
import type { FaultRule } from "./types";

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

interface ActiveRule extends FaultRule {
  id: string;
  fired: number;
}

/** Fault injection by operation and resource-name pattern (ARCHITECTURE.md §13). */
export class Faults {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): string {
    if (!["error", "latency", "lostReply", "quota"].includes(rule.kind)) {
      throw new Error(`unknown fault kind ${String(rule.kind)}`);
    }
    if (rule.kind === "error" && !rule.code) throw new Error("fault kind 'error' needs a code");
    const id = rule.id ?? newGuid();
    this.rules.push({ ...rule, id, fired: 0 });
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

  list(): (FaultRule & { id: string; fired: number })[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Returns matching rules of the given kinds and counts them as fired (removing exhausted ones). */
  take(operation: string, name: string, kinds: FaultRule["kind"][]): ActiveRule[] {
    const hits: ActiveRule[] = [];
    for (const rule of this.rules) {
      if (!kinds.includes(rule.kind)) continue;
      if (!globToRegExp(rule.operation ?? "*").test(operation)) continue;
      if (!globToRegExp(rule.name ?? "*").test(name)) continue;
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
