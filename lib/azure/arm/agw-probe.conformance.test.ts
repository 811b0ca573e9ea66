/**
 * Health probes on the gateway through the SDK (issue 13, gateway routing): a settings' probe
 * reference must exist, the probe path must start with "/" (ApplicationGatewayProbePathIsInvalid),
 * interval and timeout are 1–86400 s and the unhealthy threshold 1–20. A valid probe round-trips and
 * a probe the product does not edit (a Tcp one) is left as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armIds } from "../ids";
import { startSimulatedAzure } from "../testing";
import type { AgwEntries, AgwProbe, ApplicationGatewayView } from "../types";

let env: Awaited<ReturnType<typeof startSimulatedAzure>>;
const rg = "hub-rg";

const PROBE: AgwProbe = {
  name: "acme-probe",
  protocol: "Http",
  host: "127.0.0.1",
  pickHostNameFromBackendHttpSettings: false,
  path: "/healthz",
  interval: 30,
  timeout: 30,
  unhealthyThreshold: 3,
  statusCodes: ["200-399"],
};

/** The hub's entries plus settings `acme-http` using `probeName`, and the given probes. */
function withProbe(view: ApplicationGatewayView, probes: AgwProbe[], probeName = "acme-probe"): AgwEntries {
  return {
    backendAddressPools: view.backendAddressPools,
    backendHttpSettings: [
      ...view.backendHttpSettings.filter((s) => s.name !== "acme-http"),
      {
        name: "acme-http",
        port: 80,
        protocol: "Http",
        cookieBasedAffinity: "Disabled",
        probeId: armIds.agwChild(view.id, "probes", probeName),
      },
    ],
    httpListeners: view.httpListeners,
    requestRoutingRules: view.requestRoutingRules,
    probes: [...view.probes.filter((p) => p.name !== "acme-probe"), ...probes],
  };
}

const gateway = async () => (await env.gateway.getApplicationGateway(rg, "hub-agw"))!;

beforeAll(async () => {
  env = await startSimulatedAzure({ timeScale: 0.002 });
});
afterAll(async () => {
  await env.stop();
});

describe("application gateway health probes", () => {
  it("stores a probe and the settings' reference to it, and reads both back", async () => {
    const next = await env.gateway.putApplicationGateway((await gateway()).handle, withProbe(await gateway(), [PROBE]));
    expect(next.probes.find((p) => p.name === "acme-probe")).toEqual(PROBE);
    expect(next.backendHttpSettings.find((s) => s.name === "acme-http")?.probeId).toBe(
      armIds.agwChild(next.id, "probes", "acme-probe"),
    );
  });

  it("refuses settings that reference a probe the gateway does not have", async () => {
    const view = await gateway();
    await expect(
      env.gateway.putApplicationGateway(view.handle, withProbe(view, [], "missing-probe")),
    ).rejects.toMatchObject({ code: "InvalidResourceReference", statusCode: 400 });
  });

  it("refuses a probe path that does not start with / with Azure's code and message", async () => {
    const view = await gateway();
    const err = await env.gateway
      .putApplicationGateway(view.handle, withProbe(view, [{ ...PROBE, path: "healthz" }]))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ApplicationGatewayProbePathIsInvalid", statusCode: 400 });
    expect((err as Error).message).toMatch(
      /^Path specified for Probe \/subscriptions\/.*\/probes\/acme-probe is not valid\. Path must start with a forward slash \(\/\)/,
    );
  });

  it("refuses an interval, timeout or unhealthy threshold out of range", async () => {
    const view = await gateway();
    const put = (p: Partial<AgwProbe>) =>
      env.gateway.putApplicationGateway(view.handle, withProbe(view, [{ ...PROBE, ...p }]));
    await expect(put({ interval: 0 })).rejects.toMatchObject({
      code: "ApplicationGatewayProbeIntervalOutOfRange",
      statusCode: 400,
    });
    await expect(put({ interval: 86_401 })).rejects.toMatchObject({
      code: "ApplicationGatewayProbeIntervalOutOfRange",
    });
    await expect(put({ timeout: 86_401 })).rejects.toMatchObject({ code: "ApplicationGatewayProbeTimeoutOutOfRange" });
    await expect(put({ unhealthyThreshold: 21 })).rejects.toMatchObject({
      code: "ApplicationGatewayProbeUnhealthyThresholdOutOfRange",
    });
    // The limits themselves are accepted.
    const edge = await put({ interval: 86_400, timeout: 1, unhealthyThreshold: 20 });
    expect(edge.probes.find((p) => p.name === "acme-probe")).toMatchObject({
      interval: 86_400,
      timeout: 1,
      unhealthyThreshold: 20,
    });
  });

  it("keeps a probe it was not asked to change exactly as read, and leaves probes alone when the entries carry none", async () => {
    const view = await gateway();
    const tcp: AgwProbe = { name: "legacy-tcp", protocol: "Tcp", interval: 10, timeout: 5, unhealthyThreshold: 2 };
    const withTcp = await env.gateway.putApplicationGateway(view.handle, withProbe(view, [PROBE, tcp]));
    expect(withTcp.probes.find((p) => p.name === "legacy-tcp")).toMatchObject({ protocol: "Tcp", interval: 10 });
    const { probes: _none, ...noProbes } = withProbe(withTcp, [PROBE]);
    const after = await env.gateway.putApplicationGateway(withTcp.handle, noProbes);
    expect(after.probes.map((p) => p.name).sort()).toEqual(["acme-probe", "legacy-tcp"]);
  });
});
