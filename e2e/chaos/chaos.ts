/**
 * npm run chaos — the reliability battery of issue 7 / ARCHITECTURE.md §16, against a standalone ARM
 * simulator (realistic profile, time-scaled; e2e/chaos/sim-host.ts adds probabilistic faults),
 * `next start` instances and a fresh PostgreSQL database:
 *
 *   1. crash anywhere: CHAOS_CRASH_N creates while the app is SIGKILLed at random moments
 *      (≥ CHAOS_KILLS times) and restarted → stuck, leaked and duplicate resources; then every
 *      completed spoke is torn down (no kills) and the spoke inventory must be empty
 *   2. transient faults: ~20 % of ARM requests fail (500 / 503 / 429) → share of creates completed
 *   3. permanent faults at random steps → share rolled back, leaks
 *   4. fail-over: two instances, the one running a deployment is SIGKILLed mid-way → the other
 *      finishes it; an SSE client reconnecting to the survivor with Last-Event-ID misses nothing
 *
 * Knobs: CHAOS_TIME_SCALE (0.1), CHAOS_CRASH_N (100), CHAOS_KILLS (30), CHAOS_TRANSIENT_N (20),
 * CHAOS_PERMANENT_N (10), CHAOS_PORT_BASE (3450), CHAOS_SIM_PORT (8550), BENCH_KEEP_DATA,
 * CHAOS_DEADLINE_MINUTES (19: the whole battery stops there),
 * CHAOS_SKIP (crash,transient,permanent,failover).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  api,
  armDeadline,
  crashProcess,
  createDatabase,
  createSpoke,
  ensureBuild,
  envNumber,
  installExitHandlers,
  loadavg,
  log,
  machine,
  makeTokens,
  now,
  openSse,
  postgresVersion,
  restartApp,
  round,
  runDir,
  sleep,
  startApp,
  startSim,
  stopProcess,
  TERMINAL_SPOKE,
  waitSpokes,
  gitCommit,
  writeResults,
  type BenchDb,
  type InventoryItem,
  type Row,
  type Sim,
  type SimRequests,
  runDriver,
  spokeOfItem,
} from "../perf/lib";

const S = envNumber("CHAOS_TIME_SCALE", 0.1);
const CRASH_N = envNumber("CHAOS_CRASH_N", 100);
const KILLS = envNumber("CHAOS_KILLS", 30);
const TRANSIENT_N = envNumber("CHAOS_TRANSIENT_N", 20);
const PERMANENT_N = envNumber("CHAOS_PERMANENT_N", 10);
const PORT = envNumber("CHAOS_PORT_BASE", 3450);
const SIM_PORT = envNumber("CHAOS_SIM_PORT", 8550);
const SKIP = new Set((process.env.CHAOS_SKIP ?? "").split(",").filter(Boolean));
/** Fast crash recovery (env knobs of lib/env.ts); the defaults are 30 / 15 / 5 s. */
const QUEUE_ENV = { QUEUE_HEARTBEAT_SECONDS: "10", QUEUE_SUPERVISE_SECONDS: "2", QUEUE_RETRY_DELAY_SECONDS: "1" };
const OWNING = [
  "completed",
  "failed",
  "in_progress",
  "pending",
  "rolling_back",
  "rollback_failed",
  "deleting",
  "delete_failed",
];
const NON_TERMINAL = ["pending", "in_progress", "rolling_back", "deleting"];
const rand = (a: number, b: number) => a + Math.random() * (b - a);

/* ------------------------------------------------------------------ inventory accounting */

/** Resources of one spoke, by kind (the gateway entries are sub-resources of the hub gateway). */
const EXPECTED: Record<string, number> = {
  virtualNetworks: 1,
  networkInterfaces: 1,
  virtualMachines: 1,
  disks: 1,
  "virtualNetworks/subnets": 4,
  "virtualNetworks/virtualNetworkPeerings": 2,
  "applicationGateways/backendAddressPools": 1,
  "applicationGateways/backendHttpSettingsCollection": 1,
  "applicationGateways/httpListeners": 1,
  "applicationGateways/requestRoutingRules": 1,
  "applicationGateways/probes": 1,
};

interface Accounting {
  spokes: number;
  by_status: Record<string, number>;
  stuck: { spoke: number; status: string }[];
  leaked: { spoke: number; status: string; id: string }[];
  duplicates: { spoke: number; kind: string; count: number }[];
  db_duplicates: { spoke: number; what: string; count: number }[];
  incomplete: { spoke: number; missing: string[] }[];
}

async function account(db: BenchDb, sim: Sim, numbers: number[]): Promise<Accounting> {
  const rows = await db.sql<{ n: number; status: string; deleted: boolean }[]>`
    select spoke_number as n, status, deleted_at is not null as deleted from spokes where spoke_number in ${db.sql(numbers)}`;
  const live = new Map(rows.filter((r) => !r.deleted).map((r) => [r.n, r.status]));
  const statusOf = (n: number) => live.get(n) ?? rows.find((r) => r.n === n)?.status ?? "none";
  const { resources } = await sim.admin<{ resources: InventoryItem[] }>("GET", "/_sim/inventory");
  const mine = resources.map((r) => ({ r, s: spokeOfItem(r) })).filter((x) => x.s && numbers.includes(x.s.n)) as {
    r: InventoryItem;
    s: { n: number; kind: string };
  }[];
  const leaked = mine
    .filter((x) => !OWNING.includes(live.get(x.s.n) ?? ""))
    .map((x) => ({ spoke: x.s.n, status: statusOf(x.s.n), id: x.r.id }));
  const counts = new Map<string, number>();
  for (const x of mine) counts.set(`${x.s.n}|${x.s.kind}`, (counts.get(`${x.s.n}|${x.s.kind}`) ?? 0) + 1);
  const duplicates = [...counts]
    .filter(([k, c]) => c > (EXPECTED[k.split("|")[1]!] ?? 1))
    .map(([k, c]) => ({ spoke: Number(k.split("|")[0]), kind: k.split("|")[1]!, count: c }));
  const incomplete = [...live]
    .filter(([, st]) => st === "completed")
    .map(([n]) => ({
      spoke: n,
      missing: Object.entries(EXPECTED)
        .filter(([kind, c]) => (counts.get(`${n}|${kind}`) ?? 0) < c)
        .map(([kind]) => kind),
    }))
    .filter((x) => x.missing.length);
  const dbDup = await db.sql<{ n: number; what: string; count: number }[]>`
    select s.spoke_number as n, 'create deployments' as what, count(*)::int as count from deployments d join spokes s on s.id = d.spoke_id
     where s.spoke_number in ${db.sql(numbers)} and d.kind = 'create' group by s.spoke_number having count(*) > 1
    union all
    select spoke_number, 'spoke rows', count(*)::int from spokes where spoke_number in ${db.sql(numbers)} group by spoke_number having count(*) > 1`;
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return {
    spokes: rows.length,
    by_status: byStatus,
    stuck: rows.filter((r) => NON_TERMINAL.includes(r.status)).map((r) => ({ spoke: r.n, status: r.status })),
    leaked,
    duplicates,
    db_duplicates: dbDup.map((d) => ({ spoke: d.n, what: d.what, count: d.count })),
    incomplete,
  };
}

async function spokeIds(db: BenchDb, numbers: number[]): Promise<Map<number, string>> {
  const rows = await db.sql<
    { n: number; id: string }[]
  >`select spoke_number as n, id from spokes where deleted_at is null and spoke_number in ${db.sql(numbers)}`;
  return new Map(rows.map((r) => [r.n, r.id]));
}

/** Unfinished work at the end of a run, with its job state, for the report. */
async function stuckDetail(db: BenchDb, numbers: number[]) {
  return db.sql`
    select s.spoke_number, s.status as spoke_status, d.kind, d.status, d.attempt, d.lease_owner,
           (select string_agg(key || ':' || status, ' ' order by key) from deployment_steps where deployment_id = d.id and status not in ('succeeded','skipped')) as open_steps,
           (select string_agg(state || '/retry ' || retry_count, ' ') from pgboss.job j where j.name = 'deployments' and j.data->>'deploymentId' = d.id::text) as jobs
      from spokes s join deployments d on d.spoke_id = s.id
     where s.spoke_number in ${db.sql(numbers)} and d.status in ('queued', 'running')`;
}

/* ------------------------------------------------------------------ main */

async function main() {
  installExitHandlers();
  armDeadline(envNumber("CHAOS_DEADLINE_MINUTES", 19) * 60_000);
  const started = new Date();
  const loadBefore = loadavg();
  ensureBuild();
  const dir = runDir("chaos");
  const sim = await startSim({
    port: SIM_PORT,
    dataDir: path.join(dir, "sim"),
    timeScale: S,
    script: "e2e/chaos/sim-host.ts",
    logFile: path.join(dir, "sim.log"),
  });
  for (const name of ["cores", "standardBSFamily"]) await sim.admin("PUT", "/_sim/quota", { name, limit: 100_000 });
  const db = await createDatabase("hsc_chaos");
  const m = machine();
  m.postgres = await postgresVersion(db);
  const appOpts = (name: string, port: number, extraEnv: Record<string, string> = {}) => ({
    name,
    port,
    dbUrl: db.url,
    sim,
    timeScale: S,
    dataDir: path.join(dir, name),
    logFile: path.join(dir, `${name}.log`),
    extraEnv: { ...QUEUE_ENV, ...extraEnv },
  });
  let a = await startApp(appOpts("a", PORT));
  const tokens = await makeTokens(db, 10);
  const tok = (n: number) => tokens.users[n % tokens.users.length]!;
  const json: Record<string, unknown> = {};
  const rows: Row[] = [];
  const notes: string[] = [];
  log(`simulator ${sim.url}, database ${db.name}, time scale ${S}`);

  /* 1. Crash anywhere ------------------------------------------------------------------ */
  if (!SKIP.has("crash")) {
    const numbers = Array.from({ length: CRASH_N }, (_, i) => 1 + i);
    const submitted = new Map<number, string>();
    const gatewayFull: number[] = [];
    const postAttempts = { total: 0, failed: 0 };
    let alive = true;
    let kills = 0;
    const restarts: number[] = [];
    const t0 = Date.now();
    // Submitter: spread the creates over the kill window; a create whose POST died with the app is
    // sent again with the same Idempotency-Key, so it can never become two deployments.
    const submitter = (async () => {
      for (const n of numbers) {
        const deadline = Date.now() + 300_000;
        while (!submitted.has(n) && Date.now() < deadline) {
          if (!alive) {
            await sleep(100);
            continue;
          }
          postAttempts.total++;
          try {
            const r = await createSpoke(a, tok(n), n, { idempotencyKey: `chaos-crash-${n}` });
            if ((r.status === 202 || r.status === 200) && r.body?.data) submitted.set(n, r.body.data.id);
            else if (r.status === 409 && /has no room for another spoke/.test(JSON.stringify(r.body))) {
              // Azure's gateway limits: the hub holds 99 spokes; the rest are refused before anything is made.
              gatewayFull.push(n);
              break;
            } else if (r.status === 429) await sleep(1_000);
            else throw new Error(`status ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
          } catch (e) {
            postAttempts.failed++;
            if (!String(e).includes("fetch failed") && !String(e).includes("status 5"))
              log(`create ${n}: ${String(e)}`);
            await sleep(300);
          }
        }
        await sleep(rand(200, 2_200));
      }
    })();
    // Killer: SIGKILL the app's process group at random moments, restart it, until enough kills
    // have been made and every create was accepted.
    let submitDone = false;
    void submitter.then(() => (submitDone = true));
    while ((kills < KILLS || !submitDone) && Date.now() - t0 < 480_000) {
      await sleep(rand(1_500, 7_000));
      alive = false;
      await crashProcess(a.proc);
      kills++;
      const r0 = Date.now();
      a = await restartApp(a);
      restarts.push(Date.now() - r0);
      alive = true;
    }
    await submitter;
    const killWindow = (Date.now() - t0) / 1000;
    log(`crash: ${kills} kills in ${round(killWindow, 0)} s, ${submitted.size}/${CRASH_N} creates accepted; settling`);
    // Settle: at most heartbeat + supervise + retry backoff + the rest of the work.
    const ids = [...submitted.values()];
    const settleStart = Date.now();
    const left = await waitSpokes(db, ids, TERMINAL_SPOKE, 240_000, 1_000);
    const settleS = (Date.now() - settleStart) / 1000;
    const acc = await account(db, sim, numbers);
    const stuck = await stuckDetail(db, numbers);
    const [resumes] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from deployment_events e join spokes s on s.id = e.spoke_id where e.type = 'deployment.resumed' and s.spoke_number <= ${CRASH_N}`;
    log(
      `crash: ${JSON.stringify(acc.by_status)}; stuck ${acc.stuck.length}, leaked ${acc.leaked.length}, duplicates ${acc.duplicates.length + acc.db_duplicates.length}`,
    );

    // Then tear every live spoke down, without kills: afterwards nothing of theirs may remain.
    const live = await spokeIds(db, numbers);
    const teardown = [] as string[];
    for (const [n, id] of live) {
      const [row] = await db.sql<{ status: string }[]>`select status from spokes where id = ${id}`;
      if (row && ["completed", "failed", "rollback_failed", "delete_failed"].includes(row.status)) {
        const r = await api(a, tok(n), "DELETE", `/api/spokes/${id}`);
        if (r.status === 202) teardown.push(id);
        else log(`teardown ${n}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      }
    }
    const tLeft = await waitSpokes(db, teardown, TERMINAL_SPOKE, 240_000, 1_000);
    const after = await account(db, sim, numbers);
    const remaining = (await sim.admin<{ resources: InventoryItem[] }>("GET", "/_sim/inventory")).resources.filter(
      (r) => {
        const s = spokeOfItem(r);
        return s && numbers.includes(s.n);
      },
    );
    json.crash = {
      creates: CRASH_N,
      accepted: submitted.size,
      refused_gateway_full: gatewayFull,
      kills,
      kill_window_s: round(killWindow, 1),
      restart_ms: {
        median: restarts.sort((x, y) => x - y)[Math.floor(restarts.length / 2)],
        max: Math.max(...restarts),
      },
      post_attempts: postAttempts,
      resumed_events: resumes!.n,
      settle_s: round(settleS, 1),
      unfinished_after_settle: left.length,
      accounting: acc,
      stuck_detail: stuck,
      teardown: {
        requested: teardown.length,
        unfinished: tLeft.length,
        by_status: after.by_status,
        leaked: after.leaked,
        remaining_resources: remaining.map((r) => r.id),
        stuck: after.stuck,
      },
      queue: QUEUE_ENV,
    };
    const dup = acc.duplicates.length + acc.db_duplicates.length;
    rows.push(
      {
        measurement: "Crash anywhere: kills (SIGKILL of the app's process group)",
        n: `${CRASH_N} creates`,
        result: `${kills} kills in ${round(killWindow, 0)} s wall`,
        target: "≥ 30",
        verdict: kills >= 30 ? "met" : "missed",
      },
      {
        measurement: "Crash anywhere: outcomes",
        n: String(CRASH_N),
        result: `${Object.entries(acc.by_status)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}; ${gatewayFull.length} refused at POST, hub gateway full (Azure's limits)`,
        target: "—",
        verdict: "info",
      },
      {
        measurement: "Crash anywhere: stuck (non-terminal after settle)",
        n: String(CRASH_N),
        result: String(acc.stuck.length),
        target: "0",
        verdict: acc.stuck.length === 0 ? "met" : "missed",
      },
      {
        measurement: "Crash anywhere: leaked resources (inventory − what Postgres owns)",
        n: String(CRASH_N),
        result: String(acc.leaked.length),
        target: "0",
        verdict: acc.leaked.length === 0 ? "met" : "missed",
      },
      {
        measurement: "Crash anywhere: duplicate resources / deployments",
        n: String(CRASH_N),
        result: String(dup),
        target: "0",
        verdict: dup === 0 ? "met" : "missed",
      },
      {
        measurement: "Crash anywhere: completed spokes missing a resource",
        n: String(CRASH_N),
        result: String(acc.incomplete.length),
        target: "0",
        verdict: acc.incomplete.length === 0 ? "met" : "missed",
      },
      {
        measurement: "Then every spoke torn down (no kills): leaked",
        n: `${teardown.length} teardowns`,
        result: `${after.leaked.length} leaked; ${remaining.length} resources left in all (of spokes not torn down: ${remaining.length - after.leaked.length}); unfinished teardowns ${tLeft.length}`,
        target: "0",
        verdict: after.leaked.length === 0 && tLeft.length === 0 ? "met" : "missed",
      },
    );
  }

  /* 2. Transient faults ------------------------------------------------------------------ */
  if (!SKIP.has("transient")) {
    const numbers = Array.from({ length: TRANSIENT_N }, (_, i) => 150 + i);
    const rules = [
      { kind: "error", code: "InternalServerError", status: 500, probability: 0.12, id: "t500" },
      { kind: "error", code: "ServiceUnavailable", status: 503, probability: 0.05, id: "t503" },
      { kind: "error", code: "RetryableError", status: 429, probability: 0.05, id: "t429" },
    ];
    await sim.admin("DELETE", "/_sim/requests");
    await sim.admin("POST", "/_sim/faults", rules);
    const created = await Promise.all(numbers.map((n) => createSpoke(a, tok(n), n)));
    const ids = created.map((c) => c.body?.data?.id).filter((x): x is string => Boolean(x));
    const left = await waitSpokes(db, ids, TERMINAL_SPOKE, 300_000, 1_000);
    const { value } = await sim.admin<{ value: { id: string; injected?: number }[] }>("GET", "/_sim/faults");
    const req = await sim.admin<SimRequests>("GET", "/_sim/requests");
    await sim.admin("DELETE", "/_sim/faults");
    const injected = value.reduce((s, r) => s + (r.injected ?? 0), 0);
    const acc = await account(db, sim, numbers);
    const completed = acc.by_status.completed ?? 0;
    const [retries] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from deployment_events e join spokes s on s.id = e.spoke_id where e.type = 'step.retrying' and s.spoke_number in ${db.sql(numbers)}`;
    json.transient = {
      creates: TRANSIENT_N,
      accepted: ids.length,
      rules,
      injected,
      requests: req.total,
      injected_share: round(injected / req.total, 3),
      step_retries: retries!.n,
      unfinished: left.length,
      accounting: acc,
    };
    log(
      `transient: ${completed}/${TRANSIENT_N} completed, ${injected}/${req.total} requests failed (${round((100 * injected) / req.total, 1)} %)`,
    );
    rows.push(
      {
        measurement: "Transient faults: creates completed",
        n: `${TRANSIENT_N}; ${injected} of ${req.total} ARM requests failed (${round((100 * injected) / req.total, 1)} %)`,
        result: `${completed}/${TRANSIENT_N} (${round((100 * completed) / TRANSIENT_N, 0)} %)`,
        target: "100 %",
        verdict: completed === TRANSIENT_N ? "met" : "missed",
      },
      {
        measurement: "Transient faults: stuck / leaked / duplicates",
        n: String(TRANSIENT_N),
        result: `${acc.stuck.length} / ${acc.leaked.length} / ${acc.duplicates.length + acc.db_duplicates.length}`,
        target: "0 / 0 / 0",
        verdict:
          acc.stuck.length + acc.leaked.length + acc.duplicates.length + acc.db_duplicates.length === 0
            ? "met"
            : "missed",
      },
    );
  }

  /* 3. Permanent faults at random steps --------------------------------------------------- */
  if (!SKIP.has("permanent")) {
    const numbers = Array.from({ length: PERMANENT_N }, (_, i) => 200 + i);
    const targets: { step: string; rule: (n: number) => Record<string, unknown> }[] = [
      {
        step: "validate_config",
        rule: (n) => ({
          kind: "error",
          operation: "virtualMachines.get",
          name: `spoke-vm-${n}`,
          code: "AuthorizationFailed",
          status: 403,
          times: 1,
        }),
      },
      {
        step: "create_vnet",
        rule: (n) => ({
          kind: "error",
          operation: "virtualNetworks.createOrUpdate",
          name: `spoke-vnet-${n}`,
          code: "InvalidParameter",
          status: 400,
          times: 1,
        }),
      },
      {
        step: "create_subnets",
        rule: (n) => ({
          kind: "error",
          operation: "virtualNetworks.get",
          name: `spoke-vnet-${n}`,
          code: "AuthorizationFailed",
          status: 403,
          times: 1,
        }),
      },
      {
        step: "create_nic",
        rule: (n) => ({
          kind: "error",
          operation: "networkInterfaces.createOrUpdate",
          name: `spoke-vm-${n}-nic`,
          code: "InvalidParameter",
          status: 400,
          times: 1,
        }),
      },
      {
        step: "create_vm (quota)",
        rule: (n) => ({ kind: "quota", operation: "virtualMachines.createOrUpdate", name: `spoke-vm-${n}`, times: 1 }),
      },
      {
        step: "create_vm (mid-LRO AllocationFailed)",
        rule: (n) => ({
          kind: "error",
          phase: "async",
          operation: "virtualMachines.createOrUpdate",
          name: `spoke-vm-${n}`,
          code: "AllocationFailed",
          times: 1,
        }),
      },
      {
        step: "create_peering",
        rule: (n) => ({
          kind: "error",
          operation: "virtualNetworkPeerings.createOrUpdate",
          name: `spoke-${n}-to-hub`,
          code: "VnetAddressSpacesOverlap",
          status: 400,
          times: 1,
        }),
      },
    ];
    const plan = numbers
      .map((n, i) => ({ n, target: targets[i % targets.length]! }))
      .map((p) => ({ ...p, sort: Math.random() }));
    await sim.admin(
      "POST",
      "/_sim/faults",
      plan.map((p) => p.target.rule(p.n)),
    );
    const created = await Promise.all(plan.map((p) => createSpoke(a, tok(p.n), p.n)));
    const ids = created.map((c) => c.body?.data?.id).filter((x): x is string => Boolean(x));
    const left = await waitSpokes(db, ids, TERMINAL_SPOKE, 300_000, 1_000);
    await sim.admin("DELETE", "/_sim/faults");
    const acc = await account(db, sim, numbers);
    const outcome = await db.sql<{ n: number; status: string; error_step: string | null; error_code: string | null }[]>`
      select s.spoke_number as n, s.status, d.error_step, d.error_code from spokes s join deployments d on d.spoke_id = s.id and d.kind = 'create' where s.spoke_number in ${db.sql(numbers)}`;
    const rolledBack = acc.by_status.rolled_back ?? 0;
    json.permanent = {
      creates: PERMANENT_N,
      unfinished: left.length,
      accounting: acc,
      cases: plan.map((p) => ({ spoke: p.n, fault_at: p.target.step, ...outcome.find((o) => o.n === p.n) })),
    };
    log(`permanent: ${rolledBack}/${PERMANENT_N} rolled back, leaked ${acc.leaked.length}`);
    rows.push(
      {
        measurement: "Permanent faults at random steps: rolled back",
        n: `${PERMANENT_N} (${[...new Set(plan.map((p) => p.target.step))].length} kinds of step)`,
        result: `${rolledBack}/${PERMANENT_N}`,
        target: "all",
        verdict: rolledBack === PERMANENT_N ? "met" : "missed",
      },
      {
        measurement: "Permanent faults: leaked resources",
        n: String(PERMANENT_N),
        result: String(acc.leaked.length),
        target: "0",
        verdict: acc.leaked.length === 0 ? "met" : "missed",
      },
    );
  }

  /* 4. Fail-over ------------------------------------------------------------------------ */
  if (!SKIP.has("failover")) {
    const b = await startApp(appOpts("b", PORT + 1));
    const n = 240;
    const pgid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[2]);
    const created = await createSpoke(a, tok(n), n);
    const id = created.body?.data?.id;
    const deploymentId = created.body?.data?.deployment_id;
    if (!id || !deploymentId) throw new Error(`fail-over create: ${created.status}`);
    // Which instance took the job? The worker id carries its pid.
    let owner: string | null = null;
    for (let i = 0; i < 200 && !owner; i++) {
      const [row] = await db.sql<
        { owner: string | null }[]
      >`select lease_owner as owner from deployments where id = ${deploymentId}`;
      owner = row?.owner ?? null;
      if (!owner) await sleep(50);
    }
    const ownerPid = Number(/worker-(\d+)-/.exec(owner ?? "")?.[1]);
    const victim = [a, b].find((x) => x.proc.child.pid === pgid(ownerPid))!;
    const survivor = victim === a ? b : a;
    const sse1 = openSse(victim.base, tok(n), id);
    // Kill mid-way: once the VM create is under way.
    for (let i = 0; i < 600; i++) {
      const [st] = await db.sql<
        { status: string }[]
      >`select status from deployment_steps where deployment_id = ${deploymentId} and key = 'create_vm'`;
      if (st?.status === "running") break;
      await sleep(50);
    }
    await sleep(500);
    const tKill = now();
    await crashProcess(victim.proc);
    const first = await Promise.race([sse1.done, sleep(10_000).then(() => "timeout")]);
    const lastSeq = sse1.events.at(-1)?.seq ?? 0;
    // What a browser's EventSource does: reconnect (here to the survivor) with Last-Event-ID.
    const sse2 = openSse(survivor.base, tok(n), id, lastSeq);
    const left = await waitSpokes(db, [id], TERMINAL_SPOKE, 180_000, 250);
    const second = await Promise.race([sse2.done, sleep(30_000).then(() => "timeout")]);
    sse2.close();
    const [sp] = await db.sql<{ status: string }[]>`select status from spokes where id = ${id}`;
    const dbSeqs = (
      await db.sql<{ seq: number }[]>`select seq from deployment_events where spoke_id = ${id} order by seq`
    ).map((r) => r.seq);
    const got = [...sse1.events, ...sse2.events].map((e) => e.seq);
    const missing = dbSeqs.filter((s) => !got.includes(s));
    const repeated = got.filter((s, i) => got.indexOf(s) !== i);
    const [resumed] = await db.sql<
      { at: Date; message: string }[]
    >`select at, message from deployment_events where spoke_id = ${id} and type = 'deployment.resumed' order by seq limit 1`;
    const [d] = await db.sql<
      { lease_owner: string | null; status: string }[]
    >`select lease_owner, status from deployments where id = ${deploymentId}`;
    const recoveryS = resumed ? (resumed.at.getTime() - tKill) / 1000 : NaN;
    json.failover = {
      victim: victim.name,
      survivor: survivor.name,
      killed_during: "create_vm",
      first_stream: first,
      events_before_kill: sse1.events.length,
      last_event_id: lastSeq,
      second_stream: second,
      events_after_reconnect: sse2.events.length,
      db_events: dbSeqs.length,
      missing,
      repeated,
      spoke_status: sp?.status,
      unfinished: left.length,
      resumed_message: resumed?.message,
      recovery_s_wall: round(recoveryS, 1),
      deployment_status: d?.status,
      queue: QUEUE_ENV,
    };
    log(
      `fail-over: ${victim.name} killed, spoke ${sp?.status} by ${survivor.name}, resumed after ${round(recoveryS, 1)} s, SSE missing ${missing.length}, repeated ${repeated.length}`,
    );
    rows.push(
      {
        measurement: "Fail-over: survivor finishes a deployment whose instance was SIGKILLed",
        n: "1 (killed during create_vm)",
        result: `${sp?.status}; resumed ${round(recoveryS, 1)} s (wall) after the kill`,
        target: "completed",
        verdict: sp?.status === "completed" ? "met" : "missed",
      },
      {
        measurement: "Fail-over: SSE reconnect to the survivor with Last-Event-ID",
        n: `${dbSeqs.length} events`,
        result: `missing ${missing.length}, repeated ${repeated.length}; stream ${second}`,
        target: "0 missed",
        verdict: missing.length === 0 && repeated.length === 0 ? "met" : "missed",
      },
    );
    await stopProcess(b.proc);
  }
  await stopProcess(a.proc);

  notes.push(
    `Simulator profile realistic at time scale ${S}; ARM's throttling on (the simulator's default); app instances on PostgreSQL with the default worker settings (admission decides how many deployments run at once) and fast job recovery (${Object.entries(
      QUEUE_ENV,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}; production defaults 30 / 15 / 5).`,
    "Leaked = a spoke resource in the simulator's inventory (by tag spoke-id, or by our deterministic names for subnets, peerings and gateway entries) whose spoke Postgres does not own (status rolled_back, deleted or no row). Duplicate = more resources of one kind for a spoke than it should have, or more than one create deployment / spoke row per number.",
    "Transient faults are injected by the simulator host (e2e/chaos/sim-host.ts): each ARM request fails with 500 (p 0.12), 503 (p 0.05) or 429 RetryableError (p 0.05), LRO polls included.",
  );
  json.meta = {
    command: "npm run chaos",
    commit: gitCommit(),
    started_at: started.toISOString(),
    duration_s: Math.round((Date.now() - started.getTime()) / 1000),
    machine: m,
    load_before: loadBefore,
    load_after: loadavg(),
    time_scale: S,
    simulator_profile: "realistic",
    knobs: { CRASH_N, KILLS, TRANSIENT_N, PERMANENT_N },
  };
  const md = writeResults("chaos", json, rows, notes);
  console.log(md);
}

runDriver("chaos", main);
