import type { Json, JsonObject, ResourceRecord } from "./types";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** A long-running operation. Data only, so it survives a snapshot and restart. */
export interface OperationRecord {
  id: string;
  namespace: string;
  location: string;
  /** e.g. "PutVirtualNetworkOperation" (appears in conflict messages). */
  name: string;
  resourceId: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  /** Epoch ms at which the operation completes. */
  dueAt: number;
  /** Key into the effect registry, run at completion. */
  effect: string;
  args: JsonObject;
  error?: JsonObject;
  /** Body and status served from the Location URL once done (POST actions). */
  result?: Json;
  resultStatus?: number;
}

export interface NicReservation {
  vmId: string;
  until: number;
}

/** The whole "cloud": tracked resources (children inside their parent's body) and operations. */
export class State {
  resources = new Map<string, ResourceRecord>();
  operations = new Map<string, OperationRecord>();
  nicReservations = new Map<string, NicReservation>();
  /** vCPU quota limits by "location/name" (lower case), overriding the defaults. */
  quotaOverrides: Record<string, number> = {};
  counters = { publicIp: 0, mac: 0 };

  get(id: string): ResourceRecord | undefined {
    return this.resources.get(id.toLowerCase());
  }

  put(record: ResourceRecord): void {
    this.resources.set(record.id.toLowerCase(), record);
  }

  remove(id: string): boolean {
    return this.resources.delete(id.toLowerCase());
  }

  /** Tracked resources of a type, optionally inside one id prefix (subscription or resource group). */
  list(type?: string, prefix?: string): ResourceRecord[] {
    const p = prefix ? `${prefix.toLowerCase()}/` : undefined;
    const out: ResourceRecord[] = [];
    for (const [key, rec] of this.resources) {
      if (type && rec.type.toLowerCase() !== type.toLowerCase()) continue;
      if (p && !key.startsWith(p)) continue;
      out.push(rec);
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  clear(): void {
    this.resources.clear();
    this.operations.clear();
    this.nicReservations.clear();
    this.quotaOverrides = {};
    this.counters = { publicIp: 0, mac: 0 };
  }

  toJSON(): JsonObject {
    const ops = [...this.operations.values()].slice(-5000);
    return {
      version: 1,
      resources: [...this.resources.values()] as unknown as Json[],
      operations: ops as unknown as Json[],
      nicReservations: Object.fromEntries(this.nicReservations) as unknown as JsonObject,
      quotaOverrides: this.quotaOverrides,
      counters: this.counters,
    };
  }

  load(data: JsonObject): void {
    this.clear();
    // safe because the snapshot was written by toJSON above
    const d = data as unknown as {
      resources?: ResourceRecord[];
      operations?: OperationRecord[];
      nicReservations?: Record<string, NicReservation>;
      quotaOverrides?: Record<string, number>;
      counters?: { publicIp: number; mac: number };
    };
    for (const r of d.resources ?? []) this.put(r);
    for (const o of d.operations ?? []) this.operations.set(o.id, o);
    for (const [k, v] of Object.entries(d.nicReservations ?? {})) this.nicReservations.set(k, v);
    this.quotaOverrides = d.quotaOverrides ?? {};
    this.counters = d.counters ?? { publicIp: 0, mac: 0 };
  }
}
