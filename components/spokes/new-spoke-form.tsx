"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/http/action-result";
import { ApiError, fetchJson } from "@/lib/queries/fetch-json";
import { spokeFormCatalogQuery } from "@/lib/queries/spokes";
import type { CreatedSpoke } from "@/lib/spokes/create-spoke";
import type { SpokePlanView } from "@/lib/spokes/plan-spoke";
import { PlanReview } from "./plan-review";
import { SpokePreview } from "./spoke-preview";
import { draftToBody, EMPTY_DRAFT, useSpokeDraft, type SpokeDraft } from "./use-spoke-draft";

const FIELD_OF: Record<string, keyof SpokeDraft> = {
  spoke_id: "spokeNumber",
  client_name: "clientName",
  ssh_public_key: "sshPublicKey",
  vm_size: "vmSize",
  admin_username: "adminUsername",
  "subnets.vm_subnet_prefix": "vmSubnet",
  "subnets.db_subnet_prefix": "dbSubnet",
  "subnets.kv_subnet_prefix": "kvSubnet",
  "subnets.workspace_subnet_prefix": "workspaceSubnet",
  "application_gateway.backend_pool_name": "backendPool",
  "application_gateway.routing_rule_name": "routingRule",
};

type CreateAction = (body: unknown, idempotencyKey: string) => Promise<ActionResult<CreatedSpoke>>;

export function NewSpokeForm({ createAction }: { createAction: CreateAction }) {
  const router = useRouter();
  const toast = useToast();
  const catalog = useQuery(spokeFormCatalogQuery());
  const [draft, setDraft] = useState<SpokeDraft>(EMPTY_DRAFT);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof SpokeDraft, string>>>({});
  const [plan, setPlan] = useState<SpokePlanView | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const [idemKey] = useState(() => crypto.randomUUID());
  const live = useSpokeDraft(draft, catalog.data);
  const cat = catalog.data;

  const set = (k: keyof SpokeDraft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [k]: e.target.value }));
    setPlan(null);
    setServerErrors((s) => ({ ...s, [k]: undefined }));
  };
  const errorFor = (k: keyof SpokeDraft) => {
    if (serverErrors[k]) return serverErrors[k];
    const apiKey = Object.keys(FIELD_OF).find((f) => FIELD_OF[f] === k);
    const msg = apiKey ? live?.errors[apiKey] : undefined;
    return msg && (attempted || draft[k] !== "") ? msg : undefined;
  };

  const review = useMutation({
    mutationFn: () =>
      fetchJson<SpokePlanView>("/api/spokes/plan", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(draftToBody(draft, cat!)),
      }),
    onMutate: () => {
      setAttempted(true);
      setPlanError(null);
    },
    onSuccess: (p) => setPlan(p),
    onError: (err) => {
      setPlanError(err.message);
      if (err instanceof ApiError && Array.isArray(err.details)) {
        const next: Partial<Record<keyof SpokeDraft, string>> = {};
        for (const d of err.details as { path: string; message: string }[])
          if (FIELD_OF[d.path]) next[FIELD_OF[d.path]!] = d.message;
        setServerErrors(next);
      }
    },
  });
  const create = useMutation({
    mutationFn: async () => {
      const result = await createAction(draftToBody(draft, cat!), idemKey);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSuccess: (created) => {
      toast({
        tone: "success",
        title: `Spoke ${created.spoke_id} (${created.client_name}) is being created`,
        description: "Follow every step live on its page.",
      });
      router.push(`/spokes/${created.id}`);
    },
    onError: (err) => toast({ tone: "error", title: "The spoke was not created", description: err.message }),
  });

  if (catalog.isPending)
    return <Card className="p-6 text-sm text-muted">Loading the region&apos;s VM sizes and free address blocks…</Card>;
  if (catalog.error || !cat)
    return (
      <Card role="alert" className="p-6 text-sm text-red-700 dark:text-red-300">
        Could not load the form: {catalog.error?.message}
      </Card>
    );

  const sizes = cat.vm_sizes.length
    ? cat.vm_sizes
    : [
        {
          name: cat.default_vm_size,
          vcpus: null,
          memory_gb: null,
          family_quota_left: null,
          family_quota_name: null,
          fits_quota: true,
          family: null,
        },
      ];
  const chosen = draft.vmSize || cat.default_vm_size;
  const size = sizes.find((s) => s.name === chosen);
  return (
    <div className="space-y-6">
      <form
        className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]"
        onSubmit={(e) => {
          e.preventDefault();
          review.mutate();
        }}
        aria-label="New spoke"
      >
        <Card>
          <CardHeader title="Spoke" description="Everything below can be reviewed before anything is created." />
          <div className="grid gap-5 p-5 md:grid-cols-2">
            <Field
              id="client_name"
              label="Client name"
              required
              value={draft.clientName}
              onChange={set("clientName")}
              error={errorFor("clientName")}
              hint={
                live?.client.ok && live.client.wasChanged
                  ? `Used as “${live.client.name}” in resource names`
                  : "Lowercase letters, digits and hyphens; 3–50 characters"
              }
              autoComplete="off"
            />
            <Field
              id="spoke_id"
              label="Spoke number (optional)"
              inputMode="numeric"
              value={draft.spokeNumber}
              onChange={set("spokeNumber")}
              error={errorFor("spokeNumber")}
              placeholder={cat.next_spoke_number ? `${cat.next_spoke_number} (next free)` : "none free"}
              hint={
                live?.addressPrefix
                  ? `${live.suggested ? "Next free: " : ""}spoke ${live.number} → ${live.addressPrefix}`
                  : `1–${cat.max_spoke_number} in ${cat.address_space}`
              }
            />
            <div className="space-y-1">
              <label htmlFor="vm_size" className="block text-sm font-medium">
                VM size
              </label>
              <Select
                id="vm_size"
                className="w-full"
                value={chosen}
                onChange={set("vmSize")}
                aria-describedby="vm_size-hint"
              >
                {sizes.map((s) => (
                  <option key={s.name} value={s.name} disabled={!s.fits_quota}>
                    {s.name}
                    {s.vcpus ? ` — ${s.vcpus} vCPU, ${s.memory_gb ?? "?"} GB` : ""}
                    {s.family_quota_left !== null ? ` · ${s.family_quota_left} vCPU left` : ""}
                    {s.fits_quota ? "" : " (over quota)"}
                  </option>
                ))}
              </Select>
              <p id="vm_size-hint" className="text-xs text-muted">
                {cat.azure_error
                  ? `Sizes unavailable: ${cat.azure_error}`
                  : size
                    ? `${size.family_quota_name ?? "Family"}: ${size.family_quota_left ?? "?"} vCPUs left · region total: ${cat.total_vcpu_left ?? "?"} left (${cat.location})`
                    : ""}
              </p>
            </div>
            <Field
              id="admin_username"
              label="Admin username"
              value={draft.adminUsername}
              onChange={set("adminUsername")}
              placeholder={cat.default_admin_username}
              error={errorFor("adminUsername")}
              autoComplete="off"
            />
            <div className="space-y-1 md:col-span-2">
              <label htmlFor="ssh_public_key" className="block text-sm font-medium">
                SSH public key
              </label>
              <Textarea
                id="ssh_public_key"
                rows={3}
                value={draft.sshPublicKey}
                onChange={set("sshPublicKey")}
                placeholder="ssh-ed25519 AAAA… you@laptop"
                spellCheck={false}
                aria-invalid={errorFor("sshPublicKey") ? true : undefined}
                aria-describedby="ssh_public_key-hint"
              />
              <p
                id="ssh_public_key-hint"
                className={errorFor("sshPublicKey") ? "text-xs text-red-600 dark:text-red-400" : "text-xs text-muted"}
                data-testid="ssh-fingerprint"
              >
                {errorFor("sshPublicKey") ??
                  (live?.key
                    ? `${live.key.type} · ${live.key.bits} bits · ${live.key.fingerprint ?? "…"}${live.key.comment ? ` · ${live.key.comment}` : ""}`
                    : "ssh-rsa (2048 bits or more), ssh-ed25519 or ecdsa. The VM accepts this key only; no password.")}
              </p>
            </div>
            <details className="md:col-span-2 rounded-md border border-line p-4">
              <summary className="cursor-pointer text-sm font-medium">
                Advanced: subnet prefixes and gateway names
              </summary>
              <div className="mt-4 grid gap-4 md:grid-cols-2">
                {(["vmSubnet", "dbSubnet", "kvSubnet", "workspaceSubnet"] as const).map((k, i) => (
                  <Field
                    key={k}
                    id={k}
                    label={`${["VM", "Database", "Key Vault", "Workspace"][i]} subnet prefix`}
                    value={draft[k]}
                    onChange={set(k)}
                    error={errorFor(k)}
                    placeholder={live?.subnets?.[i]?.isOverride === false ? live.subnets[i]!.addressPrefix : "default"}
                    autoComplete="off"
                  />
                ))}
                <Field
                  id="backend_pool"
                  label="Gateway backend pool name"
                  value={draft.backendPool}
                  onChange={set("backendPool")}
                  error={errorFor("backendPool")}
                  placeholder={live?.names?.agw.backendPool}
                  autoComplete="off"
                />
                <Field
                  id="routing_rule"
                  label="Gateway routing rule name"
                  value={draft.routingRule}
                  onChange={set("routingRule")}
                  error={errorFor("routingRule")}
                  placeholder={live?.names?.agw.routingRule}
                  autoComplete="off"
                />
              </div>
            </details>
          </div>
          <div className="flex items-center gap-3 border-t border-line px-5 py-4">
            <Button type="submit" disabled={review.isPending}>
              {review.isPending ? "Checking with Azure…" : "Review plan"}
            </Button>
            {planError ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                {planError}
              </p>
            ) : null}
          </div>
        </Card>
        <SpokePreview live={live} catalog={cat} />
      </form>
      {plan ? (
        <div className="space-y-4">
          <PlanReview plan={plan} />
          <div className="flex items-center gap-3">
            <Button onClick={() => create.mutate()} disabled={!plan.ok || create.isPending}>
              {create.isPending ? "Starting…" : "Confirm and create"}
            </Button>
            <Button variant="secondary" onClick={() => setPlan(null)}>
              Edit
            </Button>
            {!plan.ok ? (
              <p className="text-sm text-red-700 dark:text-red-300">
                A check failed: nothing will be created until it passes.
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
