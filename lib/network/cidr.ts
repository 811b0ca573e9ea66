/**
 * IPv4 addresses and CIDR blocks as unsigned 32-bit numbers. Pure and client-safe: the spoke
 * form validates prefixes live with the same code the server's pre-flight uses.
 */

export type Cidr = {
  /** Network address as an unsigned 32-bit integer (host bits zero). */
  readonly network: number;
  readonly prefixLength: number;
};

export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; error: string };

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses dotted-quad IPv4; rejects leading zeros, which some tools read as octal. */
export function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/**
 * Parses "a.b.c.d/n". Host bits must be zero: Azure rejects "10.11.1.5/24" as an address
 * prefix, so we say so before a request is sent, naming the canonical form. `strict: false`
 * masks them instead, for prefixes read back from elsewhere that only need comparing.
 */
export function parseCidr(text: string, opts: { strict?: boolean } = {}): CidrParseResult {
  const trimmed = text.trim();
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(trimmed);
  if (!match) return { ok: false, error: `"${text}" is not a CIDR block (expected a.b.c.d/n)` };
  const ip = parseIpv4(match[1] ?? "");
  if (ip === null) return { ok: false, error: `"${text}" has an invalid IPv4 address` };
  const prefixLength = Number(match[2]);
  if (prefixLength > 32) return { ok: false, error: `"${text}" has a prefix length above 32` };
  const network = (ip & prefixMask(prefixLength)) >>> 0;
  if (network !== ip && opts.strict !== false) {
    const canonical = formatCidr({ network, prefixLength });
    return { ok: false, error: `"${text}" has host bits set; did you mean ${canonical}?` };
  }
  return { ok: true, cidr: { network, prefixLength } };
}

/** Parses a CIDR known to be valid (constants, configuration already validated); throws otherwise. */
export function cidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(result.error);
  return result.cidr;
}

/** Returns an error message, or null when the text is a valid canonical CIDR. */
export function validateCidr(text: string): string | null {
  const result = parseCidr(text);
  return result.ok ? null : result.error;
}

export function formatCidr(block: Cidr): string {
  return `${formatIpv4(block.network)}/${block.prefixLength}`;
}

export function cidrSize(block: Cidr): number {
  return 2 ** (32 - block.prefixLength);
}

/** Last address of the block (the broadcast address). */
export function cidrLast(block: Cidr): number {
  return block.network + cidrSize(block) - 1;
}

export function containsIp(block: Cidr, ip: number): boolean {
  return ip >= block.network && ip <= cidrLast(block);
}

/** True when `inner` lies entirely inside `outer` (equal blocks contain each other). */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefixLength >= outer.prefixLength && containsIp(outer, inner.network);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.network === b.network && a.prefixLength === b.prefixLength;
}

/** The index-th block of length `prefixLength` inside `block` (0-based), or null when out of range. */
export function nthSubBlock(block: Cidr, prefixLength: number, index: number): Cidr | null {
  if (prefixLength < block.prefixLength || prefixLength > 32) return null;
  const count = 2 ** (prefixLength - block.prefixLength);
  if (!Number.isInteger(index) || index < 0 || index >= count) return null;
  return { network: block.network + index * 2 ** (32 - prefixLength), prefixLength };
}

/** Splits a block into `2^(prefixLength - block.prefixLength)` equal blocks, in address order. */
export function splitCidr(block: Cidr, prefixLength: number): Cidr[] {
  if (prefixLength < block.prefixLength || prefixLength > 32) {
    throw new Error(`cannot split ${formatCidr(block)} into /${prefixLength} blocks`);
  }
  const count = 2 ** (prefixLength - block.prefixLength);
  const size = 2 ** (32 - prefixLength);
  return Array.from({ length: count }, (_, i) => ({ network: block.network + i * size, prefixLength }));
}
