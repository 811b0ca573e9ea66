/**
 * Client names become Azure resource names and a DNS label (`{client}.{AGW_BASE_DOMAIN}`), so
 * they are reduced to lowercase `[a-z0-9-]`, 3–50 characters, no hyphen at either end.
 */

export const CLIENT_NAME_MIN_LENGTH = 3;
export const CLIENT_NAME_MAX_LENGTH = 50;
export const CLIENT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export type ClientNameResult = { ok: true; name: string; wasChanged: boolean } | { ok: false; error: string };

/**
 * "Contoso Ltd." → "contoso-ltd"; accents are folded ("Café" → "cafe"), runs of other characters
 * become one hyphen. Too long names are cut, not refused: the form shows the result.
 */
export function sanitizeClientName(input: unknown): ClientNameResult {
  if (typeof input !== "string" || input.trim() === "") return { ok: false, error: "client_name is required" };
  const folded = input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const name = folded
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, CLIENT_NAME_MAX_LENGTH)
    .replace(/-+$/, "");
  if (name.length < CLIENT_NAME_MIN_LENGTH) {
    return {
      ok: false,
      error: `client_name must contain at least ${CLIENT_NAME_MIN_LENGTH} letters or digits (got "${input}")`,
    };
  }
  return { ok: true, name, wasChanged: name !== input };
}

/** For already-stored names: true only for a name sanitizeClientName would leave unchanged. */
export function isValidClientName(name: string): boolean {
  return (
    name.length >= CLIENT_NAME_MIN_LENGTH && name.length <= CLIENT_NAME_MAX_LENGTH && CLIENT_NAME_PATTERN.test(name)
  );
}
