import { describe, expect, it } from "vitest";
import { sshKeyFingerprint } from "./ssh-fingerprint";
import { parseSshPublicKey, sshPublicKeyError } from "./ssh-key";
import { SSH_KEY_FIXTURES } from "./ssh-key-fixtures";

const VALID = ["rsa2048", "ed25519", "ecdsa256", "ecdsa384", "ecdsa521"] as const;

/** Rebuilds a key line with a different declared type or a tampered blob. */
function withBlob(line: string, edit: (blob: Uint8Array) => Uint8Array, type?: string): string {
  const [declared, data] = line.split(" ");
  const blob = Uint8Array.from(atob(data ?? ""), (c) => c.charCodeAt(0));
  return `${type ?? declared} ${btoa(String.fromCharCode(...edit(blob)))}`;
}

describe("parseSshPublicKey", () => {
  it.each(VALID)("accepts the %s fixture with its size and comment", (name) => {
    const fixture = SSH_KEY_FIXTURES[name];
    const result = parseSshPublicKey(`  ${fixture.line}\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.key.bits).toBe(fixture.bits);
    expect(result.key.type).toBe(fixture.line.split(" ")[0]);
    expect(result.key.comment).toBe(fixture.line.split(" ").slice(2).join(" "));
    expect(result.key.normalized).toBe(fixture.line.split(" ").slice(0, 2).join(" "));
  });

  it("accepts a key without a comment", () => {
    const line = SSH_KEY_FIXTURES.ed25519.line.split(" ").slice(0, 2).join(" ");
    expect(sshPublicKeyError(line)).toBeNull();
  });

  it("refuses RSA keys under 2048 bits, saying how big the key is", () => {
    expect(sshPublicKeyError(SSH_KEY_FIXTURES.rsa1024.line)).toMatch(/at least 2048 bits \(this one is 1024\)/);
  });

  it("refuses a key whose blob says another type", () => {
    const [, ed25519Data] = SSH_KEY_FIXTURES.ed25519.line.split(" ");
    expect(sshPublicKeyError(`ssh-rsa ${ed25519Data}`)).toMatch(/says "ssh-rsa" but contains "ssh-ed25519"/);
  });

  it("refuses an ECDSA key declared with the wrong curve", () => {
    const [, p256Data] = SSH_KEY_FIXTURES.ecdsa256.line.split(" ");
    expect(sshPublicKeyError(`ecdsa-sha2-nistp384 ${p256Data}`)).toMatch(/does not match its type/);
  });

  it.each([
    ["truncated paste", (b: Uint8Array) => b.subarray(0, b.length - 10), /truncated/],
    ["trailing bytes", (b: Uint8Array) => Uint8Array.from([...b, 0, 0, 0, 0]), /unexpected data/],
    ["length beyond the end", (b: Uint8Array) => Uint8Array.from([0xff, ...b.subarray(1)]), /does not match its type/],
  ])("refuses a %s", (_, edit, message) => {
    expect(sshPublicKeyError(withBlob(SSH_KEY_FIXTURES.ed25519.line, edit))).toMatch(message);
    expect(sshPublicKeyError(withBlob(SSH_KEY_FIXTURES.rsa2048.line, edit))).toMatch(message);
  });

  it.each([
    [undefined, /required/],
    ["", /required/],
    ["ssh-dss AAAAB3NzaC1kc3M=", /Unsupported key type "ssh-dss"/],
    ["AAAAC3NzaC1lZDI1NTE5AAAAI", /Unsupported key type/],
    ["ssh-ed25519 not*base64", /not valid base64/],
    ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", /not valid base64/],
    ["ssh-ed25519", /not valid base64/],
    ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn==\n-----END OPENSSH PRIVATE KEY-----", /private key/],
    ["---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", /ssh-keygen -i/],
    ["-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", /PKCS8/],
    [`${SSH_KEY_FIXTURES.ed25519.line}\n${SSH_KEY_FIXTURES.ecdsa256.line}`, /exactly one/],
  ])("refuses %j with a helpful message", (input, message) => {
    expect(sshPublicKeyError(input)).toMatch(message);
  });
});

describe("sshKeyFingerprint", () => {
  it.each([...VALID, "rsa1024"] as const)("matches ssh-keygen -lf for %s", async (name) => {
    const fixture = SSH_KEY_FIXTURES[name];
    const blob = Uint8Array.from(atob(fixture.line.split(" ")[1] ?? ""), (c) => c.charCodeAt(0));
    const type = "ssh-rsa" as const;
    const fingerprint = await sshKeyFingerprint({ type, bits: 0, blob, comment: "", normalized: "" });
    expect(fingerprint).toBe(fixture.fingerprint);
  });

  it("accepts a key line directly and throws on an invalid one", async () => {
    await expect(sshKeyFingerprint(SSH_KEY_FIXTURES.ed25519.line)).resolves.toBe(SSH_KEY_FIXTURES.ed25519.fingerprint);
    await expect(sshKeyFingerprint("ssh-rsa no*pe")).rejects.toThrow(/base64/);
  });
});
