"use client";

import { useEffect, useMemo, useState } from "react";
import {
  conflictsForSpoke,
  lowestFreeSpokeNumber,
  parseAddressPool,
  spokeBlock,
  spokeNumberError,
} from "@/lib/network/address-allocation";
import { formatCidr } from "@/lib/network/cidr";
import { sanitizeClientName } from "@/lib/network/client-name";
import { spokeResourceNames } from "@/lib/network/resource-names";
import { planSpokeNetwork } from "@/lib/network/spoke-plan";
import { parseSshPublicKey } from "@/lib/network/ssh-key";
import { sshKeyFingerprint } from "@/lib/network/ssh-fingerprint";
import { planSubnets, type SubnetOverrides } from "@/lib/network/subnet-plan";
import type { SpokeFormCatalog } from "@/lib/queries/spokes";

export interface SpokeDraft {
  clientName: string;
  spokeNumber: string;
  vmSize: string;
  adminUsername: string;
  sshPublicKey: string;
  vmSubnet: string;
  dbSubnet: string;
  kvSubnet: string;
  workspaceSubnet: string;
  backendPool: string;
  routingRule: string;
}

export const EMPTY_DRAFT: SpokeDraft = {
  clientName: "",
  spokeNumber: "",
  vmSize: "",
  adminUsername: "",
  sshPublicKey: "",
  vmSubnet: "",
  dbSubnet: "",
  kvSubnet: "",
  workspaceSubnet: "",
  backendPool: "",
  routingRule: "",
};

const opt = (s: string) => (s.trim() ? s.trim() : undefined);

/** The API body (the original's field names) for a draft. */
export function draftToBody(d: SpokeDraft, cat: SpokeFormCatalog) {
  const subnets = {
    vm_subnet_prefix: opt(d.vmSubnet),
    db_subnet_prefix: opt(d.dbSubnet),
    kv_subnet_prefix: opt(d.kvSubnet),
    workspace_subnet_prefix: opt(d.workspaceSubnet),
  };
  const gateway = { backend_pool_name: opt(d.backendPool), routing_rule_name: opt(d.routingRule) };
  const number = d.spokeNumber.trim();
  return {
    ...(number ? { spoke_id: /^\d+$/.test(number) ? Number(number) : Number.NaN } : {}),
    client_name: d.clientName,
    ssh_public_key: d.sshPublicKey.trim(),
    vm_size: d.vmSize || cat.default_vm_size,
    admin_username: d.adminUsername.trim() || cat.default_admin_username,
    ...(Object.values(subnets).some(Boolean) ? { subnets } : {}),
    ...(Object.values(gateway).some(Boolean) ? { application_gateway: gateway } : {}),
  };
}

/** Live, pure pre-flight of the draft (lib/network): the preview and per-field errors. */
export function useSpokeDraft(d: SpokeDraft, cat: SpokeFormCatalog | undefined) {
  const [computed, setComputed] = useState<{ of: string; fingerprint: string } | null>(null);
  const key = useMemo(() => (d.sshPublicKey.trim() ? parseSshPublicKey(d.sshPublicKey) : null), [d.sshPublicKey]);
  useEffect(() => {
    if (!key?.ok) return;
    const of = key.key.normalized;
    sshKeyFingerprint(key.key).then(
      (fingerprint) => setComputed({ of, fingerprint }),
      () => setComputed(null),
    );
  }, [key]);
  const fingerprint = key?.ok && computed?.of === key.key.normalized ? computed.fingerprint : null;

  return useMemo(() => {
    if (!cat) return null;
    const pool = parseAddressPool(cat.address_space, cat.prefix_length);
    if (!pool.ok) return null;
    const raw = d.spokeNumber.trim();
    const explicit = raw ? (/^\d+$/.test(raw) ? Number(raw) : Number.NaN) : null;
    const number = explicit ?? lowestFreeSpokeNumber(pool.pool, cat.taken_numbers, cat.blocked_prefixes);
    let numberError: string | null = null;
    if (explicit !== null) {
      numberError = Number.isNaN(explicit) ? "spoke_id must be an integer" : spokeNumberError(pool.pool, explicit);
      if (!numberError && cat.taken_numbers.includes(explicit)) numberError = `Spoke ${explicit} already exists`;
      if (!numberError) {
        const hits = conflictsForSpoke(pool.pool, explicit, cat.blocked_prefixes);
        if (hits.length)
          numberError = `Range ${formatCidr(spokeBlock(pool.pool, explicit))} overlaps ${hits.map(formatCidr).join(", ")}, already in use`;
      }
    }
    const overrides: SubnetOverrides = {
      vm_subnet_prefix: opt(d.vmSubnet),
      db_subnet_prefix: opt(d.dbSubnet),
      kv_subnet_prefix: opt(d.kvSubnet),
      workspace_subnet_prefix: opt(d.workspaceSubnet),
    };
    const usable = number !== null && !numberError;
    const block = usable ? spokeBlock(pool.pool, number) : null;
    const subnets = usable && block ? planSubnets(number, block, overrides) : null;
    const client = sanitizeClientName(d.clientName);
    const names = usable
      ? spokeResourceNames({
          spokeNumber: number,
          clientName: client.ok ? client.name : "{client}",
          agwBaseDomain: cat.agw_base_domain,
          backendPoolName: opt(d.backendPool),
          routingRuleName: opt(d.routingRule),
        })
      : null;
    const full = planSpokeNetwork(
      {
        spokeNumber: explicit,
        clientName: d.clientName,
        sshPublicKey: d.sshPublicKey,
        adminUsername: d.adminUsername.trim() || cat.default_admin_username,
        subnets: overrides,
        backendPoolName: opt(d.backendPool),
        routingRuleName: opt(d.routingRule),
      },
      {
        pool: pool.pool,
        agwBaseDomain: cat.agw_base_domain,
        takenNumbers: cat.taken_numbers,
        blockedPrefixes: cat.blocked_prefixes,
      },
    );
    const errors: Record<string, string> = full.ok ? {} : { ...full.fieldErrors };
    if (numberError) errors.spoke_id = numberError;
    return {
      number,
      suggested: explicit === null,
      addressPrefix: block ? formatCidr(block) : null,
      subnets: subnets?.ok ? subnets.subnets : null,
      names,
      client,
      key: key?.ok ? { type: key.key.type, bits: key.key.bits, comment: key.key.comment, fingerprint } : null,
      errors,
      ready: full.ok && !numberError,
    };
  }, [d, cat, key, fingerprint]);
}
