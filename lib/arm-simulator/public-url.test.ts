import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startArmSimulator, type ArmSimulator } from "./index";

// A simulator in another container is reached by a name (https://sim:8443), not by its listening
// address: the SDK polls the operation URLs it is given, and verifies the certificate's names.
const PUBLIC = "https://arm-sim.internal:8443";
const VNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg/providers/Microsoft.Network/virtualNetworks/vnet-public-url?api-version=2024-05-01";

function put(
  sim: ArmSimulator,
  path: string,
  body: object,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: sim.port,
        path,
        method: "PUT",
        ca: sim.caPem,
        headers: { "content-type": "application/json", authorization: "Bearer test" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("simulator public URL", () => {
  const dirs: string[] = [];
  const sims: ArmSimulator[] = [];
  const start = async (publicUrl?: string, dataDir?: string) => {
    const sim = await startArmSimulator({ profile: "fast", timeScale: 1, dataDir, publicUrl });
    sims.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.stop()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("hands out operation URLs on the public host and a certificate that names it", async () => {
    const sim = await start(PUBLIC);
    expect(sim.url).toBe(PUBLIC);
    const res = await put(sim, VNET, {
      location: "eastus",
      properties: { addressSpace: { addressPrefixes: ["10.99.0.0/24"] } },
    });
    expect(res.status).toBe(201);
    expect(String(res.headers["azure-asyncoperation"])).toMatch(new RegExp(`^${PUBLIC}/subscriptions/`));
    const cert = new X509Certificate(sim.caPem);
    expect(cert.checkHost("arm-sim.internal")).toBe("arm-sim.internal");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
  });

  it("keeps its certificate across restarts and makes a new one only for a host it does not name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-public-url-"));
    dirs.push(dir);
    const first = await start(undefined, dir);
    const original = first.caPem;
    await first.stop();
    expect(new X509Certificate(original).checkHost("arm-sim.internal")).toBeUndefined();

    const renamed = await start(PUBLIC, dir);
    expect(renamed.caPem).not.toBe(original);
    expect(new X509Certificate(renamed.caPem).checkHost("arm-sim.internal")).toBe("arm-sim.internal");
    await renamed.stop();

    const again = await start(PUBLIC, dir);
    expect(again.caPem).toBe(renamed.caPem);
  });
});
