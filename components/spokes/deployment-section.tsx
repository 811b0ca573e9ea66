import { Card } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress";
import type { DeploymentView } from "@/lib/queries/spokes";
import { CleanupReport } from "./cleanup-report";
import { QueueBadge } from "./queue-badge";
import { StatusBadge } from "./status-badge";
import { StepDag } from "./step-dag";

const TITLE: Record<string, string> = {
  create: "Create",
  rollback: "Rollback",
  teardown: "Teardown",
  update: "Update",
};

export function DeploymentSection({ deployment: d }: { deployment: DeploymentView }) {
  const failed = d.steps.filter((s) => s.status === "failed" || (s.error_code && s.status !== "succeeded"));
  const title = TITLE[d.kind] ?? d.kind;
  return (
    <Card aria-labelledby={`dep-${d.id}`} role="region">
      <div className="flex flex-wrap items-center gap-3 border-b border-line px-5 py-3">
        <h2 id={`dep-${d.id}`} className="text-base font-semibold">
          {title}
        </h2>
        <StatusBadge status={d.status} />
        <QueueBadge queue={d.queue} />
        <span className="text-xs text-muted">
          {d.started_at
            ? `started ${new Date(d.started_at).toLocaleTimeString()}`
            : `queued ${new Date(d.created_at).toLocaleTimeString()}`}
          {d.finished_at ? ` · finished ${new Date(d.finished_at).toLocaleTimeString()}` : ""}
          {d.cancel_requested_at ? " · cancel requested" : ""}
        </span>
        <div className="ml-auto flex w-64 items-center gap-2">
          <ProgressBar value={d.progress_percentage} label={`${title} progress`} />
          <span className="w-10 text-right text-xs tabular-nums">{d.progress_percentage}%</span>
        </div>
      </div>
      <div className="space-y-4 p-5">
        <StepDag steps={d.steps} label={`${title} steps`} />
        {d.error || failed.length ? (
          <div role="alert" className="rounded-md border border-red-600/50 bg-red-50 p-4 text-sm dark:bg-red-950/40">
            <p className="font-semibold text-red-800 dark:text-red-200">
              {d.status === "failed" ? `${title} failed` : "Errors so far"}
              {d.error?.step ? ` at ${d.error.step}` : ""}
            </p>
            <ul className="mt-2 space-y-2">
              {(failed.length ? failed : []).map((s) => (
                <li key={s.key}>
                  <span className="font-medium">{s.label}</span>{" "}
                  <code className="font-mono text-red-800 dark:text-red-200">{s.error_code}</code>
                  {s.error_class ? (
                    <span className="ml-1 text-xs text-muted">
                      ({s.error_class}
                      {s.attempts > 1 ? `, ${s.attempts} attempts` : ""})
                    </span>
                  ) : null}
                  <p className="break-words text-muted">{s.error_message}</p>
                </li>
              ))}
              {!failed.length && d.error ? (
                <li>
                  <code className="font-mono">{d.error.code}</code>{" "}
                  <span className="text-muted">{d.error.message}</span>
                </li>
              ) : null}
            </ul>
            {d.kind === "create" && d.status === "failed" ? (
              <p className="mt-2 text-muted">
                What you can do: Retry resumes from the failed step; Roll back removes what was created.
              </p>
            ) : null}
          </div>
        ) : null}
        {d.cleanup_report ? <CleanupReport report={d.cleanup_report} /> : null}
      </div>
    </Card>
  );
}
