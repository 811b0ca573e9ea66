#!/usr/bin/env node
/**
 * `npm test`: every check and test suite, in order, with one closing line of real totals.
 *   typecheck · lint · format · Vitest on PGlite · Vitest (database suites) on the Postgres server ·
 *   next build · Playwright on the built app.
 * Env: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) — a fresh database is
 * created on that server for the run and dropped afterwards. SKIP_E2E=1 skips build + Playwright.
 * Without a reachable server the Postgres pass is skipped locally, and fails under CI=true.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
mkdirSync("test-results", { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  summary.push(`${ok ? "ok  " : "FAIL"} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

/** A step that is not a test runner counts as one check. */
function check(label, cmd, args) {
  if (run(label, cmd, args)) totals.passed += 1;
  else totals.failed += 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Why each failed test failed, kept for the summary: a CI log is often read from its tail. */
const failures = [];
const stripAnsi = (text) => String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "");
function noteFailure(where, name, message) {
  const lines = stripAnsi(message)
    .replaceAll(`${root}/`, "")
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^\s*at .*(node_modules|<anonymous>|node:)/.test(l))
    .slice(0, 10);
  failures.push(`${where} › ${name}\n${lines.map((l) => `    ${l.slice(0, 300)}`).join("\n")}`);
}

function vitest(label, files, env, reportFile) {
  const ok = run(
    label,
    "vitest",
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...files],
    env,
  );
  const report = readJson(reportFile);
  if (!report) {
    totals.failed += 1;
    return;
  }
  for (const file of report.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === "failed") noteFailure(path.relative(root, file.name), t.fullName, t.failureMessages?.[0]);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function testFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) testFiles(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function notePlaywrightFailures(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? []) {
        if (t.status !== "unexpected") continue;
        const last = t.results?.at(-1);
        noteFailure(`e2e/${spec.file}:${spec.line}`, spec.title, last?.error?.message ?? last?.status);
      }
    notePlaywrightFailures(suite.suites ?? []);
  }
}

async function withFreshDatabase(serverUrl, fn) {
  const name = `hsc_ci_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end();
    return { reachable: false, error: err.message };
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    fn(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  return { reachable: true };
}

check("typecheck", "tsc", ["--noEmit", "-p", "."]);
check("lint", "eslint", ["--max-warnings=0", "."]);
check("format (Prettier, 120 columns)", "prettier", ["--check", "--log-level=warn", "."]);
vitest("unit + integration on PGlite", [], { DATABASE_URL: "" }, "test-results/vitest-pglite.json");

const dbSuites = ["db", "lib"]
  .flatMap((d) => testFiles(d))
  .filter((f) => /createTestDb|startHarness|DATABASE_URL/.test(readFileSync(f, "utf8")));
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const pg = await withFreshDatabase(serverUrl, (url) =>
  vitest(
    `database suites on the Postgres server (${dbSuites.length} files)`,
    dbSuites,
    { DATABASE_URL: url },
    "test-results/vitest-postgres.json",
  ),
);
if (!pg.reachable) {
  const msg = `Postgres server at ${serverUrl} not reachable: ${pg.error}`;
  if (process.env.CI) {
    console.error(msg);
    totals.failed += 1;
    summary.push(`FAIL Postgres pass: ${msg}`);
  } else summary.push(`skip Postgres pass: ${msg}`);
}

if (process.env.SKIP_E2E) summary.push("skip build + Playwright (SKIP_E2E)");
else if (run("next build", "next", ["build"])) {
  totals.passed += 1;
  const ok = run("Playwright (built app, embedded mode, Chromium)", "playwright", ["test"]);
  const report = readJson("test-results/playwright.json");
  notePlaywrightFailures(report?.suites ?? []);
  const stats = report?.stats;
  if (stats) {
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected + (ok || stats.unexpected > 0 ? 0 : 1);
    totals.skipped += stats.skipped;
  } else totals.failed += 1;
} else totals.failed += 1;

if (failures.length) {
  console.log(`\n=== why (${failures.length} failed test${failures.length === 1 ? "" : "s"}) ===`);
  for (const f of failures.slice(0, 12)) console.log(f);
  if (failures.length > 12) console.log(`… and ${failures.length - 12} more above`);
}
console.log("\n=== summary ===");
for (const line of summary) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed > 0 ? 1 : 0);
