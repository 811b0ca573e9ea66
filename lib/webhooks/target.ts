/**
 * Outbound target checks (SSRF): a webhook may not reach loopback, private, link-local (cloud
 * metadata at 169.254.169.254), CGNAT, multicast or unspecified addresses, nor Azure's platform
 * address 168.63.129.16. Every address a name resolves to is checked, when the endpoint is saved
 * and again at delivery, where the connection is pinned to the address just checked (a DNS answer
 * that changes between check and connect cannot slip through).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
blocked.addAddress("168.63.129.16", "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(net, bits, "ipv6");
}

export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefused";
  }
}

/** Whether an address is one a webhook must not reach (IPv4-mapped IPv6 checked as IPv4). */
export function isForbiddenAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface TargetPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: tests and closed networks only. */
  allowPrivate: boolean;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused("Invalid url: not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TargetRefused("Invalid url: only http and https are allowed");
  if (url.username || url.password) throw new TargetRefused("Invalid url: credentials in the URL are not allowed");
  return url;
}

/** Resolves the URL's host and refuses it when any address is forbidden; returns the addresses. */
export async function checkTarget(
  raw: string,
  policy: TargetPolicy,
): Promise<{ url: URL; addresses: LookupAddress[] }> {
  const url = parseTarget(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveAll(host);
  } catch (err) {
    throw new TargetRefused(`Cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!addresses.length) throw new TargetRefused(`Cannot resolve ${host}`);
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad)
      throw new TargetRefused(
        `Refused target ${host}: ${bad.address} is a loopback, private, link-local or metadata address`,
      );
  }
  return { url, addresses };
}
