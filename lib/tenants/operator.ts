import { db } from "../db/client";
import { env } from "../env";
import { hasRole } from "../auth/resolve";
import type { Role } from ".";

/**
 * The server's own workspace. What every workspace on the server shares (the models folder, the loaded models) is
 * changed only by its admins: an admin of a customer workspace must not be able to unload, replace or delete the model
 * that answers every other workspace. KEFU_OPERATOR_TENANT names it by slug; by default it is the first workspace
 * created on this server (the one `npm start` seeds, whose first admin is printed at first start).
 */
export async function operatorTenant(): Promise<{ id: string; name: string } | null> {
  const slug = env().KEFU_OPERATOR_TENANT;
  const select = { id: true, name: true } as const;
  return slug
    ? db().tenant.findUnique({ where: { slug }, select })
    : db().tenant.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select });
}

/** An admin (or owner) of the server's own workspace. */
export async function isOperator(caller: { tenantId: string; role: Role }): Promise<boolean> {
  if (!hasRole(caller.role, "admin")) return false;
  return (await operatorTenant())?.id === caller.tenantId;
}
