/** Writes e2e/results/watch.json and watch.md for `npm run bench:watch`. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, type machine } from "./lib";

interface Latency {
  requests: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
  age_p95_s: number;
}

export interface WatchResult {
  meta: {
    command: string;
    commit: string;
    started_at: string;
    duration_s: number;
    machine: ReturnType<typeof machine> & { postgres: string };
    load_before: number[];
    load_after: number[];
    time_scale: number;
    watch_s: number;
    poll_ms: number;
    instances: number;
    topology_viewers: number;
    spoke_viewers: number;
    spokes: number;
  };
  arm: {
    reads: number;
    reads_per_minute: number;
    throttled: number;
    backend_health_calls: number;
    backend_health_max_per_30s: number;
    backend_health_min_gap_s: number | null;
    by_operation: Record<string, number>;
  };
  topology: Latency;
  spoke_page: Latency;
  /** GET /api/me polled beside them: what any authenticated answer costs on this machine now. */
  floor_api_me: Latency;
}

export function writeWatchResults(r: WatchResult): string {
  const dir = path.join(ROOT, "e2e", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "watch.json"), JSON.stringify(r, null, 2) + "\n");
  const m = r.meta;
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const lat = (name: string, l: Latency) =>
    `| p95 latency of ${name} (${l.requests} requests, ${l.errors} non-200) | p50 ${l.p50_ms} ms, p95 ${l.p95_ms} ms, max ${l.max_ms} ms | ≤ 50 ms p95 | ${verdict(l.p95_ms <= 50 && l.errors === 0)} |`;
  const md =
    `# Watch results\n\n` +
    `\`${m.command}\` at ${m.commit} — ${m.started_at}, ${m.duration_s} s wall; ${m.machine.cores} cores (${m.machine.cpu}), ${m.machine.ram_gb} GB RAM, Node ${m.machine.node}, ${m.machine.postgres}; ` +
    `simulator profile realistic, time scale ${m.time_scale}; load average before ${m.load_before.join(" / ")}, after ${m.load_after.join(" / ")}.\n\n` +
    `${m.topology_viewers} topology viewers and ${m.spoke_viewers} spoke-page viewers polling every ${m.poll_ms / 1000} s for ${m.watch_s} s, spread over ${m.instances} \`next start\` instance(s) on one PostgreSQL; ${m.spokes} spokes.\n\n` +
    `| Measurement | Result | Target | Verdict |\n|---|---|---|---|\n` +
    `| ARM reads per minute (GETs, LRO polls and backend-health POSTs) | ${r.arm.reads_per_minute} (${r.arm.reads} in ${m.watch_s} s, ${r.arm.throttled} × 429) | bounded, independent of viewers | — |\n` +
    `| Backend-health calls per hub per 30 s (max over any 30 s window) | ${r.arm.backend_health_max_per_30s} (${r.arm.backend_health_calls} calls, min gap ${r.arm.backend_health_min_gap_s ?? "–"} s) | ≤ 1 | ${verdict(r.arm.backend_health_max_per_30s <= 1)} |\n` +
    lat("`GET /api/topology`", r.topology) +
    "\n" +
    lat("`GET /api/spokes/{id}`", r.spoke_page) +
    "\n" +
    `| Reference: \`GET /api/me\` polled beside them (${r.floor_api_me.requests} requests) | p50 ${r.floor_api_me.p50_ms} ms, p95 ${r.floor_api_me.p95_ms} ms | — | — |\n\n` +
    `Snapshot age seen by viewers, p95: topology ${r.topology.age_p95_s} s, spoke page ${r.spoke_page.age_p95_s} s.\n\n` +
    `ARM requests by operation during the watch: ${Object.entries(r.arm.by_operation)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.\n`;
  writeFileSync(path.join(dir, "watch.md"), md);
  return md;
}
