/**
 * Computes the gateway's next arrays from what Azure holds and what Postgres wants (ARCHITECTURE.md §7):
 * owned entries are added, updated or removed; everything else keeps its place and content.
 */
import { type AgwEntries, type AgwEntryKind, type OwnedGatewayNames } from "./gateway-entries";

export type GatewayChange = { kind: AgwEntryKind; name: string; action: "added" | "updated" | "removed" };

export type GatewayDiff = AgwEntries & { changed: boolean; changes: GatewayChange[] };

type Named = { name: string; raw?: unknown };

/** Field-wise comparison ignoring the adapter's `raw` and IP order. */
function sameEntry(a: Named, b: Named): boolean {
  return canonical(a) === canonical(b);
}

function canonical(entry: Named): string {
  const { raw: _raw, ...fields } = entry;
  // An absent optional field and an undefined one are the same entry.
  const sorted = Object.keys(fields)
    .filter((key) => (fields as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => {
      const value = (fields as Record<string, unknown>)[key];
      return [key, Array.isArray(value) ? [...value].map(String).sort() : value];
    });
  return JSON.stringify(sorted);
}

/** Azure compares sub-resource names case-insensitively; so do we. */
function key(name: string): string {
  return name.toLowerCase();
}

function mergeKind<T extends Named>(
  kind: AgwEntryKind,
  current: readonly T[],
  desired: readonly T[],
  owned: ReadonlySet<string>,
  changes: GatewayChange[],
): T[] {
  const desiredByName = new Map(desired.map((entry) => [key(entry.name), entry]));
  const ownedKeys = new Set([...owned].map(key));
  const placed = new Set<string>();
  const next: T[] = [];
  for (const entry of current) {
    const wanted = desiredByName.get(key(entry.name));
    if (wanted) {
      if (placed.has(key(entry.name))) continue;
      placed.add(key(entry.name));
      if (sameEntry(entry, wanted)) next.push(entry);
      else {
        next.push(wanted);
        changes.push({ kind, name: wanted.name, action: "updated" });
      }
    } else if (ownedKeys.has(key(entry.name))) {
      changes.push({ kind, name: entry.name, action: "removed" });
    } else {
      next.push(entry);
    }
  }
  for (const entry of desired) {
    if (placed.has(key(entry.name))) continue;
    placed.add(key(entry.name));
    next.push(entry);
    changes.push({ kind, name: entry.name, action: "added" });
  }
  return next;
}

/**
 * `ownedNames` should hold the names of every spoke the product knows for this hub, removed
 * ones included, so their entries are deleted; desired names are always treated as owned.
 */
export function diffGatewayEntries(
  current: AgwEntries,
  desired: AgwEntries,
  ownedNames: OwnedGatewayNames,
): GatewayDiff {
  const changes: GatewayChange[] = [];
  const result: AgwEntries = {
    backendPools: mergeKind(
      "backendPools",
      current.backendPools,
      desired.backendPools,
      ownedNames.backendPools,
      changes,
    ),
    backendHttpSettings: mergeKind(
      "backendHttpSettings",
      current.backendHttpSettings,
      desired.backendHttpSettings,
      ownedNames.backendHttpSettings,
      changes,
    ),
    listeners: mergeKind("listeners", current.listeners, desired.listeners, ownedNames.listeners, changes),
    rules: mergeKind("rules", current.rules, desired.rules, ownedNames.rules, changes),
    probes: mergeKind("probes", current.probes, desired.probes, ownedNames.probes, changes),
  };
  return { ...result, changed: changes.length > 0, changes };
}
