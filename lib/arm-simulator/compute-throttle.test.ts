import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startArmSimulator, type ArmSimulator } from "./index";
import { DEFAULT_COMPUTE_THROTTLE, DEFAULT_THROTTLE, Throttle } from "./throttle";

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { error?: { code: string; message: string; details?: { code: string; target: string; message: string }[] } };
};

function call(sim: ArmSimulator, method: string, path: string, body?: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: sim.port,
        path,
        method,
        ca: sim.caPem,
        headers: { "content-type": "application/json", authorization: "Bearer test" },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} });
        });
      },
    );
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const SUB = "00000000-0000-0000-0000-000000000000";
const VM = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/hub-rg/providers/Microsoft.Compute/virtualMachines/${name}?api-version=2024-07-01`;
const VNET = `/subscriptions/${SUB}/resourceGroups/hub-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet?api-version=2024-05-01`;
const REMAINING = "x-ms-ratelimit-remaining-resource";

describe("Compute's per-minute VM policies (ARM-REFERENCE §7.2)", () => {
  let sim: ArmSimulator;
  beforeAll(async () => {
    sim = await startArmSimulator({ timeScale: 0.01 });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it("are on by default with Azure's documented subscription limits", () => {
    expect(DEFAULT_THROTTLE.compute).toEqual(DEFAULT_COMPUTE_THROTTLE);
    expect(DEFAULT_COMPUTE_THROTTLE).toMatchObject({
      enabled: true,
      policies: {
        PutVM: { size: 1500, refillPerMinute: 500 },
        DeleteVM: { size: 1500, refillPerMinute: 500 },
        LowCostGet: { size: 24000, refillPerMinute: 8000 },
        HighCostGet: { size: 900, refillPerMinute: 300 },
      },
    });
  });

  it("name what is left on every Compute answer, in Azure's format, and nothing on other providers' answers", async () => {
    sim.configure({ throttle: DEFAULT_THROTTLE });
    const get = await call(sim, "GET", VM("no-such-vm"));
    expect(get.status).toBe(404);
    expect(get.headers[REMAINING]).toBe("Microsoft.Compute/LowCostGet;23999");
    expect(get.headers["x-ms-request-charge"]).toBe("1");
    const del = await call(sim, "DELETE", VM("no-such-vm"));
    expect(del.status).toBe(204);
    expect(del.headers[REMAINING]).toBe("Microsoft.Compute/DeleteVM;1499");
    const list = await call(
      sim,
      "GET",
      `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01`,
    );
    expect(list.status).toBe(200);
    expect(list.headers[REMAINING]).toBe("Microsoft.Compute/HighCostGet;899");
    expect((await call(sim, "GET", VNET)).headers[REMAINING]).toBeUndefined();
  });

  it("answer 429 OperationNotAllowed past the limit, with the policy, Retry-After and the header at 0; refill with the time factor", async () => {
    const tight = {
      ...DEFAULT_COMPUTE_THROTTLE,
      policies: { ...DEFAULT_COMPUTE_THROTTLE.policies, PutVM: { size: 2, refillPerMinute: 6 } },
    };
    sim.configure({ throttle: { ...DEFAULT_THROTTLE, compute: tight } });
    const put = () => call(sim, "PUT", VM("tight-vm"), { location: "eastus", properties: {} });
    expect((await put()).headers[REMAINING]).toBe("Microsoft.Compute/PutVM;1");
    expect((await put()).headers[REMAINING]).toBe("Microsoft.Compute/PutVM;0");
    const refused = await put();
    expect(refused.status).toBe(429);
    expect(refused.headers[REMAINING]).toBe("Microsoft.Compute/PutVM;0");
    expect(refused.json.error?.code).toBe("OperationNotAllowed");
    expect(refused.json.error?.message).toMatch(/too many requests have been received for this subscription/);
    expect(refused.json.error?.details?.[0]).toMatchObject({ code: "TooManyRequests", target: "PutVM" });
    expect(JSON.parse(refused.json.error?.details?.[0]?.message ?? "{}")).toMatchObject({
      operationGroup: "PutVM",
      allowedRequestCount: 2,
      measuredRequestCount: 3,
    });
    // 6 a minute is one per 10 s; at time scale 0.01 that is 100 ms: whole seconds say 1, retry-after-ms the rest.
    expect(refused.headers["retry-after"]).toBe("1");
    expect(Number(refused.headers["retry-after-ms"])).toBeGreaterThan(0);
    expect(Number(refused.headers["retry-after-ms"])).toBeLessThanOrEqual(100);
    // Other policies are untouched, and a wait refills the bucket.
    expect((await call(sim, "GET", VM("tight-vm"))).status).not.toBe(429);
    await new Promise((r) => setTimeout(r, 120));
    expect((await put()).status).not.toBe(429);
    sim.configure({ throttle: DEFAULT_THROTTLE });
  });

  it("switch off with ARM's throttling switch (or on their own)", async () => {
    const tight = {
      ...DEFAULT_COMPUTE_THROTTLE,
      policies: { ...DEFAULT_COMPUTE_THROTTLE.policies, DeleteVM: { size: 1, refillPerMinute: 1 } },
    };
    sim.configure({ throttle: { ...DEFAULT_THROTTLE, enabled: false, compute: tight } });
    for (let i = 0; i < 3; i++) {
      const del = await call(sim, "DELETE", VM("no-such-vm"));
      expect(del.status).toBe(204);
      expect(del.headers[REMAINING]).toBe("Microsoft.Compute/DeleteVM;1");
    }
    sim.configure({ throttle: { ...DEFAULT_THROTTLE, compute: { ...tight, enabled: false } } });
    for (let i = 0; i < 3; i++) expect((await call(sim, "DELETE", VM("no-such-vm"))).status).toBe(204);
    sim.configure({ throttle: { ...DEFAULT_THROTTLE, compute: tight } });
    expect((await call(sim, "DELETE", VM("no-such-vm"))).status).toBe(204);
    expect((await call(sim, "DELETE", VM("no-such-vm"))).status).toBe(429);
    sim.configure({ throttle: DEFAULT_THROTTLE });
  });
});

describe("Compute policy buckets", () => {
  it("are per subscription and policy, refilled per minute scaled by the time factor", () => {
    let now = 0;
    const t = new Throttle(
      DEFAULT_THROTTLE,
      () => 0.1,
      () => now,
    );
    for (let i = 0; i < 1500; i++) expect(t.takeCompute("sub-a", "PutVM").ok).toBe(true);
    const refused = t.takeCompute("sub-a", "PutVM");
    expect(refused.ok).toBe(false);
    // 500 a minute = one per 120 ms of Azure time; at time scale 0.1, 12 ms.
    expect(refused.ok === false && refused.retryAfterMs).toBe(12);
    expect(t.takeCompute("sub-b", "PutVM").ok).toBe(true);
    expect(t.takeCompute("sub-a", "DeleteVM").ok).toBe(true);
    now = 12;
    expect(t.takeCompute("sub-a", "PutVM")).toMatchObject({ ok: true, remaining: 0 });
  });
});
