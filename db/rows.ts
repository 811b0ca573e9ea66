/** Hides the two drivers' differences (ARCHITECTURE.md G13). */

/** Rows of a db.execute() result: PGlite returns { rows }, postgres.js an array. */
export function rows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const r = (result as { rows?: unknown }).rows;
  return Array.isArray(r) ? (r as T[]) : [];
}

function pgError(err: unknown): { code?: string; constraint?: string } | undefined {
  // Drizzle wraps driver errors (DrizzleQueryError) with the driver's error as `cause`.
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const o = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof o.code === "string" && /^[0-9A-Z]{5}$/.test(o.code)) {
      const constraint = (o.constraint ?? o.constraint_name) as string | undefined;
      return { code: o.code, constraint };
    }
    e = o.cause;
  }
  return undefined;
}

/** The violated constraint's name when err is a unique violation (23505), else undefined. */
export function uniqueViolation(err: unknown): string | undefined {
  const e = pgError(err);
  return e?.code === "23505" ? (e.constraint ?? "") : undefined;
}
