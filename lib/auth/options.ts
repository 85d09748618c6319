import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticate } from "./identity";
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from "../rate-limit/login";
import { CLIENT_ADDRESS_HEADER } from "../net/client-address";

const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1).max(200) });

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // set by the server from the connection (lib/server/edge-guard.ts), never taken from the caller
        const address = String(
          (req?.headers as Record<string, unknown> | undefined)?.[CLIENT_ADDRESS_HEADER] ?? "unknown",
        );
        await checkLoginAllowed(email, address); // throws: next-auth answers error=rate_limited:<seconds>
        const user = await authenticate(email, password);
        if (!user) {
          await recordLoginFailure(email, address);
          return null;
        }
        await recordLoginSuccess(email, address);
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          tenantId: user.tenantId,
          role: user.role,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as unknown as { tenantId: string; role: string; sessionVersion: number };
        token.tenantId = u.tenantId;
        token.role = u.role;
        token.sv = u.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      Object.assign(session, { userId: token.sub, tenantId: token.tenantId, sv: token.sv });
      return session;
    },
  },
};
