import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UserTable } from "@/components/admin/user-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { isAdmin, requireUser } from "@/lib/auth/actor";
import { listUsers } from "@/lib/auth/list-users";
import { revokeSessionsAction } from "./actions";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requireUser();
  if (!isAdmin(actor)) notFound();
  const users = await listUsers({ ctx: { actor, db: await getDb() } });
  return (
    <>
      <PageHeader title="Admin" description="Users and their sessions." />
      <Card>
        <CardHeader title="Users" description="Revoking sessions signs the user out everywhere on their next request." />
        <div className="p-5">
          <UserTable users={users} revokeAction={revokeSessionsAction} />
        </div>
      </Card>
    </>
  );
}
