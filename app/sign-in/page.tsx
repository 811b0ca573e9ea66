import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { getActor } from "@/lib/auth/actor";
import { DEV_USERS } from "@/lib/auth/users";
import { env, isDevSignInEnabled } from "@/lib/env";
import { devSignIn, entraSignIn } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  CredentialsSignin: "That account cannot sign in here.",
  AccessDenied: "Access was denied.",
  AccountInUse: "Another account already uses this e-mail address. Ask an admin to remove it, then sign in again.",
  Configuration: "Sign-in is misconfigured on the server. Check the server log.",
  RateLimited: "Too many sign-in attempts for this account. Wait a minute and try again.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  if (await getActor()) redirect("/");
  const dev = isDevSignInEnabled();
  const entra = Boolean(env().AUTH_MICROSOFT_ENTRA_ID_ID && env().AUTH_MICROSOFT_ENTRA_ID_SECRET);
  const callbackUrl = params.callbackUrl ?? "/";
  // Own keys only: `?error=constructor` must not reach Object.prototype.
  const error = params.error ? (Object.hasOwn(ERRORS, params.error) ? ERRORS[params.error] : "Sign-in failed.") : null;

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md rounded-xl border border-line bg-surface p-8 shadow-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Hub-Spoke Console</h1>
        <p className="mt-1 text-sm text-muted">Sign in to provision and manage spokes on the hub network.</p>
        {error ? (
          <p
            role="alert"
            className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            {error}
          </p>
        ) : null}
        {entra ? (
          <form action={entraSignIn} className="mt-6">
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button type="submit" className="w-full">
              Sign in with Microsoft Entra ID
            </Button>
          </form>
        ) : null}
        {dev ? (
          <section aria-labelledby="dev-heading" className="mt-6">
            <h2 id="dev-heading" className="text-sm font-semibold">
              Development sign-in
            </h2>
            <p className="mt-1 text-xs text-muted">Simulator mode only. Choose a seeded user.</p>
            <ul className="mt-3 space-y-2">
              {DEV_USERS.map((u) => (
                <li key={u.email}>
                  <form action={devSignIn}>
                    <input type="hidden" name="email" value={u.email} />
                    <input type="hidden" name="callbackUrl" value={callbackUrl} />
                    <Button type="submit" variant="secondary" className="w-full justify-between">
                      <span>Sign in as {u.name}</span>
                      <span className="text-xs text-muted">
                        {u.email} · {u.role}
                      </span>
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {!dev && !entra ? (
          <p className="mt-6 text-sm text-muted">
            No sign-in method is configured. Set the Microsoft Entra ID settings (see .env.example).
          </p>
        ) : null}
      </div>
    </main>
  );
}
