import { describe, expect, it } from "vitest";
import {
  conflictsForSpoke,
  defaultAddressPool,
  lowestFreeSpokeNumber,
  parseAddressPool,
  spokeAddressPrefix,
  spokeBlock,
  spokeNumberError,
  spokeNumberForPrefix,
} from "./address-allocation";
import { formatCidr } from "./cidr";

const pool = defaultAddressPool();

function poolOf(space: string, prefixLength: number) {
  const result = parseAddressPool(space, prefixLength);
  if (!result.ok) throw new Error(result.error);
  return result.pool;
}

describe("address pool", () => {
  it("defaults reproduce the original's 10.11.X.0/24 with X = 1..254", () => {
    expect(pool.maxSpokeNumber).toBe(254);
    expect(spokeAddressPrefix(pool, 1)).toBe("10.11.1.0/24");
    expect(spokeAddressPrefix(pool, 7)).toBe("10.11.7.0/24");
    expect(spokeAddressPrefix(pool, 254)).toBe("10.11.254.0/24");
  });

  it("generalises to other pools and prefix lengths", () => {
    const wide = poolOf("10.20.0.0/16", 25);
    expect(wide.maxSpokeNumber).toBe(510);
    expect(spokeAddressPrefix(wide, 3)).toBe("10.20.1.128/25");
    const small = poolOf("192.168.0.0/22", 24);
    expect(small.maxSpokeNumber).toBe(2);
    expect(spokeAddressPrefix(small, 2)).toBe("192.168.2.0/24");
  });

  it("caps huge pools so that rule priority 1000 + X stays within 20000", () => {
    expect(poolOf("10.0.0.0/8", 24).maxSpokeNumber).toBe(19_000);
  });

  it.each([
    ["10.11.0.0/16", 16],
    ["10.11.0.0/16", 28],
    ["10.11.0.0/16", 24.5],
    ["10.11.0.1/16", 24],
    ["10.11.0.0/23", 24],
  ])("refuses pool %s with /%s", (space, prefixLength) => {
    expect(parseAddressPool(space, prefixLength).ok).toBe(false);
  });
});

describe("spoke numbers", () => {
  it.each([0, 255, 300, -1, 1.5, Number.NaN, "3", null])("rejects %j with the original's message", (value) => {
    expect(spokeNumberError(pool, value)).toBe(`Invalid spoke_id: ${String(value)}. Must be between 1 and 254`);
  });

  it("accepts the bounds", () => {
    expect(spokeNumberError(pool, 1)).toBeNull();
    expect(spokeNumberError(pool, 254)).toBeNull();
  });

  it("spokeBlock throws outside the range", () => {
    expect(() => spokeBlock(pool, 0)).toThrow(/Invalid spoke_id: 0/);
  });

  it("maps a prefix back to its spoke number", () => {
    expect(spokeNumberForPrefix(pool, "10.11.42.0/24")).toBe(42);
    expect(spokeNumberForPrefix(pool, "10.11.0.0/24")).toBeNull();
    expect(spokeNumberForPrefix(pool, "10.11.42.0/25")).toBeNull();
    expect(spokeNumberForPrefix(pool, "10.12.42.0/24")).toBeNull();
  });
});

describe("lowestFreeSpokeNumber", () => {
  it("takes 1 on an empty pool, whatever the hub is", () => {
    expect(lowestFreeSpokeNumber(pool, [], ["10.0.0.0/16"])).toBe(1);
  });

  it("skips taken numbers and fills gaps", () => {
    expect(lowestFreeSpokeNumber(pool, [1, 2, 4])).toBe(3);
    expect(lowestFreeSpokeNumber(pool, new Set([1, 2, 3]))).toBe(4);
  });

  it("skips a block overlapping a VNet created by hand", () => {
    expect(lowestFreeSpokeNumber(pool, [1], ["10.11.2.0/25", "10.11.3.128/26"])).toBe(4);
  });

  it("skips every block under a wide overlapping range", () => {
    expect(lowestFreeSpokeNumber(pool, [], ["10.11.0.0/20"])).toBe(16);
  });

  it("treats a prefix with host bits set as its whole range", () => {
    expect(lowestFreeSpokeNumber(pool, [], ["10.11.1.7/24"])).toBe(2);
  });

  it("returns null when everything is taken or blocked", () => {
    const all = Array.from({ length: 254 }, (_, i) => i + 1);
    expect(lowestFreeSpokeNumber(pool, all)).toBeNull();
    expect(lowestFreeSpokeNumber(pool, [], ["10.11.0.0/16"])).toBeNull();
  });

  it("lists the conflicts of a named number", () => {
    expect(conflictsForSpoke(pool, 5, ["10.0.0.0/16", "10.11.5.64/26"]).map(formatCidr)).toEqual(["10.11.5.64/26"]);
  });

  it("throws on a blocked prefix that is not a CIDR", () => {
    expect(() => lowestFreeSpokeNumber(pool, [], ["not-a-cidr"])).toThrow(/blocked prefix/);
  });
});
