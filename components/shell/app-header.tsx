import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NavLinks, type NavItem } from "./nav-links";

export function AppHeader({
  user,
  signOutAction,
}: {
  user: { name: string; email: string; role: "user" | "admin" };
  signOutAction: () => Promise<void>;
}) {
  const items: NavItem[] = [
    { href: "/", label: "Spokes" },
    { href: "/topology", label: "Topology" },
    ...(user.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
    { href: "/settings", label: "Settings" },
  ];
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          {/* decorative: the product name follows */}
          <img src="/favicon.svg" alt="" width={22} height={22} />
          Hub-Spoke Console
        </Link>
        <NavLinks items={items} />
        <div className="ml-auto flex items-center gap-3">
          <div className="text-right leading-tight">
            <div className="text-sm font-medium" data-testid="current-user">
              {user.name}
            </div>
            <div className="text-xs text-muted">{user.email}</div>
          </div>
          {user.role === "admin" ? <Badge tone="info">admin</Badge> : null}
          <form action={signOutAction}>
            <Button type="submit" variant="secondary" size="sm">
              Sign out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
