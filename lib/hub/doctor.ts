/**
 * `npm run doctor` and the Admin page's Doctor card: configuration, credential, hub and
 * permissions, each a pass/warn/fail line with what to do. Only reads; never writes to Azure.
 */
import { isAllowed, type PermissionSet, type TokenProbe } from "@/lib/azure/arm/access";
import { gatewayDifferences, type HubSettings } from "@/lib/azure/hub-ensure";
import type { AzureGateway } from "@/lib/azure/types";
import type { Env, HubConfig } from "@/lib/env";
import { cidr, overlaps } from "@/lib/network/cidr";
import { REQUIRED_ACTIONS, type PermissionScope } from "./permissions";
import { hubSettingsFrom } from "./settings";

export type CheckStatus = "pass" | "warn" | "fail";
export interface DoctorCheck {
  group: "configuration" | "credential" | "hub" | "permissions";
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}
export interface DoctorReport {
  ok: boolean;
  mode: Env["AZURE_MODE"];
  checked_at: string;
  checks: DoctorCheck[];
}

export interface AccessProbe {
  probeToken(): Promise<TokenProbe>;
  permissions(scope: string): Promise<PermissionSet[]>;
}
export interface DoctorInput {
  env: Env;
  hub: HubConfig;
  azure: AzureGateway;
  /** Azure mode only: the identity's token and permissions (lib/azure/arm/access). */
  access?: AccessProbe;
}

const BOOTSTRAP_FIX = "Run `npm run hub:bootstrap`, or Admin → Hub bootstrap → Bootstrap hub.";
const errText = (err: unknown) =>
  (err && typeof err === "object" && "code" in err ? `${String((err as { code: unknown }).code)}: ` : "") +
  (err instanceof Error ? err.message : String(err));

export function configurationChecks(env: Env, hub: HubConfig, settings: HubSettings): DoctorCheck[] {
  const checks: DoctorCheck[] = [
    {
      group: "configuration",
      title: "Settings are valid",
      status: "pass",
      detail: `AZURE_MODE=${env.AZURE_MODE}${env.AZURE_SUBSCRIPTION_ID ? `, subscription ${env.AZURE_SUBSCRIPTION_ID}` : ""}; hub ${hub.hubVnetName} + ${hub.gatewayName} in ${hub.hubResourceGroup} (${hub.location}); spokes in ${hub.spokeResourceGroup}`,
    },
  ];
  if (overlaps(cidr(env.SPOKE_ADDRESS_SPACE), cidr(settings.addressSpace))) {
    checks.push({
      group: "configuration",
      title: "Spoke address space is outside the hub's",
      status: "fail",
      detail: `SPOKE_ADDRESS_SPACE ${env.SPOKE_ADDRESS_SPACE} overlaps the hub's ${settings.addressSpace}: peering would be refused`,
      fix: "Choose a SPOKE_ADDRESS_SPACE that does not overlap 10.0.0.0/16.",
    });
  }
  if (env.AZURE_MODE === "azure") {
    const entra =
      env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET && env.AUTH_MICROSOFT_ENTRA_ID_ISSUER;
    checks.push(
      entra
        ? {
            group: "configuration",
            title: "Sign-in is configured",
            status: "pass",
            detail: `Microsoft Entra ID, issuer ${env.AUTH_MICROSOFT_ENTRA_ID_ISSUER}`,
          }
        : {
            group: "configuration",
            title: "Sign-in is configured",
            status: "fail",
            detail:
              "AZURE_MODE=azure refuses the development sign-in, and Microsoft Entra ID is not fully set: nobody can sign in",
            fix: "Set AUTH_MICROSOFT_ENTRA_ID_ID, AUTH_MICROSOFT_ENTRA_ID_SECRET and AUTH_MICROSOFT_ENTRA_ID_ISSUER (README, Run against Azure).",
          },
    );
    if (!env.AUTH_SECRET)
      checks.push({
        group: "configuration",
        title: "AUTH_SECRET is set",
        status: "warn",
        detail: "unset: a secret is generated into DATA_DIR, which differs per instance",
        fix: "Set AUTH_SECRET (openssl rand -base64 32) when running more than one instance.",
      });
  }
  return checks;
}

async function credentialCheck(input: DoctorInput): Promise<DoctorCheck> {
  if (input.env.AZURE_MODE === "azure") {
    const probe = await (input.access?.probeToken() ?? Promise.resolve({ ok: false, detail: "no credential probe" }));
    return probe.ok
      ? {
          group: "credential",
          title: "A token for Azure Resource Manager can be obtained",
          status: "pass",
          detail: probe.detail,
        }
      : {
          group: "credential",
          title: "A token for Azure Resource Manager can be obtained",
          status: "fail",
          detail: probe.detail,
          fix: "DefaultAzureCredential found no identity: set AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET (service principal), run on a managed identity (AZURE_CLIENT_ID for a user-assigned one), or configure workload identity (README, Run against Azure).",
        };
  }
  try {
    await input.azure.getResourceGroup(input.hub.hubResourceGroup);
    return {
      group: "credential",
      title: "The ARM endpoint answers",
      status: "pass",
      detail: `simulator mode${input.env.ARM_SIMULATOR_URL ? ` (${input.env.ARM_SIMULATOR_URL})` : " (embedded)"}: any token is accepted, and a read succeeded`,
    };
  } catch (err) {
    return {
      group: "credential",
      title: "The ARM endpoint answers",
      status: "fail",
      detail: errText(err),
      fix: "Start the simulator (`npm run sim`) or fix ARM_SIMULATOR_URL / ARM_SIMULATOR_CA_FILE.",
    };
  }
}

async function present<T>(
  title: string,
  read: () => Promise<T | undefined>,
  judge: (found: T) => DoctorCheck | undefined,
): Promise<DoctorCheck> {
  try {
    const found = await read();
    if (!found) return { group: "hub", title, status: "fail", detail: "missing", fix: BOOTSTRAP_FIX };
    return judge(found) ?? { group: "hub", title, status: "pass", detail: "present" };
  } catch (err) {
    return {
      group: "hub",
      title,
      status: "fail",
      detail: errText(err),
      fix: "Check the identity's Reader access to the hub resource group (see the permission checks).",
    };
  }
}

function hubChecks(azure: AzureGateway, s: HubSettings): Promise<DoctorCheck[]> {
  const rg = s.resourceGroup;
  const diffs = (title: string, list: string[]): DoctorCheck =>
    list.length
      ? {
          group: "hub",
          title,
          status: "warn",
          detail: `present, differs from the defaults: ${list.join("; ")}`,
          fix: "Left as it is on purpose (bootstrap never changes an existing resource); change it in Azure if it matters.",
        }
      : { group: "hub", title, status: "pass", detail: "present, as expected" };
  return Promise.all([
    present(
      `Resource group ${rg}`,
      () => azure.getResourceGroup(rg),
      () => undefined,
    ),
    present(
      `Hub VNet ${s.vnetName}`,
      () => azure.getVirtualNetwork(rg, s.vnetName),
      (v) =>
        diffs(
          `Hub VNet ${s.vnetName}`,
          v.addressPrefixes.includes(s.addressSpace) ? [] : [`address space ${v.addressPrefixes.join(", ")}`],
        ),
    ),
    ...[s.hubSubnet, s.agwSubnet].map((want) =>
      present(
        `Subnet ${want.name}`,
        () => azure.getSubnet(rg, s.vnetName, want.name),
        (sn) =>
          diffs(
            `Subnet ${want.name}`,
            sn.addressPrefix === want.addressPrefix ? [] : [`prefix ${sn.addressPrefix ?? "unset"}`],
          ),
      ),
    ),
    present(
      `Public IP ${s.publicIpName}`,
      () => azure.getPublicIpAddress(rg, s.publicIpName),
      () => undefined,
    ),
    present(
      `Application Gateway ${s.gatewayName} with its defaults`,
      () => azure.getApplicationGateway(rg, s.gatewayName),
      (agw) => {
        const list = gatewayDifferences(agw);
        // Spoke routing rules carry priorities, which only v2 gateways accept; a failed gateway takes no update.
        const blocking = list.filter((d) => d.startsWith("SKU") || d.startsWith("provisioning"));
        return blocking.length
          ? {
              group: "hub",
              title: `Application Gateway ${s.gatewayName} with its defaults`,
              status: "fail",
              detail: list.join("; "),
              fix: "Spokes need a Standard_v2/WAF_v2 gateway in state Succeeded; fix or replace it in Azure.",
            }
          : diffs(`Application Gateway ${s.gatewayName} with its defaults`, list);
      },
    ),
  ]);
}

async function readCheck(title: string, read: () => Promise<unknown>, scope: string): Promise<DoctorCheck> {
  try {
    await read();
    return { group: "permissions", title, status: "pass", detail: `read allowed on ${scope}` };
  } catch (err) {
    return {
      group: "permissions",
      title,
      status: "fail",
      detail: errText(err),
      fix: `Assign Reader (or the role named in the README) on ${scope}.`,
    };
  }
}

async function permissionChecks(input: DoctorInput, s: HubSettings): Promise<DoctorCheck[]> {
  const { azure, hub } = input;
  const sub = `/subscriptions/${azure.subscriptionId}`;
  const reads = await Promise.all([
    readCheck("List virtual networks of the subscription", () => azure.listAllVirtualNetworks(), sub),
    readCheck(`Read compute usages in ${hub.location}`, () => azure.listComputeUsages(hub.location), sub),
    readCheck(`Read VM SKUs in ${hub.location}`, () => azure.listVmSkus(hub.location), sub),
    readCheck(
      `List resources of ${hub.spokeResourceGroup}`,
      () => azure.listResourcesByTag(hub.spokeResourceGroup, { name: "spoke-id" }),
      `${sub}/resourceGroups/${hub.spokeResourceGroup}`,
    ),
    readCheck(
      `Read the gateway ${s.gatewayName}`,
      () => azure.getApplicationGateway(s.resourceGroup, s.gatewayName),
      `${sub}/resourceGroups/${s.resourceGroup}`,
    ),
  ]);
  if (input.env.AZURE_MODE !== "azure" || !input.access) {
    return [
      {
        group: "permissions",
        title: "Write permissions",
        status: "pass",
        detail: "simulator mode: the simulator has no RBAC and grants every action",
      },
      ...reads,
    ];
  }
  const scopes: Record<PermissionScope, string> = {
    subscription: sub,
    hubResourceGroup: `${sub}/resourceGroups/${hub.hubResourceGroup}`,
    spokeResourceGroup: `${sub}/resourceGroups/${hub.spokeResourceGroup}`,
  };
  const access = input.access;
  const granted = await Promise.all(
    (Object.keys(scopes) as PermissionScope[]).map(async (key): Promise<DoctorCheck> => {
      const { role, actions } = REQUIRED_ACTIONS[key];
      const title = `${role} actions on ${scopes[key]}`;
      try {
        const perms = await access.permissions(scopes[key]);
        const missing = actions.filter((a) => !isAllowed(perms, a));
        return missing.length
          ? {
              group: "permissions",
              title,
              status: "fail",
              detail: `not granted: ${missing.join(", ")}`,
              fix: `Assign ${role} on ${scopes[key]}.`,
            }
          : { group: "permissions", title, status: "pass", detail: `all ${actions.length} actions granted` };
      } catch (err) {
        return {
          group: "permissions",
          title,
          status: "warn",
          detail: `the permissions API did not answer (${errText(err)}); only the reads below were verified, writes were not`,
          fix: "Grant Microsoft.Authorization/permissions/read (Reader includes it) to let doctor check writes.",
        };
      }
    }),
  );
  return [...granted, ...reads];
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const settings = hubSettingsFrom(input.hub);
  const checks = configurationChecks(input.env, input.hub, settings);
  const credential = await credentialCheck(input);
  checks.push(credential);
  if (credential.status === "fail") {
    checks.push({
      group: "hub",
      title: "Hub",
      status: "fail",
      detail: "not checked: no working credential",
      fix: "Fix the credential first.",
    });
  } else {
    checks.push(...(await hubChecks(input.azure, settings)), ...(await permissionChecks(input, settings)));
  }
  return {
    ok: checks.every((c) => c.status !== "fail"),
    mode: input.env.AZURE_MODE,
    checked_at: new Date().toISOString(),
    checks,
  };
}
