import Link from "next/link";
import { requireUser, hasRole } from "@/lib/auth/caller";
import { getTenant } from "@/lib/tenants";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser("agent");
  const tenant = await getTenant(user.tenantId);
  const admin = hasRole(user.role, "admin");
  const links = [
    { href: "/inbox", label: "Inbox" },
    { href: "/settings/inbox", label: "Canned & routing" },
    ...(admin
      ? [
          { href: "/bots", label: "Bots" },
          { href: "/knowledge", label: "Knowledge" },
          { href: "/gaps", label: "Gaps" },
          { href: "/playground", label: "Playground" },
          { href: "/monitoring", label: "Monitoring" },
          { href: "/models", label: "Models" },
        ]
      : []),
  ];
  return (
    <div className="flex min-h-screen">
      <nav className="flex w-52 shrink-0 flex-col gap-1 border-r border-slate-200 bg-white p-4">
        <div className="mb-4">
          <div className="text-lg font-semibold">Kefu</div>
          <div className="text-xs text-slate-500" data-testid="tenant-name">{tenant?.name}</div>
        </div>
        {links.map((l) => (
          <Link key={l.href} href={l.href} className="rounded-md px-3 py-2 text-sm hover:bg-slate-100" data-testid={`nav-${l.label.toLowerCase()}`}>
            {l.label}
          </Link>
        ))}
        <div className="mt-auto text-xs text-slate-500">
          <div>{user.email}</div>
          <div className="mb-2">{user.role}</div>
          <SignOutButton />
        </div>
      </nav>
      <main className="min-w-0 flex-1 p-6">{children}</main>
    </div>
  );
}
