import { hasRole, requireUser } from "@/lib/auth/caller";
import { Inbox } from "@/components/inbox/inbox";

export const metadata = { title: "Inbox · Kefu" };

export default async function InboxPage() {
  const user = await requireUser("agent");
  return <Inbox me={{ id: user.userId, name: user.name, admin: hasRole(user.role, "admin") }} />;
}
