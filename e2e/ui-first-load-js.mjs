/**
 * First-load JS per page of the last `next build`, gzip-compressed: the root main chunks every
 * page loads plus each page's entry chunks (layouts included), each chunk counted once per page.
 * Next 16 (Turbopack) no longer prints this table, so we compute it from the build's manifests.
 * Lazy chunks (next/dynamic, e.g. the topology graph) are not first-load and are listed apart.
 * Usage: node e2e/ui-first-load-js.mjs [--json out.json]
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import vm from "node:vm";

const NEXT = path.resolve(".next");
const LIMIT_KB = 250;
const gz = new Map();
const gzipKb = (file) => {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(path.join(NEXT, file))).length / 1024);
  return gz.get(file);
};

function* manifests(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* manifests(full);
    else if (name === "page_client-reference-manifest.js") yield full;
  }
}

const build = JSON.parse(readFileSync(path.join(NEXT, "build-manifest.json"), "utf8"));
const root = build.rootMainFiles ?? [];
const rows = [];
for (const file of manifests(path.join(NEXT, "server", "app"))) {
  const sandbox = { globalThis: {} };
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  for (const [page, manifest] of Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {})) {
    const entries = manifest.entryJSFiles ?? {};
    // A page with no client component of its own has only its layouts' entries.
    const files = new Set([...root, ...Object.values(entries).flat()]);
    const route = page.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    if (route.startsWith("/_global-error")) continue;
    const kb = [...files].reduce((sum, f) => sum + gzipKb(f), 0);
    rows.push({ route, first_load_js_kb_gzip: Math.round(kb * 10) / 10, chunks: files.size });
  }
}
rows.sort((a, b) => a.route.localeCompare(b.route));
const width = Math.max(...rows.map((r) => r.route.length));
for (const r of rows)
  console.log(
    `${r.route.padEnd(width)}  ${r.first_load_js_kb_gzip.toFixed(1).padStart(6)} kB  ${r.first_load_js_kb_gzip <= LIMIT_KB ? "ok" : `OVER ${LIMIT_KB} kB`}`,
  );
const out = process.argv.indexOf("--json");
if (out > 0)
  writeFileSync(process.argv[out + 1], `${JSON.stringify({ limit_kb_gzip: LIMIT_KB, pages: rows }, null, 2)}\n`);
if (rows.some((r) => r.first_load_js_kb_gzip > LIMIT_KB)) process.exitCode = 1;
