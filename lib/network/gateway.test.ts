import { describe, expect, it } from "vitest";
import { diffGatewayEntries } from "./gateway-diff";
import {
  type AgwEntries,
  desiredGatewayEntries,
  emptyAgwEntries,
  type GatewayFrontend,
  ownedGatewayNames,
  type SpokeGatewayEntry,
} from "./gateway-entries";
import { gatewayRoom, limitErrors } from "./gateway-limits";
import { planGatewayUpdate, spokeEntryList, type OwnedEntry, type SpokeWish } from "./gateway-ownership";
import { gatewayEntriesErrors, isValidRulePriority, rulePriorityErrors } from "./gateway-validate";
import { agwNames } from "./resource-names";

const frontend: GatewayFrontend = { frontendIpConfigurationName: "appGwPublicFrontendIp", frontendPortName: "port_80" };

function spoke(
  spokeNumber: number,
  clientName: string,
  backendIp: string | null = `10.11.${spokeNumber}.4`,
): SpokeGatewayEntry {
  return {
    clientName,
    spokeNumber,
    backendIp,
    names: agwNames({ spokeNumber, clientName, agwBaseDomain: "spokes.example.com" }),
  };
}

/** The seeded hub: defaults plus one entry an operator made by hand. */
function hubDefaults(): AgwEntries {
  return {
    backendPools: [
      { name: "defaultPool", ipAddresses: [], raw: { id: "pool-raw" } },
      { name: "marketing-pool", ipAddresses: ["10.0.1.10"] },
    ],
    backendHttpSettings: [
      { name: "defaultHttpSettings", port: 80, protocol: "Http", cookieBasedAffinity: "Disabled", requestTimeout: 20 },
    ],
    listeners: [
      {
        name: "defaultListener",
        frontendIpConfigurationName: "appGwPublicFrontendIp",
        frontendPortName: "port_80",
        protocol: "Http",
        hostName: null,
      },
    ],
    rules: [
      {
        name: "defaultRoutingRule",
        ruleType: "Basic",
        priority: 20000,
        listenerName: "defaultListener",
        backendPoolName: "defaultPool",
        backendHttpSettingsName: "defaultHttpSettings",
      },
    ],
    probes: [],
  };
}

function withSpokes(base: AgwEntries, spokes: SpokeGatewayEntry[]): AgwEntries {
  const ours = desiredGatewayEntries(spokes, frontend);
  return {
    backendPools: [...base.backendPools, ...ours.backendPools],
    backendHttpSettings: [...base.backendHttpSettings, ...ours.backendHttpSettings],
    listeners: [...base.listeners, ...ours.listeners],
    rules: [...base.rules, ...ours.rules],
    probes: [...base.probes, ...ours.probes],
  };
}

describe("desiredGatewayEntries", () => {
  it("produces pool, settings, listener and rule of ARCHITECTURE.md §1 for a spoke", () => {
    const entries = desiredGatewayEntries([spoke(7, "contoso")], frontend);
    expect(entries).toEqual({
      backendPools: [{ name: "contoso-pool", ipAddresses: ["10.11.7.4"] }],
      backendHttpSettings: [
        {
          name: "contoso-http",
          port: 80,
          protocol: "Http",
          cookieBasedAffinity: "Disabled",
          requestTimeout: 30,
          probeName: "contoso-probe",
        },
      ],
      listeners: [
        {
          name: "contoso-listener",
          frontendIpConfigurationName: "appGwPublicFrontendIp",
          frontendPortName: "port_80",
          protocol: "Http",
          hostName: "contoso.spokes.example.com",
        },
      ],
      rules: [
        {
          name: "contoso-route",
          ruleType: "Basic",
          priority: 1007,
          listenerName: "contoso-listener",
          backendPoolName: "contoso-pool",
          backendHttpSettingsName: "contoso-http",
        },
      ],
      probes: [
        {
          name: "contoso-probe",
          protocol: "Http",
          host: "127.0.0.1",
          pickHostNameFromBackendHttpSettings: false,
          path: "/",
          interval: 30,
          timeout: 30,
          unhealthyThreshold: 3,
          statusCodes: ["200-399"],
        },
      ],
    });
  });

  it("orders spokes by number and leaves a pool empty until the IP is known", () => {
    const entries = desiredGatewayEntries([spoke(9, "zeta", null), spoke(2, "alpha")], frontend);
    expect(entries.rules.map((r) => r.name)).toEqual(["alpha-route", "zeta-route"]);
    expect(entries.backendPools[1]).toEqual({ name: "zeta-pool", ipAddresses: [] });
  });
});

describe("diffGatewayEntries", () => {
  const a = spoke(1, "alpha");
  const b = spoke(2, "beta");
  const owned = (...spokes: SpokeGatewayEntry[]) => ownedGatewayNames(spokes);

  it("adds a new spoke's entries after the hub's, leaving the hub's untouched and in place", () => {
    const current = hubDefaults();
    const diff = diffGatewayEntries(current, desiredGatewayEntries([a], frontend), owned(a));
    expect(diff.changed).toBe(true);
    expect(diff.backendPools.map((p) => p.name)).toEqual(["defaultPool", "marketing-pool", "alpha-pool"]);
    expect(diff.backendPools[0]).toBe(current.backendPools[0]);
    expect(diff.rules.map((r) => r.name)).toEqual(["defaultRoutingRule", "alpha-route"]);
    expect(diff.changes).toEqual([
      { kind: "backendPools", name: "alpha-pool", action: "added" },
      { kind: "backendHttpSettings", name: "alpha-http", action: "added" },
      { kind: "listeners", name: "alpha-listener", action: "added" },
      { kind: "rules", name: "alpha-route", action: "added" },
      { kind: "probes", name: "alpha-probe", action: "added" },
    ]);
    expect(gatewayEntriesErrors(diff)).toEqual([]);
  });

  it("reports no change when the gateway already matches, ignoring IP order and adapter data", () => {
    const current = withSpokes(hubDefaults(), [a, b]);
    current.backendPools[2] = {
      ...current.backendPools[2],
      name: "alpha-pool",
      ipAddresses: ["10.11.1.4"],
      raw: { etag: "x" },
    };
    const diff = diffGatewayEntries(current, desiredGatewayEntries([a, b], frontend), owned(a, b));
    expect(diff.changed).toBe(false);
    expect(diff.changes).toEqual([]);
    expect(diff.backendPools[2]).toBe(current.backendPools[2]);
  });

  it("updates an owned entry in place when it drifted", () => {
    const current = withSpokes(hubDefaults(), [spoke(1, "alpha", "10.11.1.9"), b]);
    const diff = diffGatewayEntries(current, desiredGatewayEntries([a, b], frontend), owned(a, b));
    expect(diff.changes).toEqual([{ kind: "backendPools", name: "alpha-pool", action: "updated" }]);
    expect(diff.backendPools.map((p) => p.name)).toEqual(["defaultPool", "marketing-pool", "alpha-pool", "beta-pool"]);
    expect(diff.backendPools[2]?.ipAddresses).toEqual(["10.11.1.4"]);
  });

  it("removes a removed spoke's entries and keeps everything else", () => {
    const current = withSpokes(hubDefaults(), [a, b]);
    const diff = diffGatewayEntries(current, desiredGatewayEntries([b], frontend), owned(a, b));
    expect(diff.changes.filter((c) => c.action === "removed").map((c) => c.name)).toEqual([
      "alpha-pool",
      "alpha-http",
      "alpha-listener",
      "alpha-route",
      "alpha-probe",
    ]);
    expect(diff.rules.map((r) => r.name)).toEqual(["defaultRoutingRule", "beta-route"]);
    expect(diff.backendPools.map((p) => p.name)).toEqual(["defaultPool", "marketing-pool", "beta-pool"]);
  });

  it("never removes entries it does not own, even when they look like ours", () => {
    const current = withSpokes(hubDefaults(), [spoke(3, "handmade")]);
    const diff = diffGatewayEntries(current, emptyAgwEntries(), owned(a));
    expect(diff.changed).toBe(false);
    expect(diff.rules.map((r) => r.name)).toEqual(["defaultRoutingRule", "handmade-route"]);
  });

  it("matches names case-insensitively, as Azure does", () => {
    const current = hubDefaults();
    current.backendPools.push({ name: "Alpha-Pool", ipAddresses: ["10.11.1.4"] });
    const diff = diffGatewayEntries(current, desiredGatewayEntries([a], frontend), owned(a));
    expect(diff.backendPools.filter((p) => p.name.toLowerCase() === "alpha-pool")).toHaveLength(1);
  });

  it("converges: applying the result and diffing again changes nothing", () => {
    const desired = desiredGatewayEntries([a, b], frontend);
    const first = diffGatewayEntries(hubDefaults(), desired, owned(a, b));
    const second = diffGatewayEntries(first, desired, owned(a, b));
    expect(second.changed).toBe(false);
  });
});

describe("gateway validation", () => {
  it.each([
    [1, true],
    [20000, true],
    [0, false],
    [20001, false],
    [1000.5, false],
  ])("priority %s valid = %s", (priority, expected) => expect(isValidRulePriority(priority)).toBe(expected));

  it("names duplicate and out-of-range priorities", () => {
    expect(
      rulePriorityErrors([
        { name: "a", priority: 1001 },
        { name: "b", priority: 1001 },
        { name: "c", priority: 0 },
      ]),
    ).toEqual(["rule b: priority 1001 is already used by rule a", "rule c: priority 0 is outside 1–20000"]);
  });

  it("finds dangling references, duplicate names and clashing listeners", () => {
    const entries = withSpokes(hubDefaults(), [spoke(1, "alpha")]);
    const [defaultRule] = entries.rules;
    const alphaListener = entries.listeners.find((l) => l.name === "alpha-listener");
    if (!defaultRule || !alphaListener) throw new Error("fixture changed");
    entries.backendPools = entries.backendPools.filter((p) => p.name !== "alpha-pool");
    entries.listeners.push({ ...alphaListener, name: "copy-listener" });
    entries.rules.push({ ...defaultRule, priority: 5 });
    expect(gatewayEntriesErrors(entries)).toEqual([
      "rule: name defaultRoutingRule appears more than once",
      "rule alpha-route: backend pool alpha-pool does not exist",
      "listener copy-listener: host alpha.spokes.example.com on port port_80 is already served by listener alpha-listener",
    ]);
  });
});

describe("Azure's entry limits (gateway-limits.ts)", () => {
  const existing = Array.from({ length: 98 }, (_, i) => spoke(i + 1, `c${i + 1}`));
  const wish = (s: SpokeGatewayEntry): SpokeWish => ({ spokeId: `id-${s.spokeNumber}`, names: s.names, entry: s });
  const ledger: OwnedEntry[] = existing.flatMap((s) =>
    spokeEntryList(s.names).map(({ kind, name }) => ({ kind, name, spokeId: `id-${s.spokeNumber}` })),
  );

  it("the gateway's 100th pool goes to the lower spoke number; the 101st is refused alone, with Azure's code", () => {
    // defaultPool + marketing-pool + 98 spokes = 100 pools: no room for a new spoke at all.
    const full = withSpokes(hubDefaults(), existing);
    expect(gatewayEntriesErrors(full)).toEqual([]);
    const plan = planGatewayUpdate(full, [...existing.map(wish), wish(spoke(120, "late"))], ledger, frontend);
    expect(plan.changed).toBe(false);
    expect(plan.rejected.get("id-120")).toBe(
      "its entries would make the gateway invalid: ApplicationGatewayBackendAddressPoolLimitReached: the gateway would have 101 backend pools; Azure allows at most 100",
    );

    // With the hand-made pool gone there is one place: spoke 99 gets it, spoke 100 is refused, the rest stay.
    const base = hubDefaults();
    const oneFree = withSpokes({ ...base, backendPools: base.backendPools.slice(0, 1) }, existing);
    const two = planGatewayUpdate(
      oneFree,
      [...existing.map(wish), wish(spoke(100, "b")), wish(spoke(99, "a"))],
      ledger,
      frontend,
    );
    expect([...two.rejected.keys()]).toEqual(["id-100"]);
    expect(two.changes.filter((c) => c.action === "added").map((c) => c.name)).toEqual([
      "a-pool",
      "a-http",
      "a-listener",
      "a-route",
      "a-probe",
    ]);
    expect(two.entries.backendPools).toHaveLength(100);
  });

  it("counts only active listeners (ones a rule uses) against Azure's 100; the binding limit names the room", () => {
    // 99 active listeners (the hub's + 98 spokes'); two more idle ones are fine, two more in use are not.
    const full = withSpokes(hubDefaults(), existing);
    const idle = [1, 2].map((n) => ({ ...full.listeners[0]!, name: `idle-${n}`, hostName: `idle${n}.example.com` }));
    const listeners = [...full.listeners, ...idle];
    expect(limitErrors({ ...full, listeners })).toEqual([]);
    const rules = idle.map((l, n) => ({
      ...full.rules[0]!,
      name: `idle-rule-${n}`,
      priority: 5 + n,
      listenerName: l.name,
    }));
    expect(limitErrors({ ...full, listeners, rules: [...full.rules, ...rules] })).toEqual([
      "ApplicationGatewayActiveListenerLimitReached: the gateway would have 101 active listeners; Azure allows at most 100",
    ]);
    expect(gatewayRoom({ backendPools: 2, backendHttpSettings: 1, listeners: 1, rules: 1 })).toEqual({
      places: 98,
      kind: "backendPools",
      limit: 100,
      foreign: 2,
    });
    expect(gatewayRoom({ backendPools: 1, backendHttpSettings: 1, listeners: 1, rules: 399 })).toMatchObject({
      places: 1,
      kind: "rules",
    });
  });
});
