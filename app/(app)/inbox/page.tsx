import { getTranslations } from "next-intl/server";
import { hasRole, requireUser } from "@/lib/auth/caller";
import { Inbox } from "@/components/inbox/inbox";

export async function generateMetadata() {
  return { title: (await getTranslations("inbox"))("pageTitle") };
}

export default async function InboxPage() {
  const user = await requireUser("agent");
  return <Inbox me={{ id: user.userId, name: user.name, admin: hasRole(user.role, "admin") }} />;
}
