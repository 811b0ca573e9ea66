/** CLI → the local server that owns the embedded database, authenticated by the secret it wrote into the data dir. */
export async function ownerRequest(port: number, secret: string, route: string, body: unknown): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hsc-owner-secret": secret },
    body: JSON.stringify(body),
  });
  const parsed = (await res.json()) as { status: string; data?: unknown; message?: string };
  if (!res.ok) throw new Error(parsed.message ?? `server answered ${res.status}`);
  return parsed.data;
}
