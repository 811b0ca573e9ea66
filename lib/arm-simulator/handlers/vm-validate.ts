import { ArmError, badRequest, invalidParameter } from "../errors";
import { asArray, asObject, asString } from "../http";
import type { JsonObject } from "../types";
import { findSize, type VmSize } from "./catalog";

/** Marketplace images the simulator can "boot" (publisher, offer, sku; any version). */
export const IMAGES = [
  ["Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"],
  ["Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts"],
  ["Canonical", "ubuntu-24_04-lts", "server"],
  ["Canonical", "0001-com-ubuntu-server-focal", "20_04-lts-gen2"],
  ["Debian", "debian-12", "12-gen2"],
] as const;

/** Azure's list of reserved Linux/Windows admin names (ARM-REFERENCE §3.2). */
const FORBIDDEN_USERS = new Set([
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
]);

function readString(buf: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return { value: buf.subarray(offset + 4, offset + 4 + len), next: offset + 4 + len };
}

/** OpenSSH public key check: known type, base64 blob whose inner type matches, RSA ≥ 2048 bits. */
export function isValidSshKey(keyData: string): boolean {
  const parts = keyData.trim().split(/\s+/);
  const [type, b64] = parts;
  if (!type || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  if (!["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"].includes(type))
    return false;
  const blob = Buffer.from(b64, "base64");
  const inner = readString(blob, 0);
  if (!inner || inner.value.toString("latin1") !== type) return false;
  if (type !== "ssh-rsa") return blob.length > inner.next + 4;
  const e = readString(blob, inner.next);
  const n = e ? readString(blob, e.next) : undefined;
  if (!n) return false;
  const bytes = n.value[0] === 0 ? n.value.length - 1 : n.value.length;
  return bytes * 8 >= 2048;
}

function checkImage(storage: JsonObject): void {
  const ref = asObject(storage.imageReference);
  const [pub, offer, sku] = [asString(ref.publisher), asString(ref.offer), asString(ref.sku)];
  const ok = IMAGES.some(([p, o, s]) => p.toLowerCase() === pub?.toLowerCase() && o === offer && s === sku);
  if (!ok) {
    throw new ArmError(
      404,
      "PlatformImageNotFound",
      `The platform image '${pub}:${offer}:${sku}:${asString(ref.version) ?? "latest"}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`,
    );
  }
}

function checkOsProfile(os: JsonObject): void {
  const user = asString(os.adminUsername);
  if (!user) throw invalidParameter("adminUsername", "Required parameter 'adminUsername' is missing (null).");
  if (FORBIDDEN_USERS.has(user.toLowerCase()) || !/^[a-z_][a-z0-9_.-]{0,63}$/i.test(user) || user.endsWith(".")) {
    throw invalidParameter("adminUsername", "The Admin Username specified is not allowed.");
  }
  const linux = asObject(os.linuxConfiguration);
  const keys = asArray(asObject(linux.ssh).publicKeys).map((k) => asObject(k));
  if (linux.disablePasswordAuthentication === true && keys.length === 0) {
    throw invalidParameter(
      "linuxConfiguration.ssh.publicKeys",
      "Authentication using either SSH or by user name and password must be enabled in Linux profile.",
    );
  }
  if (linux.disablePasswordAuthentication !== true && !asString(os.adminPassword) && keys.length === 0) {
    throw invalidParameter("adminPassword", "Required parameter 'adminPassword' is missing (null).");
  }
  for (const key of keys) {
    if (!isValidSshKey(asString(key.keyData) ?? ""))
      throw invalidParameter("linuxConfiguration.ssh.publicKeys.keyData");
    if (asString(key.path) !== `/home/${user}/.ssh/authorized_keys`)
      throw invalidParameter("linuxConfiguration.ssh.publicKeys.path");
  }
  const customData = asString(os.customData);
  if (
    customData !== undefined &&
    (!/^[A-Za-z0-9+/]*={0,2}$/.test(customData) || customData.length % 4 !== 0 || customData.length > 87380)
  ) {
    throw invalidParameter(
      "customData",
      "Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.",
    );
  }
}

/** Synchronous VM PUT checks other than NICs and quota; returns the size. */
export function validateVmBody(body: JsonObject): VmSize {
  const p = asObject(body.properties);
  const sizeName = asString(asObject(p.hardwareProfile).vmSize);
  const size = findSize(sizeName);
  if (!size)
    throw invalidParameter(
      "vmSize",
      `The value ${sizeName ?? "(null)"} provided for the VM size is not valid. The valid sizes in the current region are: Standard_B1s, Standard_B2s, Standard_D2s_v3, ... Find out more on the available VM sizes at https://aka.ms/azure-regionservices.`,
    );
  const storage = asObject(p.storageProfile);
  checkImage(storage);
  const osDisk = asObject(storage.osDisk);
  if (osDisk.createOption !== undefined && String(osDisk.createOption).toLowerCase() !== "fromimage") {
    throw invalidParameter(
      "osDisk.createOption",
      "Only FromImage is supported for an OS disk created with a marketplace image.",
    );
  }
  checkOsProfile(asObject(p.osProfile));
  const nics = asArray(asObject(p.networkProfile).networkInterfaces);
  if (nics.length === 0) throw badRequest("InvalidParameter", "At least one network interface is required.");
  return size;
}
