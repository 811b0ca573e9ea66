/**
 * npm run bench:watch — what watching costs (issue 11): ten topology viewers and ten spoke-page
 * viewers poll `next start` at the UI's refetch interval for WATCH_SECONDS (default 300), against
 * the standalone ARM simulator and a fresh PostgreSQL database, with WATCH_INSTANCES app instances
 * (default 2; viewers are spread over them). Reports ARM reads per minute, backend-health calls per
 * hub per 30 s (the simulator's request log) and p95 latency of GET /api/topology and
 * GET /api/spokes/{id}; writes e2e/results/watch.json and watch.md.
 *
 * Knobs: WATCH_SECONDS (300), WATCH_TOPOLOGY_N (10), WATCH_SPOKE_N (10), WATCH_SPOKES (3),
 * WATCH_POLL_MS (5000, the UI's LIVE_POLL_MS), WATCH_INSTANCES (2), WATCH_PORT_BASE (3460),
 * WATCH_SIM_PORT (8560), BENCH_TIME_SCALE (0.2), BENCH_PG_URL (see lib.ts).
 */
import path from "node:path";
import {
  api,
  createDatabase,
  createSpoke,
  ensureBuild,
  envNumber,
  gitCommit,
  installExitHandlers,
  loadavg,
  log,
  machine,
  makeTokens,
  now,
  percentile,
  postgresVersion,
  round,
  runDir,
  runDriver,
  sleep,
  startApp,
  startSim,
  waitSpokes,
  type App,
  type Sim,
} from "./lib";
import { writeWatchResults, type WatchResult } from "./watch-report";

const SECONDS = envNumber("WATCH_SECONDS", 300);
const TOPOLOGY_N = envNumber("WATCH_TOPOLOGY_N", 10);
const SPOKE_N = envNumber("WATCH_SPOKE_N", 10);
const SPOKES = envNumber("WATCH_SPOKES", 3);
const POLL_MS = envNumber("WATCH_POLL_MS", 5_000);
const INSTANCES = envNumber("WATCH_INSTANCES", 2);
const PORT = envNumber("WATCH_PORT_BASE", 3460);
const SIM_PORT = envNumber("WATCH_SIM_PORT", 8560);
const S = envNumber("BENCH_TIME_SCALE", 0.2);

interface Logged {
  at: string;
  method: string;
  operation: string;
  path: string;
  status: number;
}

/** Follows the simulator's request log (it keeps the last 500) so nothing is missed in a long run. */
function followRequests(sim: Sim) {
  const seen = new Set<string>();
  const all: Logged[] = [];
  let stopped = false;
  const poll = async () => {
    const r = await sim.admin<{ recent: Logged[] }>("GET", "/_sim/requests");
    for (const x of r.recent) {
      const key = `${x.at} ${x.method} ${x.path} ${x.status}`;
      if (!seen.has(key)) {
        seen.add(key);
        all.push(x);
      }
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await sleep(2_000);
    }
    await poll();
  })();
  return { all, stop: async () => ((stopped = true), await loop) };
}

async function viewer(
  base: string,
  token: string,
  p: string,
  until: number,
  out: { ms: number[]; errors: number; ages: number[] },
) {
  await sleep(Math.random() * POLL_MS); // viewers do not open the page in the same millisecond
  while (now() < until) {
    const t0 = now();
    try {
      const r = await api<{ live?: { age_s: number | null } }>(base, token, "GET", p);
      out.ms.push(now() - t0);
      if (r.status !== 200) out.errors += 1;
      const age = r.body?.data?.live?.age_s;
      if (typeof age === "number") out.ages.push(age);
    } catch {
      out.errors += 1;
    }
    await sleep(Math.max(0, POLL_MS - (now() - t0)));
  }
}

async function main() {
  installExitHandlers();
  ensureBuild();
  const started = new Date();
  const loadBefore = loadavg();
  const dir = runDir("watch");
  const db = await createDatabase("hsc_watch");
  const sim = await startSim({
    port: SIM_PORT,
    dataDir: path.join(dir, "sim"),
    timeScale: S,
    logFile: path.join(dir, "sim.log"),
  });
  const apps: App[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    apps.push(
      await startApp({
        name: `app${i + 1}`,
        port: PORT + i,
        dbUrl: db.url,
        sim,
        timeScale: S,
        dataDir: path.join(dir, `app${i + 1}`),
        logFile: path.join(dir, `app${i + 1}.log`),
      }),
    );
  }
  const tokens = await makeTokens(db, Math.max(SPOKES, 3));
  log(`creating ${SPOKES} spokes`);
  const created = await Promise.all(
    Array.from({ length: SPOKES }, (_, i) => createSpoke(apps[0]!, tokens.users[i]!, i + 1)),
  );
  const ids = created.map((c) => c.body?.data?.id ?? "");
  const stragglers = await waitSpokes(db, ids, ["completed"], 600_000);
  if (stragglers.length) throw new Error(`spokes not completed: ${stragglers.join(", ")}`);

  log(`watching for ${SECONDS} s: ${TOPOLOGY_N} topology + ${SPOKE_N} spoke-page viewers on ${INSTANCES} instance(s)`);
  const requests = followRequests(sim);
  const t0 = now();
  const until = t0 + SECONDS * 1000;
  const topo = { ms: [] as number[], errors: 0, ages: [] as number[] };
  const page = { ms: [] as number[], errors: 0, ages: [] as number[] };
  const floor = { ms: [] as number[], errors: 0, ages: [] as number[] };
  await Promise.all([
    // The machine's floor for comparison: an authenticated call that reads one row and no snapshot.
    viewer(apps[0]!.base, tokens.users[0]!, "/api/me", until, floor),
    // One admin (everyone's spokes) and users who own a spoke each or none.
    ...Array.from({ length: TOPOLOGY_N }, (_, i) =>
      viewer(
        apps[i % INSTANCES]!.base,
        i === 0 ? tokens.admin : tokens.users[i % tokens.users.length]!,
        "/api/topology",
        until,
        topo,
      ),
    ),
    ...Array.from({ length: SPOKE_N }, (_, i) =>
      viewer(apps[(i + 1) % INSTANCES]!.base, tokens.users[i % SPOKES]!, `/api/spokes/${ids[i % SPOKES]}`, until, page),
    ),
  ]);
  const elapsedS = (now() - t0) / 1000;
  await requests.stop();
  const t0Iso = new Date(t0).toISOString();
  const window = requests.all.filter((r) => r.at >= t0Iso);
  const health = window
    .filter((r) => r.method === "POST" && r.operation === "applicationGateways.backendHealth")
    .map((r) => Date.parse(r.at))
    .sort((a, b) => a - b);
  const gaps = health.slice(1).map((t, k) => (t - health[k]!) / 1000);
  const maxIn30 = Math.max(0, ...health.map((t) => health.filter((u) => u >= t && u < t + 30_000).length));
  const reads = window.filter(
    (r) => r.method === "GET" || (r.method === "POST" && r.operation === "applicationGateways.backendHealth"),
  );
  const byOp: Record<string, number> = {};
  for (const r of window) byOp[`${r.method} ${r.operation}`] = (byOp[`${r.method} ${r.operation}`] ?? 0) + 1;
  const result: WatchResult = {
    meta: {
      command: "npm run bench:watch",
      commit: gitCommit(),
      started_at: started.toISOString(),
      duration_s: round((Date.now() - started.getTime()) / 1000, 0),
      machine: { ...machine(), postgres: await postgresVersion(db) },
      load_before: loadBefore,
      load_after: loadavg(),
      time_scale: S,
      watch_s: round(elapsedS, 1),
      poll_ms: POLL_MS,
      instances: INSTANCES,
      topology_viewers: TOPOLOGY_N,
      spoke_viewers: SPOKE_N,
      spokes: SPOKES,
    },
    arm: {
      reads: reads.length,
      reads_per_minute: round(reads.length / (elapsedS / 60), 1),
      throttled: window.filter((r) => r.status === 429).length,
      backend_health_calls: health.length,
      backend_health_max_per_30s: maxIn30,
      backend_health_min_gap_s: gaps.length ? round(Math.min(...gaps), 1) : null,
      by_operation: byOp,
    },
    topology: summary(topo),
    spoke_page: summary(page),
    floor_api_me: summary(floor),
  };
  const md = writeWatchResults(result);
  console.log(md);
}

function summary(o: { ms: number[]; errors: number; ages: number[] }) {
  return {
    requests: o.ms.length,
    errors: o.errors,
    p50_ms: round(percentile(o.ms, 50), 1),
    p95_ms: round(percentile(o.ms, 95), 1),
    max_ms: round(Math.max(...o.ms), 1),
    age_p95_s: round(percentile(o.ages, 95), 0),
  };
}

runDriver("watch", main);
