/**
 * SHA-256 fingerprint of an SSH public key exactly as `ssh-keygen -lf` prints it
 * ("SHA256:" + unpadded base64). Web Crypto, so the browser can show it while the user types.
 */
import { parseSshPublicKey, type SshPublicKey } from "./ssh-key";

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function sshKeyFingerprint(key: SshPublicKey | string): Promise<string> {
  let parsed: SshPublicKey;
  if (typeof key === "string") {
    const result = parseSshPublicKey(key);
    if (!result.ok) throw new Error(result.error);
    parsed = result.key;
  } else {
    parsed = key;
  }
  // Copy into a fresh ArrayBuffer-backed view: digest() refuses views over SharedArrayBuffer.
  const digest = await crypto.subtle.digest("SHA-256", new Uint8Array(parsed.blob));
  return `SHA256:${toBase64(new Uint8Array(digest)).replace(/=+$/, "")}`;
}
