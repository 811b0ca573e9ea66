import { describe, expect, it } from "vitest";
import { checkApiVersion, requiresRulePriority } from "./api-versions";
import { ArmError } from "./errors";
import { Faults, parseFaults } from "./faults";
import { parseFilter } from "./handlers/resources";
import { isValidSshKey } from "./handlers/vm-validate";
import { Latency, REALISTIC_SECONDS } from "./latency";
import { Router } from "./router";
import { Throttle, DEFAULT_THROTTLE } from "./throttle";
import type { ResourceRecord } from "./types";

describe("api versions", () => {
  it("accepts every stable version from 2020 on and names ARM's errors otherwise", () => {
    expect(checkApiVersion("network", "virtualNetworks", "2020-06-01")).toBe("2020-06-01");
    expect(checkApiVersion("compute", "virtualMachines", "2026-04-01")).toBe("2026-04-01");
    expect(() => checkApiVersion("network", "virtualNetworks", "2099-01-01")).toThrow(
      expect.objectContaining({ code: "NoRegisteredProviderFound", status: 400 }),
    );
    expect(() => checkApiVersion("resources", "resourceGroups", "2099-01-01")).toThrow(
      expect.objectContaining({ code: "InvalidApiVersionParameter" }),
    );
    expect(() => checkApiVersion("network", "virtualNetworks", undefined)).toThrow(
      expect.objectContaining({ code: "MissingApiVersionParameter" }),
    );
    expect(requiresRulePriority("2021-08-01")).toBe(true);
    expect(requiresRulePriority("2021-05-01")).toBe(false);
  });
});

describe("latency", () => {
  it("is zero for instant, fixed for fast, scaled log-normal for realistic", () => {
    expect(new Latency("instant", 1).sampleMs("vm.create")).toBe(0);
    const fast = new Latency("fast", 1);
    expect(fast.sampleMs("vm.create")).toBe(60);
    expect(fast.sampleMs("vnet.create")).toBeLessThan(fast.sampleMs("vm.create"));
    const real = new Latency("realistic", 0.01, 7);
    const samples = Array.from({ length: 400 }, () => real.sampleMs("vm.create")).sort((a, b) => a - b);
    const median = samples[200]!;
    expect(median).toBeGreaterThan(REALISTIC_SECONDS["vm.create"].typical * 1000 * 0.01 * 0.85);
    expect(median).toBeLessThan(REALISTIC_SECONDS["vm.create"].typical * 1000 * 0.01 * 1.15);
    expect(real.scaled(180_000)).toBe(1800);
    expect(new Latency("realistic", 1).retryAfterHeaders(60_000, false)).toEqual({ "retry-after": "3" });
    // 10 s × 0.01 = 100 ms: whole seconds would say 0, so the exact hint rides in retry-after-ms.
    expect(new Latency("realistic", 0.01).retryAfterHeaders(600, true)).toEqual({
      "retry-after": "1",
      "retry-after-ms": "100",
    });
    expect(new Latency("realistic", 0.2).retryAfterHeaders(250, false)).toEqual({
      "retry-after": "1",
      "retry-after-ms": "250",
    });
  });
});

describe("throttle", () => {
  it("empties the bucket, answers with a wait, and refills in (scaled) time", () => {
    let now = 0;
    const t = new Throttle(
      { ...DEFAULT_THROTTLE, enabled: true, writes: { size: 2, refillPerSecond: 1 } },
      () => 1,
      () => now,
    );
    expect(t.take("writes")).toEqual({ ok: true, remaining: 1 });
    expect(t.take("writes")).toEqual({ ok: true, remaining: 0 });
    expect(t.take("writes")).toEqual({ ok: false, retryAfterMs: 1000 });
    now = 1000;
    expect(t.take("writes").ok).toBe(true);
    expect(new Throttle({ ...DEFAULT_THROTTLE, enabled: false }, () => 1).take("reads").ok).toBe(true);
  });

  it("is on by default with ARM's subscription buckets, refill scaled by the time factor", () => {
    expect(DEFAULT_THROTTLE).toMatchObject({
      enabled: true,
      reads: { size: 250, refillPerSecond: 25 },
      writes: { size: 200, refillPerSecond: 10 },
      deletes: { size: 200, refillPerSecond: 10 },
    });
    let now = 0;
    const t = new Throttle(
      DEFAULT_THROTTLE,
      () => 0.1,
      () => now,
    );
    for (let i = 0; i < 250; i++) expect(t.take("reads").ok).toBe(true);
    expect(t.take("reads")).toEqual({ ok: false, retryAfterMs: 4 }); // 25/s ÷ 0.1 = one token per 4 ms
    now = 4;
    expect(t.take("reads").ok).toBe(true);
  });
});

describe("faults", () => {
  it("matches operation and name globs and honours times", () => {
    const f = new Faults();
    f.add({ kind: "error", code: "X", operation: "virtualNetworks.*", name: "spoke-*", times: 2 });
    expect(f.take("virtualNetworks.get", "hub-vnet", ["error"])).toHaveLength(0);
    expect(f.take("virtualNetworks.get", "SPOKE-vnet-1", ["error"])).toHaveLength(1);
    expect(f.take("subnets.get", "spoke-1", ["error"])).toHaveLength(0);
    expect(f.take("virtualNetworks.delete", "spoke-vnet-1", ["error"])).toHaveLength(1);
    expect(f.take("virtualNetworks.delete", "spoke-vnet-1", ["error"])).toHaveLength(0);
    expect(() => f.add({ kind: "error" })).toThrow();
    expect(parseFaults('{"kind":"latency","latencyMs":5}')).toEqual([{ kind: "latency", latencyMs: 5 }]);
  });
  it("lets `skip` matching requests pass before firing, and refuses counts that are not whole numbers", () => {
    const f = new Faults();
    f.add({ kind: "error", code: "X", operation: "networkInterfaces.get", name: "nic-1", skip: 2, times: 1 });
    expect(f.take("networkInterfaces.get", "nic-2", ["error"])).toHaveLength(0); // not a match: not counted
    expect(f.take("networkInterfaces.get", "nic-1", ["error"])).toHaveLength(0);
    expect(f.take("networkInterfaces.get", "nic-1", ["error"])).toHaveLength(0);
    expect(f.list()[0]).toMatchObject({ skipped: 2, fired: 0 });
    expect(f.take("networkInterfaces.get", "nic-1", ["error"])).toHaveLength(1);
    expect(f.take("networkInterfaces.get", "nic-1", ["error"])).toHaveLength(0);
    expect(f.list()).toEqual([]);
    expect(() => f.add({ kind: "error", code: "X", skip: -1 })).toThrow(/skip/);
    expect(() => f.add({ kind: "error", code: "X", times: 1.5 })).toThrow(/times/);
    expect(() => f.addAll([{ kind: "latency", latencyMs: 5 }, { kind: "error" }])).toThrow(/code/);
    expect(f.list()).toEqual([]); // all or none
    expect(parseFaults(undefined)).toEqual([]);
  });
});

describe("resource $filter", () => {
  const rec = (name: string, type: string, tags: Record<string, string>): ResourceRecord => ({
    id: `/subscriptions/s/resourceGroups/rg/providers/${type}/${name}`,
    type,
    meta: {},
    body: { name, location: "eastus", tags },
  });
  const vnet = rec("spoke-vnet-1", "Microsoft.Network/virtualNetworks", { "spoke-id": "1" });
  const nic = rec("vm-nic", "Microsoft.Network/networkInterfaces", { "spoke-id": "2" });
  it("supports tag, type, name and substringof filters", () => {
    expect(parseFilter("tagName eq 'spoke-id' and tagValue eq '1'").predicate(vnet)).toBe(true);
    expect(parseFilter("tagName eq 'spoke-id' and tagValue eq '1'").predicate(nic)).toBe(false);
    expect(parseFilter("tagName eq 'spoke-id'").byTag).toBe(true);
    expect(parseFilter("resourceType eq 'microsoft.network/networkinterfaces'").predicate(nic)).toBe(true);
    expect(parseFilter("substringof('vnet', name)").predicate(vnet)).toBe(true);
    expect(() => parseFilter("bogus")).toThrow(ArmError);
  });
});

describe("ssh keys and routing", () => {
  it("rejects malformed and short keys", () => {
    expect(isValidSshKey("ssh-rsa AAAA")).toBe(false);
    expect(isValidSshKey("not-a-key")).toBe(false);
    const short = Buffer.concat([
      Buffer.from([0, 0, 0, 7]),
      Buffer.from("ssh-rsa"),
      Buffer.from([0, 0, 0, 1, 3, 0, 0, 0, 2, 1, 1]),
    ]).toString("base64");
    expect(isValidSshKey(`ssh-rsa ${short}`)).toBe(false);
  });
  it("matches paths case-insensitively and keeps parameter case", () => {
    const r = new Router();
    r.add([
      {
        method: "GET",
        path: "/subscriptions/{sub}/resourcegroups/{rg}",
        operation: "x",
        api: "resources",
        typeName: "t",
        handler: () => ({ status: 200 }),
      },
    ]);
    expect(r.match("GET", "/SUBSCRIPTIONS/s/resourceGroups/My%20RG")?.params).toEqual({ sub: "s", rg: "My RG" });
    expect(r.match("PUT", "/subscriptions/s/resourcegroups/x")).toBeUndefined();
    expect(r.knowsPath("/subscriptions/s/resourcegroups/x")).toBe(true);
  });
});
