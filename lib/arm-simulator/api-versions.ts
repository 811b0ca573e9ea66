import { ArmError } from "./errors";

/**
 * Stable api-versions ARM accepts for the resource types we serve (every stable one from 2020 on,
 * plus a few older ones other tools still send). Unknown versions get ARM's own error.
 */
const NETWORK = [
  "2018-10-01",
  "2019-02-01",
  "2019-04-01",
  "2019-06-01",
  "2019-07-01",
  "2019-08-01",
  "2019-09-01",
  "2019-11-01",
  "2019-12-01",
  "2020-03-01",
  "2020-04-01",
  "2020-05-01",
  "2020-06-01",
  "2020-07-01",
  "2020-08-01",
  "2020-11-01",
  "2021-02-01",
  "2021-03-01",
  "2021-05-01",
  "2021-08-01",
  "2021-12-01",
  "2022-01-01",
  "2022-05-01",
  "2022-07-01",
  "2022-09-01",
  "2022-11-01",
  "2023-02-01",
  "2023-04-01",
  "2023-05-01",
  "2023-06-01",
  "2023-09-01",
  "2023-11-01",
  "2024-01-01",
  "2024-03-01",
  "2024-05-01",
  "2024-07-01",
  "2024-10-01",
  "2025-01-01",
  "2025-03-01",
  "2025-05-01",
  "2025-07-01",
  "2026-01-01",
];
const COMPUTE = [
  "2019-07-01",
  "2019-12-01",
  "2020-06-01",
  "2020-12-01",
  "2021-03-01",
  "2021-04-01",
  "2021-07-01",
  "2021-11-01",
  "2022-03-01",
  "2022-08-01",
  "2022-11-01",
  "2023-03-01",
  "2023-07-01",
  "2023-09-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-04-01",
  "2025-11-01",
  "2026-04-01",
];
const DISKS = [
  "2019-07-01",
  "2020-05-01",
  "2020-06-30",
  "2020-09-30",
  "2020-12-01",
  "2021-04-01",
  "2021-08-01",
  "2021-12-01",
  "2022-03-02",
  "2022-07-02",
  "2023-01-02",
  "2023-04-02",
  "2023-10-02",
  "2024-03-02",
  "2025-01-02",
  "2025-11-02",
  "2026-03-02",
];
const SKUS = ["2017-03-30", "2017-09-01", "2019-04-01", "2021-07-01"];
const RESOURCES = [
  "2019-10-01",
  "2020-06-01",
  "2020-08-01",
  "2020-10-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-03-01",
  "2025-04-01",
];

export type ApiFamily = "network" | "compute" | "disks" | "skus" | "resources" | "operations";

/**
 * The api-versions a resource type accepts, and which of ARM's two errors an unknown one gets:
 * Microsoft.Resources answers `InvalidApiVersionParameter`, a resource provider
 * `NoRegisteredProviderFound`. A resource module names one of these (or its own list).
 */
export interface ApiVersions {
  readonly versions: readonly string[];
  readonly errorStyle: "resources" | "provider";
}

export const API_VERSIONS: Record<ApiFamily, ApiVersions> = {
  network: { versions: NETWORK, errorStyle: "provider" },
  compute: { versions: COMPUTE, errorStyle: "provider" },
  disks: { versions: DISKS, errorStyle: "provider" },
  skus: { versions: SKUS, errorStyle: "provider" },
  resources: { versions: RESOURCES, errorStyle: "resources" },
  // Operation-status URLs carry whatever version started the operation.
  operations: { versions: [...new Set([...NETWORK, ...COMPUTE, ...DISKS, ...RESOURCES])], errorStyle: "provider" },
};

export function supportedVersions(family: ApiFamily): readonly string[] {
  return API_VERSIONS[family].versions;
}

/** Throws ARM's error for a missing or unknown api-version; returns the version otherwise. */
export function checkApiVersion(api: ApiFamily | ApiVersions, typeName: string, version: string | undefined): string {
  if (!version) {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const { versions, errorStyle } = typeof api === "string" ? API_VERSIONS[api] : api;
  if (versions.includes(version)) return version;
  if (errorStyle === "resources") {
    throw new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${[...versions].reverse().join(",")}'.`,
    );
  }
  throw new ArmError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location 'global' and API version '${version}' for type '${typeName}'. The supported api-versions are '${versions.join(", ")}'.`,
  );
}

/** v2 rule priority is mandatory from this version on (ARM-REFERENCE §5). */
export function requiresRulePriority(version: string): boolean {
  return version >= "2021-08-01";
}
