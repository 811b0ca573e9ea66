/**
 * Standalone ARM simulator: `npm run sim -- [--port 8443] [--data-dir .data/arm-simulator]
 * [--profile instant|fast|realistic] [--time-scale 0.1] [--empty] [--host 127.0.0.1]
 * [--public-url https://sim:8443]`.
 * Environment equivalents: SIM_PORT, SIM_DATA_DIR, SIM_PROFILE, SIM_TIME_SCALE, SIM_SEED_HUB=false,
 * SIM_FAULTS (JSON rule or array), SIM_SUBSCRIPTION_ID, SIM_HOST, SIM_PUBLIC_URL. Flags win over
 * the environment. --public-url: the URL clients on other hosts or containers use (see index.ts).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startArmSimulator } from "./index";
import { PROFILES, type LatencyProfile } from "./types";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "public-url": { type: "string" },
    "data-dir": { type: "string" },
    profile: { type: "string" },
    "time-scale": { type: "string" },
    empty: { type: "boolean" },
    "subscription-id": { type: "string" },
  },
});

const env = process.env;
const profile = (values.profile ?? env.SIM_PROFILE ?? "realistic") as LatencyProfile;
if (!PROFILES.includes(profile)) {
  console.error(`unknown profile ${profile}; use one of ${PROFILES.join(", ")}`);
  process.exit(2);
}
const timeScale = Number(values["time-scale"] ?? env.SIM_TIME_SCALE ?? "1");
const dataDir = resolve(values["data-dir"] ?? env.SIM_DATA_DIR ?? ".data/arm-simulator");

const sim = await startArmSimulator({
  port: Number(values.port ?? env.SIM_PORT ?? "8443"),
  host: values.host ?? env.SIM_HOST ?? "127.0.0.1",
  publicUrl: values["public-url"] ?? (env.SIM_PUBLIC_URL || undefined),
  dataDir,
  profile,
  timeScale,
  seedHub: !(values.empty || env.SIM_SEED_HUB === "false"),
  faults: env.SIM_FAULTS,
  subscriptionId: values["subscription-id"] ?? env.SIM_SUBSCRIPTION_ID,
});

console.log(`ARM simulator listening on ${sim.url}`);
console.log(`  CA certificate:  ${sim.caFile}`);
console.log(`  subscription:    ${sim.subscriptionId}`);
console.log(`  profile:         ${profile} (time scale ${timeScale})`);
console.log(`  data dir:        ${dataDir}`);
console.log(`  admin API:       ${sim.url}/_sim/inventory, /_sim/requests, /_sim/faults, /_sim/reset`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  });
}
