import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { TokenTable } from "@/components/settings/token-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/actor";
import { listApiTokens } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { actorCtx } from "@/lib/http/auth-ctx";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireUser();
  const tokens = await listApiTokens({ ctx: await actorCtx(actor) });
  return (
    <>
      <PageHeader title="Settings" description={`Signed in as ${actor.email} (${actor.role}).`} />
      <Card>
        <CardHeader
          title="API tokens"
          description={
            <>
              Personal tokens for the REST API: <code className="font-mono">Authorization: Bearer hsc_…</code>. They act
              as you.
            </>
          }
        />
        <div className="space-y-6 p-5">
          <CreateTokenForm action={createTokenAction} defaultDays={env().API_TOKEN_DEFAULT_DAYS} />
          <TokenTable tokens={tokens} revokeAction={revokeTokenAction} />
        </div>
      </Card>
    </>
  );
}
