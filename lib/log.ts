/** Structured one-line JSON logs. Never pass secrets (tokens, keys) in fields. */
import { AsyncLocalStorage } from "node:async_hooks";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = "info";
export function setLogLevel(level: Level) {
  threshold = level;
}

/**
 * Fields every line carries while some work runs (a deployment job: deploymentId, spoke, traceId),
 * whatever module logs, without passing them through every call.
 */
const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs fn with these fields added to every log line written inside it (nested contexts merge). */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** Adds fields to the current context (e.g. the spoke number once the deployment is loaded). */
export function addLogContext(fields: Record<string, unknown>): void {
  const store = context.getStore();
  if (store) Object.assign(store, fields);
}

/** The current context's fields (empty outside any), e.g. to put the trace id into a payload. */
export function logContext(): Record<string, unknown> {
  return { ...context.getStore() };
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...context.getStore(), ...fields });
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

export const log = {
  debug: (m: string, f?: Record<string, unknown>) => write("debug", m, f),
  info: (m: string, f?: Record<string, unknown>) => write("info", m, f),
  warn: (m: string, f?: Record<string, unknown>) => write("warn", m, f),
  error: (m: string, f?: Record<string, unknown>) => write("error", m, f),
};
