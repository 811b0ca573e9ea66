import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  sessionsRevokedAt: Date | null;
}

export function UserTable({ users, revokeAction }: { users: AdminUserRow[]; revokeAction: (fd: FormData) => Promise<unknown> }) {
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
              <form action={async (fd) => { await revokeAction(fd); }}>
                <input type="hidden" name="userId" value={u.id} />
                <Button type="submit" variant="secondary" size="sm" aria-label={`Revoke all sessions of ${u.email}`}>Revoke sessions</Button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
