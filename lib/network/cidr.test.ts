import { describe, expect, it } from "vitest";
import {
  cidr,
  cidrLast,
  containsCidr,
  containsIp,
  formatCidr,
  formatIpv4,
  nthSubBlock,
  overlaps,
  parseCidr,
  parseIpv4,
  splitCidr,
  validateCidr,
} from "./cidr";

describe("parseIpv4 / formatIpv4", () => {
  it.each([
    ["0.0.0.0", 0],
    ["10.11.7.0", 0x0a0b0700],
    ["255.255.255.255", 0xffffffff],
  ])("round-trips %s", (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each(["", "10.0.0", "10.0.0.0.0", "256.0.0.0", "10.01.0.0", "a.b.c.d", "10.0.0.-1", " 10.0.0.1"])(
    "rejects %j",
    (text) => expect(parseIpv4(text)).toBeNull(),
  );
});

describe("parseCidr", () => {
  it("parses canonical blocks, including /0 and /32", () => {
    expect(formatCidr(cidr("10.11.0.0/16"))).toBe("10.11.0.0/16");
    expect(cidr("0.0.0.0/0")).toEqual({ network: 0, prefixLength: 0 });
    expect(formatCidr(cidr("10.11.3.4/32"))).toBe("10.11.3.4/32");
    expect(formatCidr(cidr(" 10.11.3.0/24 "))).toBe("10.11.3.0/24");
  });

  it("names the canonical block when host bits are set", () => {
    const result = parseCidr("10.11.1.5/24");
    expect(result).toEqual({ ok: false, error: expect.stringContaining("did you mean 10.11.1.0/24") });
  });

  it.each(["10.11.0.0", "10.11.0.0/33", "10.11.0/24", "10.11.0.0/-1", "10.11.0.0/ 24", "x/24"])(
    "rejects %j with a message",
    (text) => expect(validateCidr(text)).toMatch(/\S/),
  );

  it("validateCidr returns null for a valid block", () => {
    expect(validateCidr("192.168.0.0/16")).toBeNull();
  });

  it("cidr() throws on invalid input", () => {
    expect(() => cidr("10.0.0.1/8")).toThrow(/host bits/);
  });
});

describe("containment and overlap", () => {
  const pool = cidr("10.11.0.0/16");

  it("contains addresses from first to broadcast", () => {
    expect(containsIp(pool, parseIpv4("10.11.0.0") ?? -1)).toBe(true);
    expect(containsIp(pool, parseIpv4("10.11.255.255") ?? -1)).toBe(true);
    expect(containsIp(pool, parseIpv4("10.12.0.0") ?? -1)).toBe(false);
    expect(formatIpv4(cidrLast(pool))).toBe("10.11.255.255");
  });

  it.each([
    ["10.11.0.0/16", "10.11.5.0/24", true],
    ["10.11.0.0/16", "10.11.0.0/16", true],
    ["10.11.5.0/24", "10.11.0.0/16", false],
    ["10.11.0.0/16", "10.12.0.0/24", false],
    ["10.11.5.0/24", "10.11.5.192/26", true],
  ])("containsCidr(%s, %s) = %s", (outer, inner, expected) => {
    expect(containsCidr(cidr(outer), cidr(inner))).toBe(expected);
  });

  it.each([
    ["10.0.0.0/16", "10.0.255.0/24", true],
    ["10.0.0.0/16", "10.1.0.0/16", false],
    ["10.11.1.0/24", "10.11.0.0/16", true],
    ["10.11.1.0/26", "10.11.1.64/26", false],
    ["10.11.1.0/25", "10.11.1.64/26", true],
    ["0.0.0.0/0", "192.168.1.1/32", true],
  ])("overlaps(%s, %s) = %s in both directions", (a, b, expected) => {
    expect(overlaps(cidr(a), cidr(b))).toBe(expected);
    expect(overlaps(cidr(b), cidr(a))).toBe(expected);
  });
});

describe("splitting", () => {
  it("splits a /24 into four /26 in address order", () => {
    expect(splitCidr(cidr("10.11.7.0/24"), 26).map(formatCidr)).toEqual([
      "10.11.7.0/26",
      "10.11.7.64/26",
      "10.11.7.128/26",
      "10.11.7.192/26",
    ]);
  });

  it("nthSubBlock picks one block and refuses out-of-range indexes", () => {
    const pool = cidr("10.11.0.0/16");
    expect(formatCidr(nthSubBlock(pool, 24, 254) ?? pool)).toBe("10.11.254.0/24");
    expect(nthSubBlock(pool, 24, 256)).toBeNull();
    expect(nthSubBlock(pool, 8, 0)).toBeNull();
    expect(nthSubBlock(pool, 24, -1)).toBeNull();
  });

  it("refuses to split into larger blocks", () => {
    expect(() => splitCidr(cidr("10.11.7.0/24"), 16)).toThrow();
  });
});

describe("parseCidr non-strict", () => {
  it("masks host bits instead of refusing", () => {
    expect(parseCidr("10.11.1.5/24", { strict: false })).toEqual({ ok: true, cidr: cidr("10.11.1.0/24") });
    expect(parseCidr("nonsense", { strict: false }).ok).toBe(false);
  });
});
