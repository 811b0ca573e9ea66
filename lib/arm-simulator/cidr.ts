/** IPv4 CIDR arithmetic used by subnet validation, peering overlap checks and NIC IP allocation. */

export interface Cidr {
  network: number;
  prefix: number;
  size: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function parseCidr(text: string): Cidr | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const ip = ipToInt(match[1] ?? "");
  const prefix = Number(match[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (ip % size !== 0) return undefined; // ARM rejects host bits set in a prefix
  return { network: ip, prefix, size };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

export function containsIp(outer: Cidr, ip: number): boolean {
  return ip >= outer.network && ip < outer.network + outer.size;
}

/** Azure reserves the network address, .1–.3 and the broadcast address of every subnet. */
export function firstUsable(c: Cidr): number {
  return c.network + 4;
}

export function lastUsable(c: Cidr): number {
  return c.network + c.size - 2;
}

export function anyOverlap(as: string[], bs: string[]): string[] {
  const hits: string[] = [];
  for (const a of as) {
    const ca = parseCidr(a);
    if (!ca) continue;
    for (const b of bs) {
      const cb = parseCidr(b);
      if (cb && overlaps(ca, cb)) hits.push(a === b ? a : `${a}, ${b}`);
    }
  }
  return hits;
}
