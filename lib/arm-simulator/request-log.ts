/** Counts of requests by method and operation, for ARM budget checks (/_sim/requests). */
export class RequestLog {
  private byMethod = new Map<string, number>();
  private byOperation = new Map<string, number>();
  private byMethodOperation = new Map<string, number>();
  private throttled = 0;
  private total = 0;
  private recent: { at: string; method: string; operation: string; path: string; status: number }[] = [];

  record(method: string, operation: string, path: string, status: number): void {
    this.total += 1;
    if (status === 429) this.throttled += 1;
    bump(this.byMethod, method);
    bump(this.byOperation, operation);
    bump(this.byMethodOperation, `${method} ${operation}`);
    this.recent.push({ at: new Date().toISOString(), method, operation, path, status });
    if (this.recent.length > 500) this.recent.shift();
  }

  count(filter: { method?: string; operation?: string }): number {
    if (filter.method && filter.operation)
      return this.byMethodOperation.get(`${filter.method} ${filter.operation}`) ?? 0;
    if (filter.method) return this.byMethod.get(filter.method) ?? 0;
    if (filter.operation) return this.byOperation.get(filter.operation) ?? 0;
    return this.total;
  }

  snapshot() {
    const writes =
      (this.byMethod.get("PUT") ?? 0) + (this.byMethod.get("PATCH") ?? 0) + (this.byMethod.get("POST") ?? 0);
    return {
      total: this.total,
      writes,
      deletes: this.byMethod.get("DELETE") ?? 0,
      throttled: this.throttled,
      byMethod: Object.fromEntries(this.byMethod),
      byOperation: Object.fromEntries(this.byOperation),
      byMethodAndOperation: Object.fromEntries(this.byMethodOperation),
      recent: [...this.recent],
    };
  }

  reset(): void {
    this.byMethod.clear();
    this.byOperation.clear();
    this.byMethodOperation.clear();
    this.throttled = 0;
    this.total = 0;
    this.recent = [];
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
