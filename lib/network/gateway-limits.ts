/**
 * Azure's per-gateway entry limits (lib/azure/ARM-REFERENCE.md §5, "Entry limits"): Azure refuses a
 * whole-gateway PUT past any of them, so the console counts before it asks. Probes have no
 * published limit and are not counted.
 */
import type { AgwEntries, AgwEntryKind } from "./gateway-entries";

export type LimitedKind = Exclude<AgwEntryKind, "probes">;

export const LIMITED_KINDS: readonly LimitedKind[] = ["backendPools", "backendHttpSettings", "listeners", "rules"];

/**
 * Listeners: 200 in all, but at most 100 active (used by a routing rule); every spoke's listener
 * and the hub's default one are active, so 100 is the limit that binds.
 */
export const AGW_ENTRY_LIMITS: Readonly<Record<LimitedKind, number>> = {
  backendPools: 100,
  backendHttpSettings: 100,
  listeners: 100,
  rules: 400,
};

/** Azure's error code for each limit (only the pool's is published; the others follow its naming). */
export const AGW_LIMIT_CODE: Readonly<Record<LimitedKind, string>> = {
  backendPools: "ApplicationGatewayBackendAddressPoolLimitReached",
  backendHttpSettings: "ApplicationGatewayBackendHttpSettingsLimitReached",
  listeners: "ApplicationGatewayActiveListenerLimitReached",
  rules: "ApplicationGatewayRequestRoutingRuleLimitReached",
};

const PLURAL: Readonly<Record<LimitedKind, string>> = {
  backendPools: "backend pools",
  backendHttpSettings: "backend HTTP settings",
  listeners: "active listeners",
  rules: "routing rules",
};

/** Listeners a routing rule uses (Azure counts only those against the 100). */
function activeListeners(entries: AgwEntries): number {
  const used = new Set(entries.rules.map((r) => r.listenerName.toLowerCase()));
  return entries.listeners.filter((l) => used.has(l.name.toLowerCase())).length;
}

export function entryCount(entries: AgwEntries, kind: LimitedKind): number {
  return kind === "listeners" ? activeListeners(entries) : entries[kind].length;
}

/** One message per limit the body is past; empty when Azure would accept its size. */
export function limitErrors(entries: AgwEntries): string[] {
  return LIMITED_KINDS.flatMap((kind) => {
    const n = entryCount(entries, kind);
    const max = AGW_ENTRY_LIMITS[kind];
    return n > max
      ? [`${AGW_LIMIT_CODE[kind]}: the gateway would have ${n} ${PLURAL[kind]}; Azure allows at most ${max}`]
      : [];
  });
}

/** How many spokes fit, and which limit binds. */
export type GatewayRoom = {
  /** Spokes the gateway can hold beside the entries no live spoke owns (hub defaults, hand-made, leftovers). */
  places: number;
  kind: LimitedKind;
  limit: number;
  /** Entries of the binding kind that belong to no live spoke. */
  foreign: number;
};

/**
 * Each spoke uses one entry of every limited kind. `foreign` counts, per kind, the gateway's entries
 * no live spoke owns; the spokes' own entries are counted by the caller from the database, so a
 * spoke whose entries are not on the gateway yet still holds its place.
 */
export function gatewayRoom(foreign: Readonly<Record<LimitedKind, number>>): GatewayRoom {
  let best: GatewayRoom | undefined;
  for (const kind of LIMITED_KINDS) {
    const limit = AGW_ENTRY_LIMITS[kind];
    const places = Math.max(0, limit - foreign[kind]);
    if (!best || places < best.places) best = { places, kind, limit, foreign: foreign[kind] };
  }
  return best as GatewayRoom; // safe because LIMITED_KINDS is not empty
}

export function roomMessage(room: GatewayRoom, gatewayName: string, liveSpokes: number): string {
  return (
    `The hub gateway ${gatewayName} has no room for another spoke: Azure allows ${room.limit} ` +
    `${PLURAL[room.kind]} on one Application Gateway (${AGW_LIMIT_CODE[room.kind]}); ` +
    `${room.foreign} belong to the hub or to no spoke and ${liveSpokes} spokes hold the rest. ` +
    `Tear down a spoke, or ask an administrator for another hub.`
  );
}
