/**
 * Spoke address allocation (ARCHITECTURE.md §8): the pool SPOKE_ADDRESS_SPACE is cut into blocks of
 * SPOKE_PREFIX_LENGTH, and spoke number X takes the X-th block, so the defaults reproduce the
 * original's 10.11.X.0/24. Reservation itself is the database's job; this only computes.
 */
import { type Cidr, formatCidr, nthSubBlock, overlaps, parseCidr } from "./cidr";

export const DEFAULT_SPOKE_ADDRESS_SPACE = "10.11.0.0/16";
export const DEFAULT_SPOKE_PREFIX_LENGTH = 24;

/** Rule priority is 1000 + X and Azure caps priorities at 20000. */
const PRIORITY_BOUND_SPOKE_NUMBER = 19_000;
/** Four subnets of at least /29 (Azure's smallest) must fit in a block. */
const MAX_SPOKE_PREFIX_LENGTH = 27;

export type AddressPool = {
  readonly space: Cidr;
  readonly prefixLength: number;
  /** Highest usable spoke number; numbers run 1..maxSpokeNumber. */
  readonly maxSpokeNumber: number;
};

export type AddressPoolResult = { ok: true; pool: AddressPool } | { ok: false; error: string };

/**
 * Block 0 and the pool's last block are never handed out, which is the original's 1..254 for a
 * /16 of /24s; the priority bound caps very large pools.
 */
export function parseAddressPool(
  addressSpace: string = DEFAULT_SPOKE_ADDRESS_SPACE,
  prefixLength: number = DEFAULT_SPOKE_PREFIX_LENGTH,
): AddressPoolResult {
  const parsed = parseCidr(addressSpace);
  if (!parsed.ok) return { ok: false, error: `SPOKE_ADDRESS_SPACE: ${parsed.error}` };
  const space = parsed.cidr;
  if (!Number.isInteger(prefixLength) || prefixLength <= space.prefixLength || prefixLength > MAX_SPOKE_PREFIX_LENGTH) {
    return {
      ok: false,
      error: `SPOKE_PREFIX_LENGTH must be an integer between ${space.prefixLength + 1} and ${MAX_SPOKE_PREFIX_LENGTH} for ${formatCidr(space)}`,
    };
  }
  const blockCount = 2 ** (prefixLength - space.prefixLength);
  const maxSpokeNumber = Math.min(blockCount - 2, PRIORITY_BOUND_SPOKE_NUMBER);
  if (maxSpokeNumber < 1) {
    return { ok: false, error: `${formatCidr(space)} holds no usable /${prefixLength} spoke block` };
  }
  return { ok: true, pool: { space, prefixLength, maxSpokeNumber } };
}

export function defaultAddressPool(): AddressPool {
  const result = parseAddressPool();
  if (!result.ok) throw new Error(result.error);
  return result.pool;
}

/** The original API's wording, which clients already match on. */
export function spokeNumberError(pool: AddressPool, spokeNumber: unknown): string | null {
  if (
    typeof spokeNumber === "number" &&
    Number.isInteger(spokeNumber) &&
    spokeNumber >= 1 &&
    spokeNumber <= pool.maxSpokeNumber
  ) {
    return null;
  }
  return `Invalid spoke_id: ${String(spokeNumber)}. Must be between 1 and ${pool.maxSpokeNumber}`;
}

export function spokeBlock(pool: AddressPool, spokeNumber: number): Cidr {
  const error = spokeNumberError(pool, spokeNumber);
  const block = error === null ? nthSubBlock(pool.space, pool.prefixLength, spokeNumber) : null;
  if (!block) throw new Error(error ?? `no block for spoke ${spokeNumber}`);
  return block;
}

export function spokeAddressPrefix(pool: AddressPool, spokeNumber: number): string {
  return formatCidr(spokeBlock(pool, spokeNumber));
}

/** Inverse of spokeBlock: the spoke number whose block is exactly `prefix`, or null. */
export function spokeNumberForPrefix(pool: AddressPool, prefix: string): number | null {
  const parsed = parseCidr(prefix);
  if (!parsed.ok || parsed.cidr.prefixLength !== pool.prefixLength) return null;
  const offset = parsed.cidr.network - pool.space.network;
  const number = offset / 2 ** (32 - pool.prefixLength);
  return Number.isInteger(number) && spokeNumberError(pool, number) === null ? number : null;
}

export type BlockedPrefix = Cidr | string;

/** Accepts prefixes as Azure reports them; host bits set by hand still block their range. */
export function toBlockedCidrs(blocked: readonly BlockedPrefix[]): Cidr[] {
  return blocked.map((entry) => {
    if (typeof entry !== "string") return entry;
    const parsed = parseCidr(entry, { strict: false });
    if (!parsed.ok) throw new Error(`blocked prefix: ${parsed.error}`);
    return parsed.cidr;
  });
}

/** The blocked prefixes (hub, existing VNets) that overlap spoke X's block. */
export function conflictsForSpoke(pool: AddressPool, spokeNumber: number, blocked: readonly BlockedPrefix[]): Cidr[] {
  const block = spokeBlock(pool, spokeNumber);
  return toBlockedCidrs(blocked).filter((other) => overlaps(block, other));
}

/**
 * Lowest spoke number neither taken nor overlapping a blocked prefix (ARCHITECTURE.md §8: a range
 * created by hand is never handed out). Null when the pool is exhausted.
 */
export function lowestFreeSpokeNumber(
  pool: AddressPool,
  taken: Iterable<number>,
  blocked: readonly BlockedPrefix[] = [],
): number | null {
  const takenSet = new Set(taken);
  const blockedCidrs = toBlockedCidrs(blocked);
  for (let number = 1; number <= pool.maxSpokeNumber; number++) {
    if (takenSet.has(number)) continue;
    const block = spokeBlock(pool, number);
    if (!blockedCidrs.some((other) => overlaps(block, other))) return number;
  }
  return null;
}
