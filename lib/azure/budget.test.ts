import { describe, expect, it } from "vitest";
import { ArmBudget, parseRemainingResource, providerRoute, type BudgetClock } from "./budget";

/** A clock the test moves by hand; timers fire in due order as it advances. */
function fakeClock(): BudgetClock & { advance(ms: number): Promise<void> } {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    setTimer(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => {
        timers = timers.filter((x) => x !== t);
      };
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        await flush();
      }
      now = end;
      await flush();
    },
  };
}

const flush = () => new Promise<void>((r) => setImmediate(r));

/** Starts acquires and records the order in which they are granted. */
function track(budget: ArmBudget) {
  const granted: string[] = [];
  const start = (label: string, ...args: Parameters<ArmBudget["acquire"]>) =>
    void budget.acquire(...args).then(() => granted.push(label));
  return { granted, start };
}

const small = {
  reads: { size: 10, refillPerSecond: 1 },
  writes: { size: 10, refillPerSecond: 1 },
  deletes: { size: 10, refillPerSecond: 1 },
};

describe("ArmBudget", () => {
  it("makes a call wait for a token instead of refusing it", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    const { granted, start } = track(budget);
    for (let i = 0; i < 11; i++) start(`w${i}`, "writes", "finish");
    await flush();
    expect(granted).toHaveLength(10);
    await clock.advance(999);
    expect(granted).toHaveLength(10);
    await clock.advance(1);
    expect(granted).toEqual([...Array.from({ length: 10 }, (_, i) => `w${i}`), "w10"]);
    expect(budget.stats.waited).toBe(1);
  });

  it("refills in scaled time: at time scale 0.1 a token comes ten times sooner", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small, timeScale: 0.1 });
    const { granted, start } = track(budget);
    for (let i = 0; i < 11; i++) start(`r${i}`, "reads", "finish");
    await flush();
    await clock.advance(100);
    expect(granted).toHaveLength(11);
  });

  it("takes the real remaining budget from ARM's header, down and back up", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    await budget.acquire("reads", "finish");
    budget.observe("reads", 0); // another process spent the subscription's reads
    const { granted, start } = track(budget);
    start("next", "reads", "finish");
    await flush();
    expect(granted).toEqual([]);
    await clock.advance(1000);
    expect(granted).toEqual(["next"]);
    budget.observe("reads", 10);
    expect(budget.level("reads")).toBe(1);
  });

  it("counts its own requests still in flight against what the header says", async () => {
    const budget = new ArmBudget({ clock: fakeClock(), buckets: small });
    for (let i = 0; i < 4; i++) await budget.acquire("writes", "finish");
    budget.observe("writes", 6); // answered first; three of ours are still on the way
    expect(budget.level("writes")).toBeCloseTo(0.3);
  });

  it("plans with its share when several instances use the subscription", () => {
    const budget = new ArmBudget({ clock: fakeClock(), buckets: small, instances: 2 });
    budget.observe("reads", 10);
    expect(budget.level("reads")).toBe(1); // 10 left × ½ = its whole 5-token share
  });

  it("pauses the whole subscription after a 429, not only the caller", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    await budget.acquire("reads", "finish");
    budget.throttled("reads", 5000);
    const { granted, start } = track(budget);
    start("read", "reads", "finish");
    start("write", "writes", "finish");
    await flush();
    await clock.advance(4999);
    expect(granted).toEqual([]);
    await clock.advance(1);
    expect(granted.sort()).toEqual(["read", "write"]);
  });

  it("serves finishing work first and keeps a reserve that new work and views cannot take", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    for (let i = 0; i < 10; i++) await budget.acquire("writes", "finish");
    const { granted, start } = track(budget);
    start("view", "writes", "view");
    start("start", "writes", "start");
    start("finish", "writes", "finish");
    await flush();
    await clock.advance(1000);
    expect(granted).toEqual(["finish"]);
    await clock.advance(1000); // 1 token: new work must leave 10 % (1 token) → still waits
    expect(granted).toEqual(["finish"]);
    await clock.advance(1000);
    expect(granted).toEqual(["finish", "start"]);
    await clock.advance(2999);
    expect(granted).toEqual(["finish", "start"]); // views leave 30 %: 4 tokens needed
    await clock.advance(1);
    expect(granted).toEqual(["finish", "start", "view"]);
  });

  it("lets an aborted waiter go without spending a token", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    for (let i = 0; i < 10; i++) await budget.acquire("deletes", "finish");
    const ac = new AbortController();
    const p = budget.acquire("deletes", "finish", ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(budget.queued()).toBe(0);
  });
});

describe("ArmBudget and resource-provider policies (Compute, ARM-REFERENCE §7.2)", () => {
  const PUT_VM = "PUT microsoft.compute/virtualmachines/*";

  function trackProvider(budget: ArmBudget) {
    const granted: string[] = [];
    const start = (label: string, route: string) => void budget.acquireProvider(route).then(() => granted.push(label));
    return { granted, start };
  }

  it("reads Azure's header format and names the kind of request without resource names", () => {
    expect(parseRemainingResource("Microsoft.Compute/PutVM3Min;239,Microsoft.Compute/PutVM30Min;1199")).toEqual([
      { policy: "Microsoft.Compute/PutVM3Min", remaining: 239 },
      { policy: "Microsoft.Compute/PutVM30Min", remaining: 1199 },
    ]);
    expect(parseRemainingResource("Microsoft.Compute/LowCostGet;23999")).toEqual([
      { policy: "Microsoft.Compute/LowCostGet", remaining: 23999 },
    ]);
    expect(parseRemainingResource(undefined)).toEqual([]);
    expect(
      providerRoute(
        "put",
        "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1?api-version=2024-07-01",
      ),
    ).toBe(PUT_VM);
    expect(
      providerRoute(
        "GET",
        "https://h/subscriptions/s/providers/Microsoft.Compute/locations/eastus/operations/abc?api-version=1",
      ),
    ).toBe("GET microsoft.compute/locations/*/operations/*");
    expect(
      providerRoute(
        "POST",
        "https://h/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2/start",
      ),
    ).toBe("POST microsoft.compute/virtualmachines/*/start");
  });

  it("lets a kind of request go at once until an answer names its policies", async () => {
    const budget = new ArmBudget({ clock: fakeClock() });
    const { granted, start } = trackProvider(budget);
    start("a", PUT_VM);
    await flush();
    expect(granted).toEqual(["a"]);
  });

  it("waits for the policy's documented refill when the header says it is empty, instead of being refused", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock });
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 1 }]);
    const { granted, start } = trackProvider(budget);
    start("first", PUT_VM);
    start("second", PUT_VM);
    await flush();
    expect(granted).toEqual(["first"]);
    // PutVM refills 500 a minute: one token per 120 ms.
    await clock.advance(119);
    expect(granted).toEqual(["first"]);
    await clock.advance(1);
    expect(granted).toEqual(["first", "second"]);
    expect(budget.stats.providerWaited).toBe(1);
    // Other kinds of request and ARM's buckets are not held.
    start("get", "GET microsoft.compute/virtualmachines/*");
    await flush();
    expect(granted).toContain("get");
  });

  it("learns the remaining count down and back up from the header, in scaled time", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, timeScale: 0.1 });
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 0 }]);
    const { granted, start } = trackProvider(budget);
    start("a", PUT_VM);
    await flush();
    expect(granted).toEqual([]);
    await clock.advance(12); // 120 ms of Azure time at time scale 0.1
    expect(granted).toEqual(["a"]);
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 700 }]);
    start("b", PUT_VM);
    await flush();
    expect(granted).toEqual(["a", "b"]);
  });

  it("holds only the throttled policy for the provider's Retry-After, not the subscription", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, buckets: small });
    budget.providerThrottled(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 0 }], 5000);
    const { granted, start } = trackProvider(budget);
    start("put", PUT_VM);
    const arm = track(budget);
    arm.start("write", "writes", "start");
    await flush();
    expect(arm.granted).toEqual(["write"]);
    expect(granted).toEqual([]);
    await clock.advance(4999);
    expect(granted).toEqual([]);
    await clock.advance(1);
    expect(granted).toEqual(["put"]);
    expect(budget.stats.providerThrottled).toBe(1);
    expect(budget.stats.throttled).toBe(0);
  });

  it("counts its own requests still in flight against what the header says", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock });
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 3 }]);
    const a = await budget.acquireProvider(PUT_VM);
    await budget.acquireProvider(PUT_VM);
    // The first answer says 2 left, but the second request is still on its way: 1 is ours to spend.
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 2 }], a);
    const { granted, start } = trackProvider(budget);
    start("c", PUT_VM);
    start("d", PUT_VM);
    await flush();
    expect(granted).toEqual(["c"]);
    await clock.advance(120);
    expect(granted).toEqual(["c", "d"]);
  });

  it("tries a policy it has no documented rate for again after a pause, not in a tight loop", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock });
    const route = "PUT microsoft.compute/virtualmachinescalesets/*";
    budget.observeProvider(route, [{ policy: "Microsoft.Compute/PutVMScaleSet3Min", remaining: 0 }]);
    const { granted, start } = trackProvider(budget);
    start("a", route);
    await flush();
    expect(granted).toEqual([]);
    await clock.advance(1000);
    expect(granted).toEqual(["a"]);
  });

  it("plans with its share of a policy when several instances use the subscription", async () => {
    const clock = fakeClock();
    const budget = new ArmBudget({ clock, instances: 2 });
    budget.observeProvider(PUT_VM, [{ policy: "Microsoft.Compute/PutVM", remaining: 1 }]);
    const { granted, start } = trackProvider(budget);
    start("a", PUT_VM);
    await flush();
    // Half of one token: this instance waits for its half of the refill (250 a minute → 240 ms a token).
    expect(granted).toEqual([]);
    await clock.advance(120);
    expect(granted).toEqual(["a"]);
  });
});
