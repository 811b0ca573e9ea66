import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TableHead } from "@/components/ui/table";
import type { ActionResult } from "@/lib/http/action-result";

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  isExpired: boolean;
  revokedAt: Date | null;
}

const fmt = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "never");

export function TokenTable({
  tokens,
  revokeAction,
}: {
  tokens: TokenRow[];
  revokeAction: (fd: FormData) => Promise<ActionResult<unknown>>;
}) {
  if (tokens.length === 0) return <p className="text-sm text-muted">You have no API tokens.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Your API tokens</caption>
      <TableHead
        variant="plain"
        cellClassName="py-2"
        columns={[
          "Name",
          "Prefix",
          "Created",
          "Last used",
          "Expires",
          <span key="actions" className="sr-only">
            Actions
          </span>,
        ]}
      />
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} className="border-t border-line">
            <td className="py-2 font-medium">{t.name}</td>
            <td className="py-2 font-mono text-xs">{t.prefix}…</td>
            <td className="py-2 text-muted">{fmt(t.createdAt)}</td>
            <td className="py-2 text-muted">{fmt(t.lastUsedAt)}</td>
            <td className="py-2 text-muted">{fmt(t.expiresAt)}</td>
            <td className="py-2 text-right">
              {t.revokedAt ? (
                <Badge>revoked</Badge>
              ) : t.isExpired ? (
                <Badge>expired</Badge>
              ) : (
                <ActionForm action={revokeAction}>
                  <input type="hidden" name="tokenId" value={t.id} />
                  <Button type="submit" variant="secondary" size="sm" aria-label={`Revoke token ${t.name}`}>
                    Revoke
                  </Button>
                </ActionForm>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
