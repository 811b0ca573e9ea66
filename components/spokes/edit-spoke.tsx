"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/http/action-result";
import type { SpokeDetail } from "@/lib/queries/spokes";
import type { UpdatePlan } from "@/lib/spokes/update-plan";
import type { UpdateResult } from "@/lib/spokes/update-spoke";
import { POWER_ACTIONS, type PowerAction } from "@/lib/spokes/update-body";

export interface UpdateActions {
  plan(ref: string, body: unknown): Promise<ActionResult<UpdatePlan>>;
  update(ref: string, body: unknown): Promise<ActionResult<UpdateResult>>;
  power(ref: string, action: string): Promise<ActionResult<{ power_state: string }>>;
}

type Draft = {
  vm_size: string;
  ssh_public_key: string;
  host_name: string;
  backend_port: string;
  backend_protocol: string;
  health_probe_path: string;
  tags: string;
};
const EMPTY: Draft = {
  vm_size: "",
  ssh_public_key: "",
  host_name: "",
  backend_port: "",
  backend_protocol: "",
  health_probe_path: "",
  tags: "",
};

/** Only what the user filled in: an empty field means "leave it as it is". */
function bodyOf(d: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (d.vm_size.trim()) body.vm_size = d.vm_size.trim();
  if (d.ssh_public_key.trim()) body.ssh_public_key = d.ssh_public_key.trim();
  if (d.host_name.trim()) body.host_name = d.host_name.trim();
  if (d.backend_port.trim()) body.backend_port = Number(d.backend_port.trim());
  if (d.backend_protocol) body.backend_protocol = d.backend_protocol;
  if (d.health_probe_path.trim()) body.health_probe_path = d.health_probe_path.trim();
  if (d.tags.trim()) {
    body.tags = Object.fromEntries(
      d.tags
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => [
          l.slice(0, l.indexOf("=") < 0 ? l.length : l.indexOf("=")).trim(),
          l.indexOf("=") < 0 ? "" : l.slice(l.indexOf("=") + 1).trim(),
        ]),
    );
  }
  return body;
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
const POWER_LABEL: Record<PowerAction, string> = {
  start: "Start",
  stop: "Stop",
  restart: "Restart",
  deallocate: "Deallocate",
};

/** The Edit form of a completed spoke: its plan (what-if), the downtime note and typed confirmation, and the VM's power actions. */
export function EditSpoke({
  spoke,
  actions,
  onStarted,
}: {
  spoke: SpokeDetail;
  actions: UpdateActions;
  onStarted: () => void;
}) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [plan, setPlan] = useState<UpdatePlan | null>(null);
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const busy = spoke.deployment ? ["queued", "running"].includes(spoke.deployment.status) : false;
  if (spoke.status !== "completed" || spoke.deleted_at !== null || busy) return null;

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [k]: e.target.value }));
    setPlan(null);
  };
  const review = () =>
    start(async () => {
      setError(null);
      const r = await actions.plan(spoke.id, bodyOf(draft));
      if (r.ok) {
        setPlan(r.data);
        setConfirm("");
      } else setError(r.message);
    });
  const apply = () =>
    start(async () => {
      const r = await actions.update(spoke.id, {
        ...bodyOf(draft),
        ...(plan?.confirmation.required ? { confirm } : {}),
      });
      if (!r.ok) return setError(r.message);
      if (r.data.status === "unchanged") toast({ tone: "success", title: "Nothing to change" });
      else toast({ tone: "success", title: `Update of spoke ${spoke.spoke_id} started` });
      setOpen(false);
      setDraft(EMPTY);
      setPlan(null);
      onStarted();
    });
  const power = (action: PowerAction) =>
    start(async () => {
      const r = await actions.power(spoke.id, action);
      if (r.ok) toast({ tone: "success", title: `VM ${POWER_LABEL[action].toLowerCase()}: ${r.data.power_state}` });
      else toast({ tone: "error", title: `${POWER_LABEL[action]} refused`, description: r.message });
      onStarted();
    });

  return (
    <Card className="space-y-4 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap gap-2" role="group" aria-label="VM power">
          {POWER_ACTIONS.map((a) => (
            <Button key={a} size="sm" variant="secondary" disabled={pending} onClick={() => power(a)}>
              {POWER_LABEL[a]}
            </Button>
          ))}
        </div>
        <Button
          size="sm"
          variant={open ? "secondary" : "primary"}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
        >
          {open ? "Close edit" : "Edit spoke"}
        </Button>
      </div>
      {open ? (
        <form
          className="space-y-3"
          aria-label="Edit spoke"
          onSubmit={(e) => {
            e.preventDefault();
            review();
          }}
        >
          <p className="text-sm text-muted">
            Fill in only what should change; steps whose inputs stay the same are skipped.
          </p>
          <div className="grid gap-3 md:grid-cols-2">
            <Field
              id="edit-vm-size"
              label="VM size"
              placeholder={spoke.vm_size}
              value={draft.vm_size}
              onChange={set("vm_size")}
            />
            <Field
              id="edit-host"
              label="Listener host name"
              placeholder="app.example.com"
              value={draft.host_name}
              onChange={set("host_name")}
            />
            <Field
              id="edit-port"
              label="Backend port"
              inputMode="numeric"
              placeholder="80"
              value={draft.backend_port}
              onChange={set("backend_port")}
            />
            <div className="space-y-1">
              <label htmlFor="edit-protocol" className="block text-sm font-medium">
                Backend protocol
              </label>
              <Select
                id="edit-protocol"
                value={draft.backend_protocol}
                onChange={set("backend_protocol")}
                className="w-full"
              >
                <option value="">unchanged</option>
                <option value="Http">Http</option>
                <option value="Https">Https</option>
              </Select>
            </div>
            <Field
              id="edit-probe"
              label="Health probe path"
              placeholder="/"
              value={draft.health_probe_path}
              onChange={set("health_probe_path")}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="edit-ssh" className="block text-sm font-medium">
              New SSH public key
            </label>
            <Textarea
              id="edit-ssh"
              rows={2}
              value={draft.ssh_public_key}
              onChange={set("ssh_public_key")}
              placeholder="ssh-ed25519 AAAA… (set through the VM access extension)"
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="edit-tags" className="block text-sm font-medium">
              Tags (one key=value a line; replaces your tags)
            </label>
            <Textarea id="edit-tags" rows={2} value={draft.tags} onChange={set("tags")} placeholder="team=web" />
          </div>
          <Button type="submit" disabled={pending}>
            Review changes
          </Button>
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
          {plan ? (
            <PlanView plan={plan} confirm={confirm} setConfirm={setConfirm} pending={pending} onApply={apply} />
          ) : null}
        </form>
      ) : null}
    </Card>
  );
}

function PlanView({
  plan,
  confirm,
  setConfirm,
  pending,
  onApply,
}: {
  plan: UpdatePlan;
  confirm: string;
  setConfirm: (s: string) => void;
  pending: boolean;
  onApply: () => void;
}) {
  const runs = plan.steps.filter((s) => s.action === "run");
  const notes = plan.changes.filter((c) => c.note);
  return (
    <section aria-label="Update plan" className="space-y-3 rounded-md border border-line p-3">
      {plan.changes.length ? (
        <table className="w-full text-left text-xs" aria-label="Planned changes">
          <thead className="text-muted">
            <tr>
              <th className="py-1">Resource</th>
              <th>Property</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {plan.changes.map((c) => (
              <tr
                key={`${c.resource}/${c.property}`}
                data-testid="plan-change"
                data-disruptive={c.disruptive || undefined}
                className="border-t border-line align-top"
              >
                <td className="py-1 pr-2 font-mono">{c.resource.split("/").slice(-2).join("/")}</td>
                <td className="pr-2 font-mono">{c.property}</td>
                <td className="pr-2 font-mono">{show(c.before)}</td>
                <td className="font-mono">{show(c.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm">No property changes{runs.length ? "; forced steps run again" : ": nothing to apply"}.</p>
      )}
      {notes.map((c) => (
        <p
          key={`note-${c.resource}/${c.property}`}
          className={c.disruptive ? "text-sm font-medium text-amber-700 dark:text-amber-300" : "text-sm text-muted"}
          data-testid={c.disruptive ? "downtime-note" : undefined}
        >
          {c.note}
        </p>
      ))}
      <p className="text-xs text-muted">
        Steps that run: {runs.map((s) => s.key).join(", ") || "none"}; the others are skipped as unchanged.
      </p>
      {plan.confirmation.required ? (
        <div className="space-y-1">
          <label htmlFor="edit-confirm" className="block text-sm font-medium">
            Type <strong>{plan.confirmation.phrase}</strong> to confirm the downtime
          </label>
          <Input id="edit-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
        </div>
      ) : null}
      <Button
        variant={plan.disruptive ? "danger" : "primary"}
        disabled={pending || (plan.confirmation.required && confirm !== plan.confirmation.phrase) || !runs.length}
        onClick={onApply}
      >
        Apply update
      </Button>
    </section>
  );
}
