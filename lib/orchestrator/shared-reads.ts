/**
 * Reads that are the same for every spoke (the subscription's VNets, the hub, VM sizes, vCPU
 * usage) shared briefly between the deployments of a process: fifty creates posted at once make
 * one set of these reads instead of fifty, which ARM's read budget would not carry. A concurrent
 * caller joins the read in flight; a result is reused for SHARE_MS, then read again. Shared reads
 * carry no caller's abort signal: one cancelled deployment must not fail the others' read.
 */
import type { AzureGateway } from "@/lib/azure/types";

/** Short enough that quota and address checks stay current; Azure enforces both again anyway. */
export const SHARE_MS = 2_000;
/** The region's VM SKU list (sizes, restrictions): ten minutes of Azure time. */
export const SKUS_SHARE_MS = 600_000;

interface Entry {
  at: number;
  value: Promise<unknown>;
}

const perGateway = new WeakMap<AzureGateway, Map<string, Entry>>();

/** `shareMs`: how long a result is reused, in wall time (SHARE_MS × the Azure time scale). */
export function sharedRead<T>(
  azure: AzureGateway,
  key: string,
  read: () => Promise<T>,
  now: () => number = Date.now,
  shareMs = SHARE_MS,
): Promise<T> {
  let cache = perGateway.get(azure);
  if (!cache) perGateway.set(azure, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && now() - hit.at < shareMs) return hit.value as Promise<T>;
  const value = read();
  const entry = { at: now(), value };
  cache.set(key, entry);
  // A failed read is not shared: the next caller asks Azure again.
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}
