/**
 * Shared harness of the benchmark (npm run bench) and chaos (npm run chaos) drivers: processes
 * (standalone ARM simulator, `next start` instances), a fresh Postgres database per run, API and
 * SSE clients, statistics and result files. Drivers read process.env; product code never does.
 *
 * Every child runs in its own process group and is killed (TERM, then KILL after a timeout) on
 * exit, on error and on Ctrl-C; every wait is bounded in time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export const ROOT = process.cwd();
const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export const TERMINAL_SPOKE = ["completed", "failed", "rolled_back", "rollback_failed", "deleted", "delete_failed"];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const now = () => performance.timeOrigin + performance.now();

export function log(msg: string) {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

/* ------------------------------------------------------------------ processes */

interface Managed {
  name: string;
  child: ChildProcess;
  exited: boolean;
}
const children = new Set<Managed>();
const cleanups: (() => Promise<void>)[] = [];

function groupKill(m: Managed, signal: NodeJS.Signals) {
  if (m.exited || !m.child.pid) return;
  try {
    process.kill(-m.child.pid, signal); // the whole group: next start may fork helpers
  } catch {
    /* already gone */
  }
}

export async function stopProcess(m: Managed, timeoutMs = 10_000): Promise<void> {
  if (m.exited) return;
  groupKill(m, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (!m.exited && Date.now() < deadline) await sleep(50);
  if (!m.exited) {
    groupKill(m, "SIGKILL");
    const hard = Date.now() + 5_000;
    while (!m.exited && Date.now() < hard) await sleep(50);
  }
  children.delete(m);
}

/** SIGKILL of the whole process group, as a crash: no graceful shutdown of anything. */
export async function crashProcess(m: Managed): Promise<void> {
  groupKill(m, "SIGKILL");
  const deadline = Date.now() + 5_000;
  while (!m.exited && Date.now() < deadline) await sleep(20);
  children.delete(m);
}

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Managed {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", fd, fd] });
  const m: Managed = { name, child, exited: false };
  child.on("exit", () => (m.exited = true));
  children.add(m);
  return m;
}

let cleaningUp = false;
export async function cleanupAll(): Promise<void> {
  if (cleaningUp) return;
  cleaningUp = true;
  await Promise.all([...children].map((m) => stopProcess(m, 8_000)));
  for (const fn of cleanups.reverse()) await fn().catch((e: unknown) => log(`cleanup: ${String(e)}`));
}

export function onCleanup(fn: () => Promise<void>) {
  cleanups.push(fn);
}

/** Ctrl-C, kill, or a crash of the driver: take every child down with it. */
export function installExitHandlers() {
  const bail = (why: string, code: number) => {
    log(`stopping (${why})`);
    void cleanupAll().finally(() => process.exit(code));
  };
  process.once("SIGINT", () => bail("SIGINT", 130));
  process.once("SIGTERM", () => bail("SIGTERM", 143));
  process.on("uncaughtException", (e) => bail(`uncaught: ${e.stack ?? String(e)}`, 1));
  process.on("unhandledRejection", (e) => bail(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`, 1));
  process.on("exit", () => {
    for (const m of children) groupKill(m, "SIGKILL"); // last resort, synchronous
  });
}

/** Hard deadline for the whole command (issue 7: each within 20 minutes). */
export function armDeadline(ms: number) {
  const t = setTimeout(() => {
    log(`deadline of ${Math.round(ms / 1000)} s reached: stopping`);
    void cleanupAll().finally(() => process.exit(3));
  }, ms);
  t.unref();
}

export function ensureBuild() {
  if (existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  log("no .next/BUILD_ID: running npm run build");
  const r = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("npm run build failed");
}

/* ------------------------------------------------------------------ simulator */

export interface Sim {
  proc: Managed;
  url: string;
  caFile: string;
  caPem: string;
  admin<T = unknown>(method: string, p: string, body?: unknown): Promise<T>;
}

export async function startSim(o: {
  port: number;
  dataDir: string;
  timeScale: number;
  script?: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}): Promise<Sim> {
  rmSync(o.dataDir, { recursive: true, force: true });
  const script = o.script ?? "lib/arm-simulator/cli.ts";
  const proc = startProcess(
    "sim",
    [
      TSX_CLI,
      script,
      "--port",
      String(o.port),
      "--data-dir",
      o.dataDir,
      "--profile",
      "realistic",
      "--time-scale",
      String(o.timeScale),
    ],
    { ...process.env, ...o.env },
    o.logFile,
  );
  const caFile = path.join(o.dataDir, "ca.pem");
  const url = `https://127.0.0.1:${o.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exited) throw new Error(`simulator exited; see ${o.logFile}`);
    if (existsSync(caFile)) {
      const caPem = readFileSync(caFile, "utf8");
      const sim: Sim = { proc, url, caFile, caPem, admin: (m, p, b) => simRequest(url, caPem, m, p, b) };
      try {
        await sim.admin("GET", "/_sim/health");
        return sim;
      } catch {
        /* not listening yet */
      }
    }
    if (Date.now() > deadline) throw new Error("simulator did not start within 60 s");
    await sleep(200);
  }
}

function simRequest<T>(base: string, ca: string, method: string, p: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const u = new URL(p, base);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = httpsRequest(
      u,
      {
        method,
        ca,
        headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {},
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 500) >= 400)
            return reject(new Error(`sim ${method} ${p}: ${res.statusCode} ${text.slice(0, 300)}`));
          resolve((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`sim ${method} ${p}: timeout`)));
    req.on("error", reject);
    if (data) req.write(data);
    req.end();
  });
}

export interface SimRequests {
  total: number;
  writes: number;
  deletes: number;
  throttled: number;
  byMethod: Record<string, number>;
  byMethodAndOperation: Record<string, number>;
}

export interface InventoryItem {
  id: string;
  type: string;
  name: string;
  resourceGroup: string;
  tags?: Record<string, string>;
  parentId?: string;
  provisioningState?: string;
}

/** Which spoke number an inventory item belongs to (by tag, or by our deterministic names), and its kind. */
export function spokeOfItem(item: InventoryItem): { n: number; kind: string } | undefined {
  const kind = item.type.split("/").slice(1).join("/");
  const tag = item.tags?.["spoke-id"];
  if (tag && item.tags?.["managed-by"] === "hub-spoke-console") return { n: Number(tag), kind };
  const m =
    /^spoke-vnet-(\d+)$/.exec(item.name) ??
    /^spoke-vm-(\d+)(?:-nic|-osdisk)?$/.exec(item.name) ??
    /^hub-to-spoke-(\d+)$/.exec(item.name) ??
    /^spoke-(\d+)-to-hub$/.exec(item.name) ??
    /^spoke-(\d+)-(?:vm|db|kv|workspace)-subnet$/.exec(item.name) ??
    /^bench-(\d+)-(?:pool|http|listener|route|probe)$/.exec(item.name);
  return m ? { n: Number(m[1]), kind } : undefined;
}

/* ------------------------------------------------------------------ database */

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface BenchDb {
  name: string;
  url: string;
  sql: postgres.Sql;
  drop(): Promise<void>;
}

export async function createDatabase(prefix: string): Promise<BenchDb> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await sql.end({ timeout: 5 }).catch(() => {});
    const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    await a
      .unsafe(`drop database if exists ${name} with (force)`)
      .catch((e: unknown) => log(`drop ${name}: ${String(e)}`));
    await a.end();
  };
  onCleanup(drop);
  return { name, url, sql, drop };
}

/* ------------------------------------------------------------------ app instances */

export interface App {
  name: string;
  port: number;
  proc: Managed;
  env: NodeJS.ProcessEnv;
  logFile: string;
  base: string;
}

export interface AppOptions {
  name: string;
  port: number;
  dbUrl: string;
  sim: Sim;
  timeScale: number;
  dataDir: string;
  logFile: string;
  extraEnv?: Record<string, string>;
}

const AUTH_SECRET = randomBytes(32).toString("base64url");

export function appEnv(o: AppOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: String(o.port),
    DATABASE_URL: o.dbUrl,
    DATA_DIR: o.dataDir,
    AZURE_MODE: "simulator",
    ARM_SIMULATOR_URL: o.sim.url,
    ARM_SIMULATOR_CA_FILE: o.sim.caFile,
    SIM_PROFILE: "realistic",
    SIM_TIME_SCALE: String(o.timeScale),
    AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    ...o.extraEnv,
  };
}

export async function startApp(o: AppOptions): Promise<App> {
  mkdirSync(o.dataDir, { recursive: true });
  const env = appEnv(o);
  const proc = startProcess(o.name, [NEXT_BIN, "start", "-p", String(o.port), "-H", "127.0.0.1"], env, o.logFile);
  const app: App = { name: o.name, port: o.port, proc, env, logFile: o.logFile, base: `http://127.0.0.1:${o.port}` };
  await waitHealthy(app, 90_000);
  return app;
}

/** Starts the same instance again (after a crash), same port and environment. */
export async function restartApp(app: App, waitMs = 90_000): Promise<App> {
  const proc = startProcess(
    app.name,
    [NEXT_BIN, "start", "-p", String(app.port), "-H", "127.0.0.1"],
    app.env,
    app.logFile,
  );
  const next = { ...app, proc };
  await waitHealthy(next, waitMs);
  return next;
}

export async function waitHealthy(app: App, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.proc.exited) throw new Error(`${app.name} exited during start-up; see ${app.logFile}`);
    try {
      const r = await fetch(`${app.base}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (r.status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${app.name} not healthy within ${timeoutMs} ms; see ${app.logFile}`);
    await sleep(250);
  }
}

/* ------------------------------------------------------------------ users, tokens, API */

/** Bench users (the create rate limit is per user), plus a token per user and one for the admin. */
export async function makeTokens(db: BenchDb, count: number): Promise<{ users: string[]; admin: string }> {
  for (let i = 1; i <= count; i++) {
    const email = `bench${String(i).padStart(2, "0")}@example.com`;
    await db.sql`insert into users (email, name, role) values (${email}, ${`bench${i}`}, 'user') on conflict (email) do nothing`;
  }
  const { openDatabase } = await import("@/db/client");
  const { createTokenForEmail } = await import("@/lib/auth/token-admin");
  const handle = await openDatabase({ databaseUrl: db.url });
  try {
    const users: string[] = [];
    for (let i = 1; i <= count; i++)
      users.push(
        (
          await createTokenForEmail({
            ctx: { db: handle.db },
            input: { email: `bench${String(i).padStart(2, "0")}@example.com`, name: "bench" },
          })
        ).token,
      );
    const admin = (
      await createTokenForEmail({ ctx: { db: handle.db }, input: { email: "admin@example.com", name: "bench-admin" } })
    ).token;
    return { users, admin };
  } finally {
    await handle.close();
  }
}

export interface ApiResult<T = unknown> {
  status: number;
  body: { status: string; data?: T; message?: string } | undefined;
}

export async function api<T = unknown>(
  app: App | string,
  token: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ApiResult<T>> {
  const base = typeof app === "string" ? app : app.base;
  const r = await fetch(`${base}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let parsed: ApiResult<T>["body"];
  try {
    parsed = text ? (JSON.parse(text) as ApiResult<T>["body"]) : undefined;
  } catch {
    parsed = { status: "error", message: text.slice(0, 200) };
  }
  return { status: r.status, body: parsed };
}

let sshKey: string | undefined;
/** An ed25519 public key in OpenSSH format. */
export function sshPublicKey(): string {
  if (sshKey) return sshKey;
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x ?? "", "base64url");
  const str = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  sshKey = `ssh-ed25519 ${Buffer.concat([str(Buffer.from("ssh-ed25519")), str(raw)]).toString("base64")} bench@hub-spoke-console`;
  return sshKey;
}

export interface Created {
  id: string;
  spoke_id: number;
  deployment_id: string;
}

export async function createSpoke(
  app: App | string,
  token: string,
  spokeNumber: number,
  opts: { idempotencyKey?: string; client?: string } = {},
): Promise<ApiResult<Created>> {
  return api<Created>(
    app,
    token,
    "POST",
    "/api/spokes",
    {
      spoke_id: spokeNumber,
      client_name: opts.client ?? `bench-${spokeNumber}`,
      ssh_public_key: sshPublicKey(),
      vm_size: "Standard_B1s",
    },
    opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : {},
  );
}

/** Polls Postgres until every spoke is in one of `statuses` (or the timeout). Returns the stragglers. */
export async function waitSpokes(
  db: BenchDb,
  ids: string[],
  statuses: string[],
  timeoutMs: number,
  everyMs = 250,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = ids.length
      ? await db.sql<{ id: string; status: string }[]>`select id, status from spokes where id in ${db.sql(ids)}`
      : [];
    const pending = ids.filter((id) => !rows.some((r) => r.id === id && statuses.includes(r.status)));
    if (!pending.length || Date.now() > deadline) return pending;
    await sleep(everyMs);
  }
}

/* ------------------------------------------------------------------ SSE */

export interface SseEvent {
  seq: number;
  type: string;
  at: string;
  step?: string | null;
  receivedAt: number;
  /** Was this event already committed when the stream connected (a replay, not live)? */
  replay: boolean;
}

export interface SseClient {
  events: SseEvent[];
  /** Resolves when the server closes the stream (after its `end` event) or it breaks. */
  done: Promise<"end" | "closed" | "error">;
  close(): void;
}

export function openSse(base: string, token: string, spokeId: string, lastEventId?: number): SseClient {
  const ac = new AbortController();
  const events: SseEvent[] = [];
  const done = (async (): Promise<"end" | "closed" | "error"> => {
    try {
      const connectedAt = now();
      const r = await fetch(`${base}/api/spokes/${spokeId}/events`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "text/event-stream",
          ...(lastEventId !== undefined ? { "last-event-id": String(lastEventId) } : {}),
        },
        signal: ac.signal,
      });
      if (!r.ok || !r.body) return "error";
      const reader = r.body.getReader();
      const dec = new TextDecoder();
      let buf = "";
      let ended = false;
      for (;;) {
        const { value, done: eof } = await reader.read();
        if (eof) break;
        const receivedAt = now();
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let type = "message";
          let data = "";
          for (const line of frame.split("\n")) {
            if (line.startsWith("event: ")) type = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (type === "end") ended = true;
          if (!data || type === "end") continue;
          const e = JSON.parse(data) as { seq: number; type: string; at: string; step?: string | null };
          events.push({
            seq: e.seq,
            type: e.type,
            at: e.at,
            step: e.step,
            receivedAt,
            replay: Date.parse(e.at) < connectedAt,
          });
        }
      }
      return ended ? "end" : "closed";
    } catch {
      return ac.signal.aborted ? "closed" : "error";
    }
  })();
  return { events, done, close: () => ac.abort() };
}

/* ------------------------------------------------------------------ statistics and results */

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx] as number;
}
export const median = (v: number[]) => percentile(v, 50);
export const round = (n: number, d = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? "unknown",
    ram_gb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres: undefined as string | undefined,
  };
}

export const loadavg = () => os.loadavg().map((n) => round(n, 2));

/** The commit measured (with "+dirty" when the work tree has uncommitted changes to tracked files). */
export function gitCommit(): string {
  const head =
    spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
  // The result files the drivers write are not what is measured.
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ".", ":!e2e/results"], {
    cwd: ROOT,
    encoding: "utf8",
  }).stdout.trim();
  return dirty ? `${head}+dirty` : head;
}

export interface Row {
  measurement: string;
  n: string;
  result: string;
  target: string;
  verdict: "met" | "missed" | "info";
}

export function writeResults(name: string, json: Record<string, unknown>, rows: Row[], notes: string[]) {
  const dir = path.join(ROOT, "e2e", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json, null, 2) + "\n");
  const head = `| Measurement | N | Result | ARCHITECTURE.md §16 target | Verdict |\n|---|---|---|---|---|\n`;
  const body = rows
    .map(
      (r) =>
        `| ${r.measurement} | ${r.n} | ${r.result} | ${r.target} | ${r.verdict === "met" ? "met" : r.verdict === "missed" ? "**missed**" : "—"} |`,
    )
    .join("\n");
  const meta = json.meta as {
    command: string;
    commit?: string;
    machine: ReturnType<typeof machine>;
    load_before: number[];
    load_after: number[];
    time_scale: number;
    started_at: string;
    duration_s: number;
  };
  const md =
    `# ${name.startsWith("chaos") ? "Chaos" : "Benchmark"} results\n\n` +
    `\`${meta.command}\` at ${meta.commit ?? "?"} — ${meta.started_at}, ${meta.duration_s} s; ${meta.machine.cores} cores (${meta.machine.cpu}), ${meta.machine.ram_gb} GB RAM, Node ${meta.machine.node}, ${meta.machine.postgres ?? "PostgreSQL"}; ` +
    `simulator profile realistic, time scale ${meta.time_scale}; load average before ${meta.load_before.join(" / ")}, after ${meta.load_after.join(" / ")}.\n\n` +
    head +
    body +
    "\n" +
    (notes.length ? `\n${notes.map((n) => `- ${n}`).join("\n")}\n` : "");
  writeFileSync(path.join(dir, `${name}.md`), md);
  return md;
}

export async function postgresVersion(db: BenchDb): Promise<string> {
  const [r] = await db.sql<{ v: string }[]>`select current_setting('server_version') as v`;
  return `PostgreSQL ${r?.v ?? "?"}`;
}

export function runDir(kind: string): string {
  const dir = path.join(ROOT, ".data", `bench-${kind}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  onCleanup(async () => {
    if (!process.env.BENCH_KEEP_DATA) rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v === undefined || v === "" ? fallback : Number(v);
}

/** Run a battery's main(), always tearing down every process and database it started. */
export function runDriver(name: string, main: () => Promise<void>): void {
  main()
    .then(() => cleanupAll())
    .then(() => process.exit(0))
    .catch(async (err: unknown) => {
      log(`${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
      await cleanupAll();
      process.exit(1);
    });
}
