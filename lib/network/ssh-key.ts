/**
 * OpenSSH public key validation without dependencies or node-only modules: the browser form
 * and the server's pre-flight run the same checks. The base64 blob is decoded and its embedded
 * type string must match the declared one — a truncated paste or a mislabeled key fails here
 * rather than as Azure's InvalidParameter after the VNet and NIC already exist.
 */

export const SSH_KEY_TYPES = [
  "ssh-rsa",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

/** Azure refuses shorter RSA keys. */
export const MIN_RSA_BITS = 2048;

export type SshPublicKey = {
  readonly type: SshKeyType;
  readonly bits: number;
  /** The decoded wire-format blob; its SHA-256 is the fingerprint. */
  readonly blob: Uint8Array;
  readonly comment: string;
  /** `type base64` without the comment, as Azure stores it. */
  readonly normalized: string;
};

export type SshKeyParseResult = { ok: true; key: SshPublicKey } | { ok: false; error: string };

/** ECDSA curve → uncompressed point length (0x04 || X || Y) and key size. */
const ECDSA_CURVES: Record<string, { pointLength: number; bits: number }> = {
  nistp256: { pointLength: 65, bits: 256 },
  nistp384: { pointLength: 97, bits: 384 },
  nistp521: { pointLength: 133, bits: 521 },
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  /** An SSH `string`: uint32 length then that many bytes; null when it runs past the end. */
  readString(): Uint8Array | null {
    if (this.offset + 4 > this.bytes.length) return null;
    const b = this.bytes;
    const o = this.offset;
    const length = (b[o] ?? 0) * 2 ** 24 + ((b[o + 1] ?? 0) << 16) + ((b[o + 2] ?? 0) << 8) + (b[o + 3] ?? 0);
    if (this.offset + 4 + length > this.bytes.length) return null;
    const value = this.bytes.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return value;
  }

  get isAtEnd(): boolean {
    return this.offset === this.bytes.length;
  }
}

function decodeBase64(text: string): Uint8Array | null {
  if (text.length === 0 || !BASE64.test(text)) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Bit length of an SSH mpint (big-endian, may carry a leading zero byte for sign). */
function mpintBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const first = bytes[i];
  if (first === undefined) return 0;
  return (bytes.length - i - 1) * 8 + Math.floor(Math.log2(first)) + 1;
}

/** Validates the body after the type string; returns the key size or an error. */
function readKeyBody(type: SshKeyType, reader: WireReader): { bits: number } | { error: string } {
  if (type === "ssh-rsa") {
    const exponent = reader.readString();
    const modulus = reader.readString();
    if (!exponent || !modulus || mpintBits(exponent) === 0) return { error: "the RSA key data is truncated" };
    const bits = mpintBits(modulus);
    if (bits < MIN_RSA_BITS) return { error: `RSA keys must be at least ${MIN_RSA_BITS} bits (this one is ${bits})` };
    return { bits };
  }
  if (type === "ssh-ed25519") {
    const point = reader.readString();
    return point?.length === 32 ? { bits: 256 } : { error: "the Ed25519 key data is truncated" };
  }
  const curveName = reader.readString();
  const point = reader.readString();
  const expectedCurve = type.slice("ecdsa-sha2-".length);
  if (!curveName || ascii(curveName) !== expectedCurve)
    return { error: `the ECDSA key does not name curve ${expectedCurve}` };
  const curve = ECDSA_CURVES[expectedCurve];
  if (!curve || point?.length !== curve.pointLength || point[0] !== 4)
    return { error: "the ECDSA key data is truncated" };
  return { bits: curve.bits };
}

function isSshKeyType(value: string): value is SshKeyType {
  return (SSH_KEY_TYPES as readonly string[]).includes(value);
}

/** Common wrong pastes get an answer that says what to paste instead. */
function wrongFormatError(text: string): string | null {
  if (text.includes("PRIVATE KEY"))
    return "This is a private key. Paste the public key (the .pub file) instead; never share the private key.";
  if (text.includes("BEGIN SSH2 PUBLIC KEY"))
    return "This key is in SSH2 (PuTTY) format. Convert it with `ssh-keygen -i -f key.pub` and paste the result.";
  if (text.includes("BEGIN PUBLIC KEY"))
    return "This is a PEM public key. Convert it with `ssh-keygen -i -m PKCS8 -f key.pem` and paste the result.";
  if (/\r?\n\s*\S/.test(text.trim())) return "Paste exactly one public key, on one line.";
  return null;
}

export function parseSshPublicKey(input: unknown): SshKeyParseResult {
  if (typeof input !== "string" || input.trim() === "") return { ok: false, error: "ssh_public_key is required" };
  const text = input.trim();
  const formatError = wrongFormatError(text);
  if (formatError) return { ok: false, error: formatError };
  const [type = "", data = "", ...commentParts] = text.split(/\s+/);
  if (!isSshKeyType(type)) {
    return {
      ok: false,
      error: `Unsupported key type "${type.slice(0, 40)}"; use ssh-ed25519, ssh-rsa (2048 bits or more) or ecdsa-sha2-nistp256/384/521.`,
    };
  }
  const blob = decodeBase64(data);
  if (!blob)
    return { ok: false, error: "The key data is not valid base64; the key may have been cut off when copying." };
  const reader = new WireReader(blob);
  const embedded = reader.readString();
  if (!embedded || ascii(embedded) !== type) {
    return {
      ok: false,
      error: `The key data does not match its type: it says "${type}" but contains ${embedded ? `"${ascii(embedded).slice(0, 40)}"` : "no type"}.`,
    };
  }
  const body = readKeyBody(type, reader);
  if ("error" in body) return { ok: false, error: `Invalid ${type} key: ${body.error}.` };
  if (!reader.isAtEnd) return { ok: false, error: `Invalid ${type} key: unexpected data after the key.` };
  return {
    ok: true,
    key: { type, bits: body.bits, blob, comment: commentParts.join(" "), normalized: `${type} ${data}` },
  };
}

/** Null when valid; otherwise a message fit for a form field. */
export function sshPublicKeyError(input: unknown): string | null {
  const result = parseSshPublicKey(input);
  return result.ok ? null : result.error;
}
