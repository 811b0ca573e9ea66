import type { ResourceModule } from "./module";
import { applicationGateways } from "./handlers/agw";
import { computeCatalog } from "./handlers/catalog";
import { disks } from "./handlers/disks";
import { nics } from "./handlers/nics";
import { operations } from "./handlers/operations";
import { peerings } from "./handlers/peerings";
import { publicIps } from "./handlers/public-ips";
import { resourceGroups } from "./handlers/resource-groups";
import { resources } from "./handlers/resources";
import { subnets } from "./handlers/subnets";
import { vmExtensions } from "./handlers/vm-extensions";
import { virtualMachines } from "./handlers/vms";
import { vnets } from "./handlers/vnets";

/**
 * Every resource type the simulator serves. Order is routing order (the first matching route
 * wins; no two routes overlap today). Adding a resource type: write its module, add it here.
 */
export const RESOURCE_MODULES: readonly ResourceModule[] = [
  resourceGroups,
  resources,
  vnets,
  subnets,
  peerings,
  nics,
  publicIps,
  applicationGateways,
  virtualMachines,
  vmExtensions,
  disks,
  computeCatalog,
  operations,
];
