"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { doctorQuery } from "@/lib/queries/admin";

const TONE: Record<string, BadgeTone> = { pass: "success", warn: "warning", fail: "danger" };

/** The same checks as `npm run doctor`, run by the server when the card loads or on demand. */
export function DoctorCard() {
  const { data, error, isFetching, refetch } = useQuery(doctorQuery());
  return (
    <Card data-testid="doctor-card">
      <CardHeader
        title="Doctor"
        description="Configuration, credential, hub and permissions, as `npm run doctor` checks them."
        actions={
          <Button
            className="shrink-0 whitespace-nowrap"
            variant="secondary"
            size="sm"
            onClick={() => void refetch()}
            disabled={isFetching}
          >
            {isFetching ? "Checking…" : "Check again"}
          </Button>
        }
      />
      <div className="p-5">
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {error.message}
          </p>
        ) : null}
        {!data ? (
          <p className="text-sm text-muted">Running the checks…</p>
        ) : (
          <>
            <p className="mb-3 text-sm font-medium" data-testid="doctor-verdict" data-ok={String(data.ok)}>
              {data.ok
                ? "All checks passed"
                : `${data.checks.filter((c) => c.status === "fail").length} check(s) failed`}
              <span className="ml-2 font-normal text-muted">{new Date(data.checked_at).toLocaleTimeString()}</span>
            </p>
            <ul className="space-y-1.5 text-sm">
              {data.checks.map((c, i) => (
                <li
                  key={i}
                  className="grid grid-cols-[3.5rem_1fr] gap-x-2"
                  data-testid="doctor-check"
                  data-status={c.status}
                >
                  <span>
                    <Badge tone={TONE[c.status] ?? "neutral"}>{c.status}</Badge>
                  </span>
                  <span>
                    <span className="font-medium">{c.title}</span>{" "}
                    <span className="text-xs text-muted">({c.group})</span>
                    <span className="block break-words text-muted">{c.detail}</span>
                    {c.fix && c.status !== "pass" ? <span className="block">→ {c.fix}</span> : null}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Card>
  );
}
