import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

async function create(): Promise<{ key: string; cert: string }> {
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
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A self-signed certificate for localhost/127.0.0.1, generated once and kept in the data dir. */
export async function loadOrCreateCert(dataDir?: string): Promise<SimCert> {
  if (!dataDir) return create();
  // Holds the TLS private key: readable by this user only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const certFile = join(dataDir, CERT_FILE);
  const keyFile = join(dataDir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8"), certFile };
  }
  const { key, cert } = await create();
  writeFileSync(keyFile, key, { mode: 0o600 });
  writeFileSync(certFile, cert);
  return { key, cert, certFile };
}
