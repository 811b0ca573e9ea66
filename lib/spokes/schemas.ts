/**
 * The API's request bodies (the Flask original's field names), shared by the route handlers,
 * the verbs (which re-parse) and the OpenAPI document. Unknown fields are refused.
 */
import { z } from "zod";

const AGW_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
const agwName = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .regex(AGW_NAME, `${field} must be 1-80 letters, digits, '.', '-' or '_'`);
const prefix = (field: string) =>
  z.string({ error: `${field} must be a string` }).max(18, `${field} must be an IPv4 CIDR like 10.11.1.0/26`);

export const SubnetsBody = z.strictObject(
  {
    vm_subnet_prefix: prefix("subnets.vm_subnet_prefix").optional(),
    db_subnet_prefix: prefix("subnets.db_subnet_prefix").optional(),
    kv_subnet_prefix: prefix("subnets.kv_subnet_prefix").optional(),
    workspace_subnet_prefix: prefix("subnets.workspace_subnet_prefix").optional(),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field in subnets: ${iss.keys.join(", ")}`
        : "subnets must be an object",
  },
);

export const GatewayBody = z.strictObject(
  {
    backend_pool_name: agwName("application_gateway.backend_pool_name").optional(),
    routing_rule_name: agwName("application_gateway.routing_rule_name").optional(),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field in application_gateway: ${iss.keys.join(", ")}`
        : "application_gateway must be an object",
  },
);

/** The gateway health probe's path: starts with "/", at most 255 printable characters, no spaces (PATCH uses it too). */
export const healthProbePath = () =>
  z
    .string({ error: "health_probe_path must be a string" })
    .max(255, "health_probe_path must be at most 255 characters")
    .regex(/^\/[\x21-\x7e]*$/, "health_probe_path must start with / and contain no spaces")
    .describe(
      'Path of the spoke\'s gateway health probe (default "/"): the gateway marks the VM Down unless it answers 200-399 there.',
    );

export const CreateSpokeBody = z.strictObject(
  {
    spoke_id: z
      .union([z.number({ error: "spoke_id must be an integer" }).int("spoke_id must be an integer"), z.null()])
      .optional(),
    client_name: z
      .string({
        error: (iss) => (iss.input === undefined ? "client_name is required" : "client_name must be a string"),
      })
      .max(200, "client_name must be at most 50 characters"),
    ssh_public_key: z
      .string({
        error: (iss) => (iss.input === undefined ? "ssh_public_key is required" : "ssh_public_key must be a string"),
      })
      .max(16_384, "ssh_public_key is too long"),
    vm_size: z
      .string({ error: "vm_size must be a string" })
      .regex(/^[A-Za-z][A-Za-z0-9_]{1,63}$/, "vm_size must be an Azure VM size such as Standard_B2s")
      .optional(),
    admin_username: z
      .string({ error: "admin_username must be a string" })
      .max(64, "admin_username must be at most 32 characters")
      .optional(),
    vm_name: z
      .string({ error: "vm_name must be a string" })
      .max(80, "vm_name must be at most 64 characters")
      .optional(),
    location: z
      .string({ error: "location must be a string" })
      .regex(/^[a-z][a-z0-9]{1,39}$/, "location must be an Azure region name such as eastus")
      .optional(),
    subnets: SubnetsBody.optional(),
    application_gateway: GatewayBody.optional(),
    health_probe_path: healthProbePath().optional(),
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `Unknown field: ${iss.keys.join(", ")}`
        : "The request body must be a JSON object",
  },
);
export type CreateSpokeBody = z.infer<typeof CreateSpokeBody>;

export const DEFAULT_VM_SIZE = "Standard_B2s";
export const DEFAULT_ADMIN_USERNAME = "azureuser";

/** Field priority for the single `message` (the original reports spoke_id before client_name). */
export const FIELD_ORDER = [
  "spoke_id",
  "client_name",
  "ssh_public_key",
  "vm_size",
  "admin_username",
  "vm_name",
  "location",
  "subnets.vm_subnet_prefix",
  "subnets.db_subnet_prefix",
  "subnets.kv_subnet_prefix",
  "subnets.workspace_subnet_prefix",
  "health_probe_path",
];

export function firstFieldError(fieldErrors: Record<string, string>): string {
  const key = FIELD_ORDER.find((k) => fieldErrors[k]) ?? Object.keys(fieldErrors)[0];
  return (key && fieldErrors[key]) || "Invalid request";
}

/** `{id}` in paths: the spoke number (as the original) or the spoke's uuid. */
export const SpokeRef = z.union([
  z.uuid(),
  z
    .string()
    .regex(/^\d{1,5}$/, "Spoke id must be a number or a uuid")
    .transform(Number),
]);
