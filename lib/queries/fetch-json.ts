/** Client-side fetch of our envelope API; throws ApiError with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly traceId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body = (await res.json().catch(() => null)) as {
    status?: string;
    data?: T;
    message?: string;
    details?: unknown;
    trace_id?: string;
  } | null;
  if (!res.ok || body?.status !== "success") {
    throw new ApiError(res.status, body?.message ?? `Request failed (${res.status})`, body?.details, body?.trace_id);
  }
  return body.data as T;
}
