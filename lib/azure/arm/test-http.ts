import { request } from "node:https";

/** Raw HTTPS call to a simulator (admin API, schema checks); trusts only its certificate. */
export function rawRequest(
  base: string,
  caPem: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: "Bearer test" },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary ARM JSON by path
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method, ca: caPem, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}
