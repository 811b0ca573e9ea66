/**
 * The standalone ARM simulator (as `npm run sim`) with one driver-side extension for the chaos
 * battery: a fault rule may carry `"probability": p` (0–1), and then fires on each matching
 * request with that chance instead of on every one — "20 % of ARM calls fail transiently".
 * `GET /_sim/faults` shows how often each such rule really fired (`injected`).
 *
 * Usage: tsx e2e/chaos/sim-host.ts --port P --data-dir DIR --profile realistic --time-scale S
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startArmSimulator } from "@/lib/arm-simulator";
import type { LatencyProfile } from "@/lib/arm-simulator";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    profile: { type: "string" },
    "time-scale": { type: "string" },
  },
});

const sim = await startArmSimulator({
  port: Number(values.port ?? "8543"),
  host: "127.0.0.1",
  dataDir: resolve(values["data-dir"] ?? ".data/bench-chaos-sim"),
  profile: (values.profile ?? "realistic") as LatencyProfile,
  timeScale: Number(values["time-scale"] ?? "0.05"),
});

type ProbRule = { probability?: number; injected?: number };
const faults = sim.sim.faults;
const take = faults.take.bind(faults);
faults.take = (operation, name, kinds) =>
  take(operation, name, kinds).filter((rule) => {
    const r = rule as typeof rule & ProbRule;
    if (typeof r.probability !== "number") return true;
    if (Math.random() >= r.probability) return false;
    r.injected = (r.injected ?? 0) + 1;
    return true;
  });

console.log(`ARM simulator (chaos host) listening on ${sim.url}`);
console.log(`  CA certificate:  ${sim.caFile}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  });
}
