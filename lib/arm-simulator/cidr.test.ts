import { describe, expect, it } from "vitest";
import { anyOverlap, contains, firstUsable, intToIp, ipToInt, lastUsable, overlaps, parseCidr } from "./cidr";

describe("cidr", () => {
  it("parses prefixes and rejects host bits and junk", () => {
    expect(parseCidr("10.11.3.0/24")).toEqual({ network: ipToInt("10.11.3.0"), prefix: 24, size: 256 });
    expect(parseCidr("10.11.3.1/24")).toBeUndefined();
    expect(parseCidr("10.11.300.0/24")).toBeUndefined();
    expect(parseCidr("10.11.3.0/33")).toBeUndefined();
    expect(parseCidr("nope")).toBeUndefined();
  });
  it("computes containment, overlap and Azure's usable range", () => {
    const vnet = parseCidr("10.11.3.0/24")!;
    const sub = parseCidr("10.11.3.64/26")!;
    expect(contains(vnet, sub)).toBe(true);
    expect(contains(sub, vnet)).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/16")!, parseCidr("10.0.255.0/24")!)).toBe(true);
    expect(overlaps(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/16")!)).toBe(false);
    expect(intToIp(firstUsable(sub))).toBe("10.11.3.68");
    expect(intToIp(lastUsable(sub))).toBe("10.11.3.126");
    expect(anyOverlap(["10.0.0.0/16"], ["10.11.0.0/16", "10.0.4.0/24"])).toEqual(["10.0.0.0/16, 10.0.4.0/24"]);
  });
});
