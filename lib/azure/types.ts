/**
 * AzureGateway: every Azure operation the product performs, in our own types. No @azure/* type
 * crosses this boundary; lib/azure/arm implements it with the ARM SDKs. Errors are AzureError.
 * Gets return undefined for 404; deletes of missing resources succeed.
 */

export type Tags = Record<string, string>;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface LroOptions extends CallOptions {
  /** Poll interval when Azure sends no Retry-After (tests pass a few ms). */
  pollIntervalMs?: number;
}

export interface ResourceGroupInfo {
  id: string;
  name: string;
  location: string;
  tags: Tags;
  provisioningState?: string;
}

export interface SubnetSpec {
  name: string;
  addressPrefix: string;
}

export interface SubnetInfo {
  id: string;
  name: string;
  addressPrefix?: string;
  provisioningState?: string;
  /** Ids of the IP configurations (NICs, gateways) using the subnet. */
  ipConfigurationIds: string[];
}

export type PeeringState = "Initiated" | "Connected" | "Disconnected";
export type PeeringSyncLevel = "FullyInSync" | "LocalNotInSync" | "RemoteNotInSync" | "LocalAndRemoteNotInSync";

export interface PeeringSpec {
  remoteVirtualNetworkId: string;
  allowVirtualNetworkAccess?: boolean;
  allowForwardedTraffic?: boolean;
  allowGatewayTransit?: boolean;
  useRemoteGateways?: boolean;
  /** Re-sync this side with the remote's current address space. */
  syncRemoteAddressSpace?: boolean;
}

export interface PeeringInfo {
  id: string;
  name: string;
  remoteVirtualNetworkId?: string;
  peeringState?: PeeringState | string;
  peeringSyncLevel?: PeeringSyncLevel | string;
  provisioningState?: string;
  allowVirtualNetworkAccess: boolean;
  allowForwardedTraffic: boolean;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
  remoteAddressPrefixes: string[];
}

export interface VirtualNetworkSpec {
  location: string;
  addressPrefixes: string[];
  /** The complete subnet list: a VNet PUT replaces the array (omitted subnets are deleted). */
  subnets: SubnetSpec[];
  tags?: Tags;
}

export interface VirtualNetworkInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  addressPrefixes: string[];
  subnets: SubnetInfo[];
  peerings: PeeringInfo[];
  tags: Tags;
  provisioningState?: string;
}

export interface NetworkInterfaceSpec {
  location: string;
  subnetId: string;
  /** Static private IP; omit for dynamic allocation. */
  privateIpAddress?: string;
  tags?: Tags;
}

export interface NetworkInterfaceInfo {
  id: string;
  name: string;
  location: string;
  privateIpAddress?: string;
  subnetId?: string;
  virtualMachineId?: string;
  provisioningState?: string;
  tags: Tags;
}

export interface VirtualMachineSpec {
  location: string;
  vmSize: string;
  adminUsername: string;
  sshPublicKey: string;
  networkInterfaceId: string;
  osDiskName: string;
  /** cloud-init text; the gateway base64-encodes it. */
  customData?: string;
  /** Defaults to Ubuntu 22.04 LTS gen2 (ARCHITECTURE.md §1). */
  image?: { publisher: string; offer: string; sku: string; version?: string };
  tags?: Tags;
}

export type PowerState = "starting" | "running" | "stopping" | "stopped" | "deallocating" | "deallocated" | "unknown";

export interface VirtualMachineInfo {
  id: string;
  name: string;
  location: string;
  vmSize?: string;
  provisioningState?: string;
  powerState: PowerState;
  networkInterfaceIds: string[];
  osDiskId?: string;
  osDiskName?: string;
  vmId?: string;
  tags: Tags;
}

export interface DiskInfo {
  id: string;
  name: string;
  location: string;
  managedBy?: string;
  diskState?: string;
  provisioningState?: string;
  tags: Tags;
}

export interface PublicIpSpec {
  location: string;
  sku?: "Standard" | "Basic";
  tags?: Tags;
}

export interface PublicIpInfo {
  id: string;
  name: string;
  location: string;
  ipAddress?: string;
  sku?: string;
  provisioningState?: string;
  ipConfigurationId?: string;
}

export * from "./agw-types";

export interface ResourceSummary {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Tags;
}

export interface ComputeUsage {
  name: string;
  localizedName: string;
  currentValue: number;
  limit: number;
  unit: string;
}

export interface VmSkuInfo {
  name: string;
  family?: string;
  vCpus?: number;
  memoryGb?: number;
  /** Restricted for this subscription/location (using it fails with SkuNotAvailable). */
  restricted: boolean;
  restrictionReasons: string[];
}

export interface VmSizeInfo {
  name: string;
  numberOfCores?: number;
  memoryInMB?: number;
}

export type VmPowerAction = "start" | "powerOff" | "restart" | "deallocate";

/** An SSH key set for a user through the VM access extension (osProfile cannot change after creation). */
export interface VmSshKeySpec {
  /** The VM's region (an extension is a tracked child and needs it). */
  location: string;
  username: string;
  sshPublicKey: string;
  /** Default "enablevmaccess", the name the Azure CLI uses. */
  extensionName?: string;
  /** VMAccessForLinux handler version, default "1.5". */
  typeHandlerVersion?: string;
}

export interface VmExtensionStatus {
  code?: string;
  level?: string;
  displayStatus?: string;
  message?: string;
}

export interface VmExtensionInfo {
  id: string;
  name: string;
  publisher?: string;
  type?: string;
  typeHandlerVersion?: string;
  provisioningState?: string;
  /** Public settings only: Azure never returns protected settings. */
  settings: Record<string, unknown>;
  /** From the extension's instance view. */
  statuses: VmExtensionStatus[];
}

import type {
  AgwEntries,
  AgwHandle,
  ApplicationGatewayCreateSpec,
  ApplicationGatewayView,
  BackendHealth,
} from "./agw-types";

export interface AzureGateway {
  readonly subscriptionId: string;

  getResourceGroup(name: string, opts?: CallOptions): Promise<ResourceGroupInfo | undefined>;
  createResourceGroup(
    name: string,
    spec: { location: string; tags?: Tags },
    opts?: CallOptions,
  ): Promise<ResourceGroupInfo>;

  createOrUpdateVirtualNetwork(
    rg: string,
    name: string,
    spec: VirtualNetworkSpec,
    opts?: LroOptions,
  ): Promise<VirtualNetworkInfo>;
  getVirtualNetwork(rg: string, name: string, opts?: CallOptions): Promise<VirtualNetworkInfo | undefined>;
  deleteVirtualNetwork(rg: string, name: string, opts?: LroOptions): Promise<void>;
  listVirtualNetworks(rg: string, opts?: CallOptions): Promise<VirtualNetworkInfo[]>;
  listAllVirtualNetworks(opts?: CallOptions): Promise<VirtualNetworkInfo[]>;

  getSubnet(rg: string, vnet: string, name: string, opts?: CallOptions): Promise<SubnetInfo | undefined>;
  createOrUpdateSubnet(rg: string, vnet: string, spec: SubnetSpec, opts?: LroOptions): Promise<SubnetInfo>;
  deleteSubnet(rg: string, vnet: string, name: string, opts?: LroOptions): Promise<void>;

  createOrUpdatePeering(
    rg: string,
    vnet: string,
    name: string,
    spec: PeeringSpec,
    opts?: LroOptions,
  ): Promise<PeeringInfo>;
  getPeering(rg: string, vnet: string, name: string, opts?: CallOptions): Promise<PeeringInfo | undefined>;
  deletePeering(rg: string, vnet: string, name: string, opts?: LroOptions): Promise<void>;
  listPeerings(rg: string, vnet: string, opts?: CallOptions): Promise<PeeringInfo[]>;

  createOrUpdateNetworkInterface(
    rg: string,
    name: string,
    spec: NetworkInterfaceSpec,
    opts?: LroOptions,
  ): Promise<NetworkInterfaceInfo>;
  getNetworkInterface(rg: string, name: string, opts?: CallOptions): Promise<NetworkInterfaceInfo | undefined>;
  deleteNetworkInterface(rg: string, name: string, opts?: LroOptions): Promise<void>;

  createOrUpdateVirtualMachine(
    rg: string,
    name: string,
    spec: VirtualMachineSpec,
    opts?: LroOptions,
  ): Promise<VirtualMachineInfo>;
  /** With instance view (power state). */
  getVirtualMachine(rg: string, name: string, opts?: CallOptions): Promise<VirtualMachineInfo | undefined>;
  deleteVirtualMachine(rg: string, name: string, opts?: LroOptions & { forceDeletion?: boolean }): Promise<void>;
  startVirtualMachine(rg: string, name: string, opts?: LroOptions): Promise<void>;
  powerOffVirtualMachine(rg: string, name: string, opts?: LroOptions): Promise<void>;
  /** PATCH hardwareProfile.vmSize; a running VM restarts. Sizes outside its cluster need deallocate first. */
  resizeVm(rg: string, name: string, vmSize: string, opts?: LroOptions): Promise<VirtualMachineInfo>;
  vmPower(rg: string, name: string, action: VmPowerAction, opts?: LroOptions): Promise<void>;
  /** Sets a user's SSH key through the VM access extension and waits for it to succeed. */
  setVmSshKey(rg: string, vmName: string, spec: VmSshKeySpec, opts?: LroOptions): Promise<VmExtensionInfo>;
  getVmExtension(rg: string, vmName: string, name: string, opts?: CallOptions): Promise<VmExtensionInfo | undefined>;
  /** Sizes this VM can be resized to now (its hardware cluster's while allocated). */
  listVmSizesAvailable(rg: string, vmName: string, opts?: CallOptions): Promise<VmSizeInfo[]>;

  getDisk(rg: string, name: string, opts?: CallOptions): Promise<DiskInfo | undefined>;
  deleteDisk(rg: string, name: string, opts?: LroOptions): Promise<void>;

  getPublicIpAddress(rg: string, name: string, opts?: CallOptions): Promise<PublicIpInfo | undefined>;
  createOrUpdatePublicIpAddress(rg: string, name: string, spec: PublicIpSpec, opts?: LroOptions): Promise<PublicIpInfo>;

  getApplicationGateway(rg: string, name: string, opts?: CallOptions): Promise<ApplicationGatewayView | undefined>;
  /** Whole-gateway PUT of `handle` with these four arrays; everything else is kept as read. */
  putApplicationGateway(handle: AgwHandle, entries: AgwEntries, opts?: LroOptions): Promise<ApplicationGatewayView>;
  createApplicationGateway(
    rg: string,
    name: string,
    spec: ApplicationGatewayCreateSpec,
    opts?: LroOptions,
  ): Promise<ApplicationGatewayView>;
  getBackendHealth(rg: string, name: string, opts?: LroOptions): Promise<BackendHealth>;

  /** Tracked resources in a group carrying tag name (= value when given). Tags are not returned. */
  listResourcesByTag(rg: string, tag: { name: string; value?: string }, opts?: CallOptions): Promise<ResourceSummary[]>;
  /**
   * Every top-level tracked resource of the subscription, with its tags (ARM's resources.list,
   * unfiltered: a tag $filter would make ARM leave the tags out, and the owner is in the tags).
   */
  listSubscriptionResources(opts?: CallOptions): Promise<ResourceSummary[]>;
  listComputeUsages(location: string, opts?: CallOptions): Promise<ComputeUsage[]>;
  listVmSkus(location: string, opts?: CallOptions): Promise<VmSkuInfo[]>;
  listAvailableVmSizes(location: string, opts?: CallOptions): Promise<VmSizeInfo[]>;
}
