import { db } from "../db/client";
import { env } from "../env";
import { KefuError } from "../errors";
import { hasRole } from "../auth/resolve";
import type { Role } from ".";

/**
 * The server's own workspace. What every workspace on the server shares (the models folder, the loaded models) is
 * changed only by its admins: an admin of a customer workspace must not be able to unload, replace or delete the model
 * that answers every other workspace. KEFU_OPERATOR_TENANT names it by slug; by default it is the first workspace
 * created on this server (the one `npm start` seeds, whose first admin is printed at first start).
 */
async function operatorTenant(): Promise<{ id: string; name: string } | null> {
  const slug = env().KEFU_OPERATOR_TENANT;
  const select = { id: true, name: true } as const;
  return slug
    ? db().tenant.findUnique({ where: { slug }, select })
    : db().tenant.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select });
}

/** Whether the caller may change what every workspace shares, and the name of the workspace whose admins may. */
export async function operatorAccess(caller: { tenantId: string; role: Role }) {
  const own = await operatorTenant();
  return { canManage: hasRole(caller.role, "admin") && own?.id === caller.tenantId, managedBy: own?.name ?? null };
}

/** Throws `forbidden`, saying who may, unless the caller is an admin of the server's own workspace. */
export async function requireOperator(caller: { tenantId: string; role: Role }) {
  const { canManage, managedBy } = await operatorAccess(caller);
  if (!canManage) {
    throw new KefuError(
      "forbidden",
      `Models are shared by every workspace on this server: only admins of ${managedBy ? `"${managedBy}"` : "the server's own workspace"} can change them`,
    );
  }
}
