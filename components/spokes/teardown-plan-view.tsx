"use client";

import { useQueries } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/http/action-result";
import type { TeardownPlan, TeardownResource } from "@/lib/spokes/teardown-plan";

export type TeardownPlanAction = (ref: string) => Promise<ActionResult<TeardownPlan>>;

export type PlanState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; plan: TeardownPlan }
  | { status: "error"; message: string };

/** Reads the teardown plan of each of `refs` afresh each time `open` turns true (the confirmation dialog is shown). */
export function useTeardownPlans(
  open: boolean,
  refs: readonly string[],
  action: TeardownPlanAction | undefined,
): Record<string, PlanState> {
  const results = useQueries({
    queries: refs.map((ref) => ({
      queryKey: ["teardown-plan", ref],
      queryFn: async () => {
        const r = await action!(ref); // safe because the query is enabled only with an action
        if (!r.ok) throw new Error(r.message);
        return r.data;
      },
      enabled: open && Boolean(action),
      staleTime: 0,
      gcTime: 0,
      retry: false,
    })),
  });
  if (!open || !action) return {};
  return Object.fromEntries(
    refs.map((ref, i): [string, PlanState] => {
      const q = results[i];
      if (!q || q.isFetching || q.isPending) return [ref, { status: "loading" }];
      if (q.isError) return [ref, { status: "error", message: q.error.message }];
      return [ref, { status: "ready", plan: q.data }];
    }),
  );
}

/** Still reading one of the plans: the destructive button waits for them (a failed read does not block). */
export const plansLoading = (plans: Record<string, PlanState>) =>
  Object.values(plans).some((p) => p.status === "loading");

const SHORT_TYPE: Record<string, string> = {
  virtualMachines: "VM",
  disks: "OS disk",
  networkInterfaces: "NIC",
  virtualNetworks: "VNet",
  subnets: "subnet",
  virtualNetworkPeerings: "peering",
  backendAddressPools: "gateway pool",
  backendHttpSettingsCollection: "gateway HTTP settings",
  httpListeners: "gateway listener",
  requestRoutingRules: "gateway rule",
};

const typeLabel = (r: TeardownResource) => SHORT_TYPE[r.type.split("/").pop() ?? ""] ?? r.type;

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v))
    return v.length
      ? v
          .map((x) => (typeof x === "object" && x && "name" in x ? String((x as { name: unknown }).name) : value(x)))
          .join(", ")
      : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The live properties worth reading before a delete, one line. */
function summary(props: Record<string, unknown>): string {
  return Object.entries(props)
    .filter(
      ([k, v]) =>
        v !== null && v !== undefined && !["provisioning_state", "location", "remote_vnet", "raw"].includes(k),
    )
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${value(v)}`)
    .join(" · ");
}

/** What a teardown deletes (live properties, all destructive), what is gone already and what stays. */
export function TeardownPlanView({ state }: { state: PlanState | undefined }) {
  if (!state || state.status === "idle") return null;
  if (state.status === "loading")
    return (
      <p className="text-sm text-muted" aria-live="polite">
        Reading what the teardown would delete from Azure…
      </p>
    );
  if (state.status === "error")
    return (
      <p className="text-sm text-red-700 dark:text-red-300" data-testid="teardown-plan-error">
        Could not read the plan: {state.message}. The teardown still deletes everything of the spoke.
      </p>
    );
  const { plan } = state;
  const g = plan.left_alone.gateway_entries;
  return (
    <section
      aria-label={`Teardown plan of spoke ${plan.spoke_id}`}
      data-testid="teardown-plan"
      className="space-y-2 text-sm text-fg"
    >
      {plan.blocked ? <p className="font-medium text-amber-700 dark:text-amber-300">{plan.blocked}</p> : null}
      <p>
        Deletes <strong data-testid="teardown-delete-count">{plan.deletes.length}</strong> resources of{" "}
        <strong>{plan.client_name}</strong> (read from Azure {new Date(plan.read_at).toLocaleTimeString()}):
      </p>
      {/* Focusable: a scrollable region must be reachable with the keyboard. */}
      <div
        className="max-h-64 overflow-auto rounded-md border border-line"
        tabIndex={0}
        role="region"
        aria-label="Resources to delete, scrollable"
      >
        <table className="w-full text-left text-xs" aria-label="Resources to delete">
          <thead className="sticky top-0 bg-surface-2 text-muted">
            <tr>
              <th className="px-2 py-1">Resource</th>
              <th className="px-2">Kind</th>
              <th className="px-2">Now</th>
            </tr>
          </thead>
          <tbody>
            {plan.deletes.map((r) => (
              <tr
                key={r.resource}
                data-testid="teardown-delete"
                data-destructive={r.destructive || undefined}
                className="border-t border-line align-top"
              >
                <td className="px-2 py-1 font-mono text-red-700 dark:text-red-300">{r.name}</td>
                <td className="px-2">{typeLabel(r)}</td>
                <td className="px-2 font-mono">
                  {summary(r.properties)}
                  {r.note ? <span className="block font-sans text-muted">{r.note}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.already_gone.length ? (
        <p data-testid="teardown-gone" className="text-muted">
          Already gone: {plan.already_gone.map((r) => `${typeLabel(r)} ${r.name}`).join(", ")}.
        </p>
      ) : null}
      {plan.left_alone.resources.map((r) => (
        <p key={r.resource} data-testid="teardown-kept" className="text-muted">
          {typeLabel(r)} {r.name}: {r.note}
        </p>
      ))}
      <p className="text-muted" data-testid="teardown-left-alone">
        Left alone: {g.hub_defaults} hub default gateway entr{g.hub_defaults === 1 ? "y" : "ies"}, {g.other_spokes} entr
        {g.other_spokes === 1 ? "y" : "ies"} of other spokes, {plan.left_alone.hub_peerings} other hub peering
        {plan.left_alone.hub_peerings === 1 ? "" : "s"}.
        {plan.gateway.other_changes.length
          ? ` The same gateway update also carries ${plan.gateway.other_changes.length} pending change(s) of other spokes.`
          : ""}
      </p>
      <p data-testid="teardown-releases">
        Releases the address range <span className="font-mono">{plan.releases.address_prefix}</span> and spoke number{" "}
        {plan.releases.spoke_number}.
      </p>
    </section>
  );
}
