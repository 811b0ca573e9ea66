import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface SimCert {
  key: string;
  cert: string;
  /** Path of the PEM to trust (the certificate is its own CA); absent in memory-only mode. */
  certFile?: string;
}

const CERT_FILE = "ca.pem";
const KEY_FILE = "key.pem";

/** Names the certificate is valid for: always localhost and 127.0.0.1, plus the extra hosts. */
function altNames(hosts: string[]) {
  const names = [...new Set(["localhost", "127.0.0.1", ...hosts])];
  return names.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
}

function covers(certPem: string, hosts: string[]): boolean {
  const x509 = new X509Certificate(certPem);
  return hosts.every((h) => (isIP(h) ? x509.checkIP(h) : x509.checkHost(h)) !== undefined);
}

async function create(hosts: string[]): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 825 * 24 * 3600 * 1000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: altNames(hosts) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * A self-signed certificate for localhost/127.0.0.1 and `hosts` (the names other machines or
 * containers reach the simulator by), generated once and kept in the data dir; made again only
 * when the kept one does not cover a requested host.
 */
export async function loadOrCreateCert(dataDir?: string, hosts: string[] = []): Promise<SimCert> {
  if (!dataDir) return create(hosts);
  // Holds the TLS private key: readable by this user only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const certFile = join(dataDir, CERT_FILE);
  const keyFile = join(dataDir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    const kept = { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8"), certFile };
    if (covers(kept.cert, hosts)) return kept;
  }
  const { key, cert } = await create(hosts);
  writeFileSync(keyFile, key, { mode: 0o600 });
  writeFileSync(certFile, cert);
  return { key, cert, certFile };
}
