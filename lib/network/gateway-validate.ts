/**
 * Checks a gateway body before it is PUT. Azure rejects the whole PUT for one bad entry, and a
 * rejected PUT blocks every spoke waiting on the gateway, so problems are named up front.
 */
import type { AgwEntries, AgwRule } from "./gateway-entries";
import { limitErrors } from "./gateway-limits";

export const MIN_RULE_PRIORITY = 1;
export const MAX_RULE_PRIORITY = 20_000;

export function isValidRulePriority(priority: number): boolean {
  return Number.isInteger(priority) && priority >= MIN_RULE_PRIORITY && priority <= MAX_RULE_PRIORITY;
}

/** Azure v2: every rule has a priority in 1–20000, unique within the gateway. */
export function rulePriorityErrors(rules: readonly Pick<AgwRule, "name" | "priority">[]): string[] {
  const errors: string[] = [];
  const byPriority = new Map<number, string>();
  for (const rule of rules) {
    if (!isValidRulePriority(rule.priority)) {
      errors.push(`rule ${rule.name}: priority ${rule.priority} is outside ${MIN_RULE_PRIORITY}–${MAX_RULE_PRIORITY}`);
      continue;
    }
    const holder = byPriority.get(rule.priority);
    if (holder) errors.push(`rule ${rule.name}: priority ${rule.priority} is already used by rule ${holder}`);
    else byPriority.set(rule.priority, rule.name);
  }
  return errors;
}

function duplicateNameErrors(kind: string, entries: readonly { name: string }[]): string[] {
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const { name } of entries) {
    if (seen.has(name.toLowerCase())) errors.push(`${kind}: name ${name} appears more than once`);
    seen.add(name.toLowerCase());
  }
  return errors;
}

function referenceErrors(entries: AgwEntries): string[] {
  const names = (list: readonly { name: string }[]) => new Set(list.map((e) => e.name.toLowerCase()));
  const pools = names(entries.backendPools);
  const settings = names(entries.backendHttpSettings);
  const listeners = names(entries.listeners);
  const probes = names(entries.probes);
  const errors: string[] = [];
  for (const s of entries.backendHttpSettings) {
    if (s.probeName && !probes.has(s.probeName.toLowerCase()))
      errors.push(`HTTP settings ${s.name}: probe ${s.probeName} does not exist`);
  }
  for (const rule of entries.rules) {
    if (!listeners.has(rule.listenerName.toLowerCase()))
      errors.push(`rule ${rule.name}: listener ${rule.listenerName} does not exist`);
    // Path-based rules route through a URL path map the adapter keeps in `raw`.
    if (rule.ruleType !== "Basic") continue;
    if (!pools.has(rule.backendPoolName.toLowerCase()))
      errors.push(`rule ${rule.name}: backend pool ${rule.backendPoolName} does not exist`);
    if (!settings.has(rule.backendHttpSettingsName.toLowerCase())) {
      errors.push(`rule ${rule.name}: HTTP settings ${rule.backendHttpSettingsName} do not exist`);
    }
  }
  return errors;
}

/** Two listeners on one frontend port need different host names (null = catch-all). */
function listenerHostErrors(entries: AgwEntries): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const listener of entries.listeners) {
    const slot = `${listener.frontendIpConfigurationName}|${listener.frontendPortName}|${(listener.hostName ?? "").toLowerCase()}`;
    const holder = seen.get(slot);
    if (holder) {
      errors.push(
        `listener ${listener.name}: host ${listener.hostName ?? "(any)"} on port ${listener.frontendPortName} is already served by listener ${holder}`,
      );
    } else seen.set(slot, listener.name);
  }
  return errors;
}

/** Azure's limits on a custom probe (ApplicationGatewayProbe in the network SDK models). */
export const PROBE_PATH_MAX = 255;
export const PROBE_SECONDS_MAX = 86_400;
export const PROBE_THRESHOLD_MAX = 20;

/** A probe path as the console accepts it: starts with "/", printable, no spaces, at most 255 characters. */
export function isValidProbePath(path: string): boolean {
  return path.length <= PROBE_PATH_MAX && /^\/[\x21-\x7e]*$/.test(path);
}

function probeErrors(entries: AgwEntries): string[] {
  const errors: string[] = [];
  const within = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  for (const p of entries.probes) {
    if (!p.path.startsWith("/")) errors.push(`probe ${p.name}: path ${p.path} must start with /`);
    if (!within(p.interval, PROBE_SECONDS_MAX))
      errors.push(`probe ${p.name}: interval ${p.interval} is outside 1–${PROBE_SECONDS_MAX} seconds`);
    if (!within(p.timeout, PROBE_SECONDS_MAX))
      errors.push(`probe ${p.name}: timeout ${p.timeout} is outside 1–${PROBE_SECONDS_MAX} seconds`);
    if (!within(p.unhealthyThreshold, PROBE_THRESHOLD_MAX))
      errors.push(`probe ${p.name}: unhealthy threshold ${p.unhealthyThreshold} is outside 1–${PROBE_THRESHOLD_MAX}`);
  }
  return errors;
}

/** Empty when the body is fit to PUT. */
export function gatewayEntriesErrors(entries: AgwEntries): string[] {
  return [
    ...duplicateNameErrors("backend pool", entries.backendPools),
    ...duplicateNameErrors("HTTP settings", entries.backendHttpSettings),
    ...duplicateNameErrors("listener", entries.listeners),
    ...duplicateNameErrors("rule", entries.rules),
    ...duplicateNameErrors("probe", entries.probes),
    ...rulePriorityErrors(entries.rules),
    ...referenceErrors(entries),
    ...listenerHostErrors(entries),
    ...probeErrors(entries),
    ...limitErrors(entries),
  ];
}
