import type { StepView } from "@/lib/queries/spokes";
import { cn } from "@/components/ui/cn";
import { formatDuration, statusText } from "./status-badge";

/** Depth of each step = 1 + the deepest of its dependencies; steps of equal depth can run side by side. */
export function columnsByDepth(steps: StepView[]): StepView[][] {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const depth = new Map<string, number>();
  const visit = (key: string, seen: Set<string>): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (seen.has(key)) return 0;
    seen.add(key);
    const deps = byKey.get(key)?.depends_on ?? [];
    const d = deps.length ? 1 + Math.max(...deps.map((k) => visit(k, seen))) : 0;
    depth.set(key, d);
    return d;
  };
  const cols: StepView[][] = [];
  for (const s of steps) (cols[visit(s.key, new Set())] ??= []).push(s);
  return cols.map((c) => c ?? []);
}

const CARD: Record<string, string> = {
  pending: "border-line bg-surface text-muted",
  running: "border-blue-500 bg-blue-50 dark:bg-blue-950/60 ring-2 ring-blue-500/30",
  succeeded: "border-green-600/60 bg-green-50 dark:bg-green-950/50",
  failed: "border-red-600 bg-red-50 dark:bg-red-950/60",
  skipped: "border-line bg-surface-2 text-muted",
  compensated: "border-amber-500/60 bg-amber-50 dark:bg-amber-950/50",
};

const ICON: Record<string, string> = {
  pending: "○",
  running: "◐",
  succeeded: "✓",
  failed: "✗",
  skipped: "–",
  compensated: "↺",
};

function StepCard({ step }: { step: StepView }) {
  return (
    <li
      className={cn("rounded-md border p-2.5 text-xs", CARD[step.status] ?? CARD.pending)}
      data-testid={`step-${step.key}`}
      data-status={step.status}
      aria-label={`${step.label}: ${statusText(step.status)}`}
    >
      <div className="flex items-start gap-1.5">
        <span aria-hidden className={cn("font-bold", step.status === "running" && "animate-pulse")}>
          {ICON[step.status] ?? "○"}
        </span>
        <span className="font-semibold leading-tight text-fg">{step.label}</span>
      </div>
      <p className="mt-1 font-mono text-[11px] text-muted">{step.key}</p>
      <p className="mt-1 text-muted">
        <span className="font-medium text-fg">{statusText(step.status)}</span>
        {step.duration_ms != null ? ` · ${formatDuration(step.duration_ms)}` : ""}
        {step.attempts > 1 ? ` · ${step.attempts} attempts` : ""}
      </p>
      {step.error_code && step.status !== "succeeded" ? (
        <p className="mt-1 font-mono text-[11px] break-words text-red-700 dark:text-red-300">{step.error_code}</p>
      ) : null}
    </li>
  );
}

/** The workflow drawn as columns by depth: parallel branches (peering, gateway) sit beside the VM path. */
export function StepDag({ steps, label }: { steps: StepView[]; label: string }) {
  const cols = columnsByDepth(steps);
  return (
    <div className="overflow-x-auto">
      <ol
        aria-label={label}
        className="grid min-w-[56rem] gap-2"
        style={{ gridTemplateColumns: `repeat(${cols.length}, minmax(0, 1fr))` }}
      >
        {cols.map((col, i) => (
          <li key={i} className="relative">
            <p className="mb-1 text-[10px] font-medium tracking-wide text-muted uppercase" aria-hidden>
              {i === 0 ? "start" : col.length > 1 ? "in parallel" : `then`}
            </p>
            <ul className="flex flex-col gap-2" aria-label={`Stage ${i + 1}`}>
              {col.map((s) => (
                <StepCard key={s.key} step={s} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
