import type { DeploymentKind } from "@/lib/ledger/status";
import type { StepDefinition } from "../step-types";
import { releaseAddress, verifyCleanup } from "./cleanup";
import { createNic, createVm, getVmPrivateIp, waitVmReady } from "./create-compute";
import { createPeering, createSubnets, createVnet, validateConfig, verifyConnectivity } from "./create-network";
import { removeAgwEntries, updateAgw } from "./gateway-steps";
import { saveToStorage } from "./save-to-storage";
import { deleteNic, deleteOsDisk, deletePeerings, deleteVm, deleteVnet } from "./teardown";

const CREATE = [validateConfig, createVnet, createSubnets, createNic, createVm, waitVmReady, getVmPrivateIp, updateAgw, createPeering, verifyConnectivity, saveToStorage];
const TEARDOWN = [removeAgwEntries, deleteVm, deleteOsDisk, deleteNic, deletePeerings, deleteVnet, verifyCleanup, releaseAddress];

export function stepsFor(kind: DeploymentKind | string): Map<string, StepDefinition> {
  const list = kind === "create" || kind === "update" ? CREATE : TEARDOWN;
  return new Map(list.map((s) => [s.key, s]));
}
