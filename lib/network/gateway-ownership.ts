/**
 * Plans the next gateway body from what Azure holds, every spoke's wish and the ledger of entries
 * the product created. Only ledger-owned entries are ever updated or removed; a spoke whose
 * entries would touch anything else, or make the merged gateway invalid, is left out alone, so
 * one bad spoke never blocks the others' updates.
 */
import { diffGatewayEntries, type GatewayChange } from "./gateway-diff";
import {
  AGW_ENTRY_KINDS,
  desiredEntriesForSpoke,
  emptyAgwEntries,
  type AgwEntries,
  type AgwEntryKind,
  type GatewayFrontend,
  type OwnedGatewayNames,
  type SpokeGatewayEntry,
} from "./gateway-entries";
import { gatewayEntriesErrors } from "./gateway-validate";

/** One row of the ownership ledger: this spoke created this entry. */
export type OwnedEntry = { kind: AgwEntryKind; name: string; spokeId: string };

/** One spoke's row of desired entries; `entry` null asks for its entries to be removed. */
export type SpokeWish = { spokeId: string; names: SpokeGatewayEntry["names"]; entry: SpokeGatewayEntry | null };

export type GatewayPlan = {
  /** The body to PUT (unchanged entries as read) and what changes. */
  entries: AgwEntries;
  changes: GatewayChange[];
  changed: boolean;
  /** Entries to record in the ledger before the PUT, and to forget after it. */
  claim: OwnedEntry[];
  release: OwnedEntry[];
  /** Spokes left out of this body, with why (names the entry). */
  rejected: Map<string, string>;
  /** Orphan entries removed by this body (admin cleanup, lib/sweep); empty when refused. */
  purged: PurgeEntry[];
};

/** A gateway entry an admin asked to remove as an orphan: no spoke owns or wants it. */
export type PurgeEntry = { kind: AgwEntryKind; name: string };

const KIND_LABEL: Record<AgwEntryKind, string> = {
  backendPools: "backend pool",
  backendHttpSettings: "HTTP settings",
  listeners: "listener",
  rules: "routing rule",
  probes: "health probe",
};

export function entryLabel(kind: AgwEntryKind, name: string): string {
  return `${KIND_LABEL[kind]} '${name}'`;
}

const ledgerKey = (kind: string, name: string) => `${kind}|${name.toLowerCase()}`;

/** The spoke's entry names by kind; `probes` is absent for a spoke recorded before probes existed. */
export function spokeEntryNames(names: SpokeWish["names"]): Partial<Record<AgwEntryKind, string>> {
  return {
    backendPools: names.backendPool,
    backendHttpSettings: names.httpSettings,
    listeners: names.listener,
    rules: names.routingRule,
    ...(names.probe ? { probes: names.probe } : {}),
  };
}

/** The spoke's entries as (kind, name) pairs, only the kinds it has. */
export function spokeEntryList(names: SpokeWish["names"]): { kind: AgwEntryKind; name: string }[] {
  const byKind = spokeEntryNames(names);
  return AGW_ENTRY_KINDS.flatMap((kind) => {
    const name = byKind[kind];
    return name ? [{ kind, name }] : [];
  });
}

function emptyOwned(): OwnedGatewayNames {
  return {
    backendPools: new Set(),
    backendHttpSettings: new Set(),
    listeners: new Set(),
    rules: new Set(),
    probes: new Set(),
  };
}

/** Names on the gateway this spoke wants but the ledger does not give it. */
function foreignEntries(working: AgwEntries, wish: SpokeWish, owners: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const { kind, name } of spokeEntryList(wish.names)) {
    const present = working[kind].some((e) => e.name.toLowerCase() === name.toLowerCase());
    const owner = owners.get(ledgerKey(kind, name));
    if (!present && (owner === undefined || owner === wish.spokeId)) continue;
    if (owner === wish.spokeId) continue;
    problems.push(
      `${entryLabel(kind, name)} ${owner ? "belongs to another spoke" : "exists on the gateway and belongs to no spoke (a hub default or made by hand)"}`,
    );
  }
  return problems;
}

function removalsOf(
  wishes: readonly SpokeWish[],
  owners: Map<string, string>,
): { owned: OwnedGatewayNames; release: OwnedEntry[] } {
  const owned = emptyOwned();
  const release: OwnedEntry[] = [];
  for (const wish of wishes) {
    if (wish.entry !== null) continue;
    for (const { kind, name } of spokeEntryList(wish.names)) {
      if (owners.get(ledgerKey(kind, name)) !== wish.spokeId) continue; // never ours: leave it
      (owned[kind] as Set<string>).add(name);
      release.push({ kind, name, spokeId: wish.spokeId });
    }
  }
  return { owned, release };
}

/**
 * Orphans that may go: present, owned by no ledger row and named by no spoke's wish (never a hub
 * default: the caller only asks for names with our naming, and the check here is by ownership).
 * All or none: if removing them would make the gateway invalid (a hand-made rule using the pool),
 * none is removed.
 */
function purgeable(
  current: AgwEntries,
  wishes: readonly SpokeWish[],
  owners: Map<string, string>,
  purge: readonly PurgeEntry[],
  owned: OwnedGatewayNames,
): PurgeEntry[] {
  const wished = new Set(wishes.flatMap((w) => spokeEntryList(w.names).map(({ kind, name }) => ledgerKey(kind, name))));
  const ok = purge.filter(
    (p) =>
      !owners.has(ledgerKey(p.kind, p.name)) &&
      !wished.has(ledgerKey(p.kind, p.name)) &&
      current[p.kind].some((e) => e.name.toLowerCase() === p.name.toLowerCase()),
  );
  if (!ok.length) return [];
  const trial = emptyOwned();
  for (const kind of AGW_ENTRY_KINDS) for (const n of owned[kind]) (trial[kind] as Set<string>).add(n);
  for (const p of ok)
    (trial[p.kind] as Set<string>).add(
      current[p.kind].find((e) => e.name.toLowerCase() === p.name.toLowerCase())?.name ?? p.name,
    );
  const before = new Set(gatewayEntriesErrors(diffGatewayEntries(current, emptyAgwEntries(), owned)));
  const fresh = gatewayEntriesErrors(diffGatewayEntries(current, emptyAgwEntries(), trial)).filter(
    (e) => !before.has(e),
  );
  return fresh.length ? [] : ok;
}

export function planGatewayUpdate(
  current: AgwEntries,
  wishes: readonly SpokeWish[],
  ledger: readonly OwnedEntry[],
  frontend: GatewayFrontend,
  purge: readonly PurgeEntry[] = [],
): GatewayPlan {
  const owners = new Map(ledger.map((o) => [ledgerKey(o.kind, o.name), o.spokeId]));
  const { owned, release } = removalsOf(wishes, owners);
  const purged = purgeable(current, wishes, owners, purge, owned);
  for (const p of purged)
    (owned[p.kind] as Set<string>).add(
      current[p.kind].find((e) => e.name.toLowerCase() === p.name.toLowerCase())?.name ?? p.name,
    );
  let working: AgwEntries = diffGatewayEntries(current, emptyAgwEntries(), owned);
  // Problems the gateway already has are not any spoke's fault; only new ones are.
  const known = new Set(gatewayEntriesErrors(working));
  const rejected = new Map<string, string>();
  const accepted: SpokeWish[] = [];
  const wanted = wishes
    .filter((w) => w.entry !== null)
    .sort((a, b) => (a.entry?.spokeNumber ?? 0) - (b.entry?.spokeNumber ?? 0));
  for (const wish of wanted) {
    const entry = wish.entry as SpokeGatewayEntry; // safe because `wanted` holds only non-null entries
    const foreign = foreignEntries(working, wish, owners);
    if (foreign.length) {
      rejected.set(wish.spokeId, foreign.join("; "));
      continue;
    }
    const trial = diffGatewayEntries(working, desiredEntriesForSpoke(entry, frontend), emptyOwned());
    const fresh = gatewayEntriesErrors(trial).filter((e) => !known.has(e));
    if (fresh.length) {
      rejected.set(wish.spokeId, `its entries would make the gateway invalid: ${fresh.join("; ")}`);
      continue;
    }
    working = trial;
    accepted.push(wish);
  }
  const changes = diffGatewayEntries(current, working, owned).changes;
  const claim = accepted.flatMap((wish) =>
    spokeEntryList(wish.names)
      .filter(({ kind, name }) => owners.get(ledgerKey(kind, name)) !== wish.spokeId)
      .map(({ kind, name }) => ({ kind, name, spokeId: wish.spokeId })),
  );
  return { entries: stripDiff(working), changes, changed: changes.length > 0, claim, release, rejected, purged };
}

function stripDiff(entries: AgwEntries): AgwEntries {
  return {
    backendPools: entries.backendPools,
    backendHttpSettings: entries.backendHttpSettings,
    listeners: entries.listeners,
    rules: entries.rules,
    probes: entries.probes,
  };
}
