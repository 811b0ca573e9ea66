/**
 * The four subnets of a spoke (ARCHITECTURE.md §1): the spoke block split into four equal parts, in the
 * original's order vm, db, kv, workspace; the API's `*_subnet_prefix` fields may override any.
 */
import { type Cidr, containsCidr, formatCidr, overlaps, parseCidr, splitCidr } from "./cidr";

export const SUBNET_ROLES = ["vm", "db", "kv", "workspace"] as const;
export type SubnetRole = (typeof SUBNET_ROLES)[number];

/** Override field names exactly as the original API spells them. */
export const SUBNET_OVERRIDE_FIELDS = {
  vm: "vm_subnet_prefix",
  db: "db_subnet_prefix",
  kv: "kv_subnet_prefix",
  workspace: "workspace_subnet_prefix",
} as const satisfies Record<SubnetRole, string>;
export type SubnetOverrideField = (typeof SUBNET_OVERRIDE_FIELDS)[SubnetRole];
export type SubnetOverrides = Partial<Record<SubnetOverrideField, string | null | undefined>>;

/** Azure's smallest subnet: five addresses are reserved, /29 leaves three. */
export const MAX_SUBNET_PREFIX_LENGTH = 29;

export type PlannedSubnet = {
  readonly role: SubnetRole;
  readonly name: string;
  readonly addressPrefix: string;
  readonly isOverride: boolean;
};

export type SubnetPlanResult =
  { ok: true; subnets: PlannedSubnet[] } | { ok: false; fieldErrors: Partial<Record<SubnetOverrideField, string>> };

export function subnetName(spokeNumber: number, role: SubnetRole): string {
  return `spoke-${spokeNumber}-${role}-subnet`;
}

/** Default ranges: `.0/26 .64/26 .128/26 .192/26` for a /24. */
export function defaultSubnetPrefixes(block: Cidr): Record<SubnetRole, Cidr> {
  const [vm, db, kv, workspace] = splitCidr(block, block.prefixLength + 2);
  if (!vm || !db || !kv || !workspace) throw new Error(`cannot split ${formatCidr(block)} into four subnets`);
  return { vm, db, kv, workspace };
}

type Candidate = { role: SubnetRole; block: Cidr; isOverride: boolean };

function overrideBlock(block: Cidr, field: SubnetOverrideField, text: string): { cidr?: Cidr; error?: string } {
  const parsed = parseCidr(text);
  if (!parsed.ok) return { error: `${field}: ${parsed.error}` };
  if (!containsCidr(block, parsed.cidr)) {
    return { error: `${field} ${text} is outside the spoke address space ${formatCidr(block)}` };
  }
  if (parsed.cidr.prefixLength > MAX_SUBNET_PREFIX_LENGTH) {
    return { error: `${field} ${text} is smaller than Azure's minimum subnet (/${MAX_SUBNET_PREFIX_LENGTH})` };
  }
  return { cidr: parsed.cidr };
}

/** Each overlap is reported on the overridden field(s) involved: a default cannot be "wrong". */
function overlapErrors(spokeNumber: number, candidates: Candidate[]): Partial<Record<SubnetOverrideField, string>> {
  const errors: Partial<Record<SubnetOverrideField, string>> = {};
  for (const [i, a] of candidates.entries()) {
    for (const b of candidates.slice(i + 1)) {
      if (!overlaps(a.block, b.block)) continue;
      for (const [self, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const field = SUBNET_OVERRIDE_FIELDS[self.role];
        if (!self.isOverride || errors[field]) continue;
        errors[field] =
          `${field} ${formatCidr(self.block)} overlaps ${subnetName(spokeNumber, other.role)} (${formatCidr(other.block)})`;
      }
    }
  }
  return errors;
}

export function planSubnets(spokeNumber: number, block: Cidr, overrides: SubnetOverrides = {}): SubnetPlanResult {
  const defaults = defaultSubnetPrefixes(block);
  const fieldErrors: Partial<Record<SubnetOverrideField, string>> = {};
  const candidates: Candidate[] = [];
  for (const role of SUBNET_ROLES) {
    const field = SUBNET_OVERRIDE_FIELDS[role];
    const text = overrides[field];
    if (text === undefined || text === null || text === "") {
      candidates.push({ role, block: defaults[role], isOverride: false });
      continue;
    }
    const result = overrideBlock(block, field, text);
    if (result.cidr) candidates.push({ role, block: result.cidr, isOverride: true });
    else fieldErrors[field] = result.error;
  }
  Object.assign(fieldErrors, overlapErrors(spokeNumber, candidates));
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return {
    ok: true,
    subnets: candidates.map(({ role, block: range, isOverride }) => ({
      role,
      name: subnetName(spokeNumber, role),
      addressPrefix: formatCidr(range),
      isOverride,
    })),
  };
}
