import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  sessionsRevokedAt: Date | null;
}

export function UserTable({ users, revokeAction }: { users: AdminUserRow[]; revokeAction: (fd: FormData) => Promise<ActionResult<unknown>> }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Users</caption>
      <thead className="text-xs uppercase text-muted">
        <tr>
          <th scope="col" className="py-2">User</th>
          <th scope="col" className="py-2">Role</th>
          <th scope="col" className="py-2">Sessions revoked</th>
          <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id} className="border-t border-line">
            <td className="py-2"><div className="font-medium">{u.name}</div><div className="text-xs text-muted">{u.email}</div></td>
            <td className="py-2"><Badge tone={u.role === "admin" ? "info" : "neutral"}>{u.role}</Badge></td>
            <td className="py-2 text-muted">{u.sessionsRevokedAt ? u.sessionsRevokedAt.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—"}</td>
            <td className="py-2 text-right">
              <ActionForm action={revokeAction}>
                <input type="hidden" name="userId" value={u.id} />
                <Button type="submit" variant="secondary" size="sm" aria-label={`Revoke all sessions of ${u.email}`}>Revoke all sessions</Button>
              </ActionForm>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
