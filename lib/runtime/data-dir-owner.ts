/**
 * PGlite has no cross-process locking (ARCHITECTURE.md G9): the server that opens the embedded
 * database records itself here, and other local programs (the token CLI) talk to it instead.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface OwnerRecord {
  pid: number;
  /** The HTTP port the server listens on, so local programs can reach it. */
  port: number;
  secret: string;
}

const file = (dataDir: string) => path.join(dataDir, "server-owner.json");

export function claimDataDir(dataDir: string, port: number): OwnerRecord {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const record = { pid: process.pid, port, secret: randomBytes(24).toString("base64url") };
  writeFileSync(file(dataDir), JSON.stringify(record), { mode: 0o600 });
  const release = () => {
    try {
      if (readOwner(dataDir)?.pid === process.pid) rmSync(file(dataDir));
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return record;
}

export function readOwner(dataDir: string): OwnerRecord | undefined {
  try {
    const rec = JSON.parse(readFileSync(file(dataDir), "utf8")) as OwnerRecord;
    process.kill(rec.pid, 0); // throws when no such process: a stale record from a killed server
    return rec;
  } catch {
    return undefined;
  }
}

export function isOwnerSecret(dataDir: string, presented: string | null): boolean {
  const rec = readOwner(dataDir);
  if (!rec || rec.pid !== process.pid || !presented) return false;
  const a = Buffer.from(rec.secret);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
