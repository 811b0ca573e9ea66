import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { TableHead } from "@/components/ui/table";
import type { ActionResult } from "@/lib/http/action-result";

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  sessionsRevokedAt: Date | null;
}

type FormAction = (fd: FormData) => Promise<ActionResult<unknown>>;

export function UserTable({
  users,
  revokeAction,
  roleAction,
  selfId,
}: {
  users: AdminUserRow[];
  revokeAction: FormAction;
  roleAction: FormAction;
  selfId: string;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Users</caption>
      <TableHead
        variant="plain"
        cellClassName="py-2"
        columns={[
          "User",
          "Role",
          "Sessions revoked",
          <span key="actions" className="sr-only">
            Actions
          </span>,
        ]}
      />
      <tbody>
        {users.map((u) => (
          <tr key={u.id} className="border-t border-line">
            <td className="py-2">
              <div className="font-medium">{u.name}</div>
              <div className="text-xs text-muted">{u.email}</div>
            </td>
            <td className="py-2">
              <Badge tone={u.role === "admin" ? "info" : "neutral"}>{u.role}</Badge>
            </td>
            <td className="py-2 text-muted">
              {u.sessionsRevokedAt ? u.sessionsRevokedAt.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—"}
            </td>
            <td className="py-2">
              <div className="flex justify-end gap-2">
                {u.id === selfId ? null : (
                  <ActionForm action={roleAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="role" value={u.role === "admin" ? "user" : "admin"} />
                    <Button
                      type="submit"
                      variant="secondary"
                      size="sm"
                      aria-label={`${u.role === "admin" ? "Remove admin from" : "Make admin"} ${u.email}`}
                    >
                      {u.role === "admin" ? "Remove admin" : "Make admin"}
                    </Button>
                  </ActionForm>
                )}
                <ActionForm action={revokeAction}>
                  <input type="hidden" name="userId" value={u.id} />
                  <Button type="submit" variant="secondary" size="sm" aria-label={`Revoke all sessions of ${u.email}`}>
                    Revoke all sessions
                  </Button>
                </ActionForm>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
