/**
 * When to poll a long-running operation for the first time. The resource provider's `Retry-After`
 * (network about 3 s, compute about 10 s) is a floor for every poll; but a VM create typically takes
 * 45–90 s, so polling it from the start at that hint spends four or five reads before it can be
 * done. The first poll therefore waits for the low end of the operation's typical duration
 * (lib/azure/ARM-REFERENCE.md §6, "Realistic latencies"), never less than the hint; later polls follow the hint.
 * Only when the provider sends a hint at all: `Retry-After: 0` (or none) says the result is ready.
 * An operation done earlier than that is seen at most that much later: rare by construction, since
 * the figures are the fast end of what Azure measures.
 */
export interface LroRequest {
  method: string;
  url: string;
}

/** Azure seconds: the fast end of each operation's typical duration (lib/azure/ARM-REFERENCE.md §6). */
const FIRST_POLL_SECONDS: { method: string; type: RegExp; seconds: number }[] = [
  // More specific paths first: a peering or subnet URL also contains /virtualNetworks/.
  { method: "PUT", type: /\/virtualnetworks\/[^/]+\/virtualnetworkpeerings\//, seconds: 5 },
  { method: "DELETE", type: /\/virtualnetworks\/[^/]+\/virtualnetworkpeerings\//, seconds: 5 },
  { method: "PUT", type: /\/virtualnetworks\/[^/]+\/subnets\//, seconds: 2 },
  { method: "DELETE", type: /\/virtualnetworks\/[^/]+\/subnets\//, seconds: 8 },
  { method: "PUT", type: /\/virtualnetworks\/[^/]+$/, seconds: 7 },
  { method: "DELETE", type: /\/virtualnetworks\/[^/]+$/, seconds: 8 },
  { method: "PUT", type: /\/networkinterfaces\/[^/]+$/, seconds: 6 },
  { method: "DELETE", type: /\/networkinterfaces\/[^/]+$/, seconds: 8 },
  { method: "PUT", type: /\/virtualmachines\/[^/]+$/, seconds: 45 },
  { method: "DELETE", type: /\/virtualmachines\/[^/]+$/, seconds: 60 },
  { method: "DELETE", type: /\/disks\/[^/]+$/, seconds: 10 },
  { method: "PUT", type: /\/applicationgateways\/[^/]+$/, seconds: 10 },
];

/** The earliest first poll for the operation a request starts, in Azure ms; 0 when nothing is known. */
export function firstPollAzureMs(req: LroRequest): number {
  const method = req.method.toUpperCase();
  let path: string;
  try {
    path = new URL(req.url).pathname.toLowerCase().replace(/\/+$/, "");
  } catch {
    return 0;
  }
  const hit = FIRST_POLL_SECONDS.find((e) => e.method === method && e.type.test(path));
  return hit ? hit.seconds * 1000 : 0;
}
