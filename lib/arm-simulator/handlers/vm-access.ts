import { ArmError } from "../errors";
import { asObject, asString } from "../http";
import type { JsonObject, ResourceRecord } from "../types";
import { isValidSshKey } from "./vm-validate";

/**
 * What the VM access extension (VMAccessForLinux) does inside the guest, per its protected
 * settings (https://github.com/Azure/azure-linux-extensions/blob/master/VMAccess/README.md):
 * `username` + `ssh_key` sets that user's public key (creating the user, with sudo, if needed),
 * `password` sets a password, `remove_user` deletes a user. The simulator keeps the guest's
 * accounts in the VM's meta (`guest.users[name].sshKeys`), readable through
 * `ArmSimulator.vmGuest(id)` and `GET /_sim/guest?id=…`, never through ARM: Azure cannot show
 * them either. The new key replaces the user's keys (a rotation, as `az vm user update` does).
 */

/** The operation keeps only what the guest needs: never the password itself. */
export function vmAccessArgs(protectedSettings: JsonObject): JsonObject {
  const args: JsonObject = {};
  const username = asString(protectedSettings.username);
  const sshKey = asString(protectedSettings.ssh_key);
  const removeUser = asString(protectedSettings.remove_user);
  if (username !== undefined) args.username = username;
  if (sshKey !== undefined) args.sshKey = sshKey;
  if (removeUser !== undefined) args.removeUser = removeUser;
  if (asString(protectedSettings.password) !== undefined) args.passwordSet = true;
  return args;
}

/** CRP's error for a handler that reported failure (code VMExtensionProvisioningError). */
function handlerFailed(vm: ResourceRecord, name: string, message: string): ArmError {
  return new ArmError(
    500,
    "VMExtensionProvisioningError",
    `VM has reported a failure when processing extension '${name}' (publisher 'Microsoft.OSTCExtensions' and type 'VMAccessForLinux'). Error message: '${message}'. More information on troubleshooting is available at https://aka.ms/VMExtensionLinuxTroubleshoot.`,
  );
}

function isPem(key: string): boolean {
  return /^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/.test(key.trim());
}

/** Applies the settings to the guest; returns the handler's status message, or throws its failure. */
export function applyVmAccess(vm: ResourceRecord, extName: string, args: JsonObject): string {
  const guest = asObject(vm.meta.guest);
  const users = asObject(guest.users);
  const username = asString(args.username);
  const sshKey = asString(args.sshKey);
  if ((sshKey !== undefined || args.passwordSet === true) && !username)
    throw handlerFailed(vm, extName, "No username was given for the ssh_key or password.");
  if (sshKey !== undefined && !isValidSshKey(sshKey) && !isPem(sshKey))
    throw handlerFailed(vm, extName, "The ssh_key is not a valid OpenSSH public key or PEM certificate.");
  const done: string[] = [];
  if (username && (sshKey !== undefined || args.passwordSet === true)) {
    const user = asObject(users[username]);
    if (sshKey !== undefined) user.sshKeys = [sshKey.trim()];
    if (args.passwordSet === true) user.passwordSet = true;
    user.sudo = true;
    users[username] = user;
    done.push(sshKey !== undefined ? `ssh key of user '${username}' set` : `password of user '${username}' set`);
  }
  const removeUser = asString(args.removeUser);
  if (removeUser) {
    delete users[removeUser];
    done.push(`user '${removeUser}' removed`);
  }
  guest.users = users;
  vm.meta.guest = guest;
  return done.length ? `Enable succeeded: ${done.join("; ")}.` : "Enable succeeded.";
}

/** The guest's accounts as the simulator models them (undefined when there is no such VM). */
export function guestAccounts(
  vm: ResourceRecord | undefined,
): { users: Record<string, { sshKeys: string[]; sudo: boolean; passwordSet?: boolean }> } | undefined {
  if (!vm) return undefined;
  const users = asObject(asObject(vm.meta.guest).users);
  const out: Record<string, { sshKeys: string[]; sudo: boolean; passwordSet?: boolean }> = {};
  for (const [name, u] of Object.entries(users)) {
    const user = asObject(u);
    out[name] = {
      sshKeys: Array.isArray(user.sshKeys) ? user.sshKeys.map(String) : [],
      sudo: user.sudo === true,
      ...(user.passwordSet === true ? { passwordSet: true } : {}),
    };
  }
  return { users: out };
}
