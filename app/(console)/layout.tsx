import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { requireUser } from "@/lib/auth/actor";
import { signOutAction } from "./actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AppHeader user={user} signOutAction={signOutAction} />
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </>
  );
}
