/**
 * VM name and admin user rules Azure enforces on a Linux VM PUT, checked before any write so a
 * bad value fails in validate_config instead of after the VNet and NIC exist.
 */

/** Azure refuses these admin names with InvalidParameter "The Admin Username specified is not allowed." */
export const RESERVED_ADMIN_USERNAMES = [
  "administrator",
  "admin",
  "user",
  "user1",
  "test",
  "user2",
  "test1",
  "user3",
  "admin1",
  "1",
  "123",
  "a",
  "actuser",
  "adm",
  "admin2",
  "aspnet",
  "backup",
  "console",
  "david",
  "guest",
  "john",
  "owner",
  "root",
  "server",
  "sql",
  "support",
  "support_388945a0",
  "sys",
  "test2",
  "test3",
  "user4",
  "user5",
] as const;

const RESERVED = new Set<string>(RESERVED_ADMIN_USERNAMES);
const VM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const ADMIN_USERNAME_PATTERN = /^[a-z_][a-z0-9_-]*$/;

/**
 * The VM name doubles as the Linux host name here, so it is held to host-name rules (letters,
 * digits, hyphens; at most 64; no trailing hyphen; not all digits), which also keeps
 * `{vm}-nic` and `{vm}-osdisk` valid.
 */
export function vmNameError(name: string): string | null {
  if (name.length === 0) return "vm_name must not be empty";
  if (name.length > 64) return "vm_name must be at most 64 characters";
  if (!VM_NAME_PATTERN.test(name))
    return "vm_name may contain only letters, digits and hyphens, and must start with a letter or digit";
  if (name.endsWith("-")) return "vm_name must not end with a hyphen";
  if (/^[0-9]+$/.test(name)) return "vm_name must not be only digits";
  return null;
}

export function adminUsernameError(name: string): string | null {
  if (name.length === 0) return "admin_username must not be empty";
  if (name.length > 32) return "admin_username must be at most 32 characters";
  if (!ADMIN_USERNAME_PATTERN.test(name)) {
    return "admin_username must start with a lowercase letter or underscore and contain only lowercase letters, digits, _ and -";
  }
  if (RESERVED.has(name)) return `admin_username "${name}" is reserved by Azure`;
  return null;
}
