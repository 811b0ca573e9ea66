import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON body, refusing oversized, non-JSON and malformed bodies with a clear 4xx.
 * With `optional`, an empty body reads as undefined instead of a 400.
 */
export async function readJson(
  req: NextRequest,
  maxBytes = MAX_BODY_BYTES,
  opts: { optional?: boolean } = {},
): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes`);
  const type = req.headers.get("content-type") ?? "";
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk.value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) {
    if (opts.optional) return undefined;
    throw new AppError("bad_request", "The request body must be a JSON object");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Invalid JSON body");
  }
}
