import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import "./globals.css";

// Every page carries a per-request CSP nonce (lib/server/security-headers.ts); a prerendered page would have none and
// the browser would block its scripts.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Kefu", description: "Private AI customer service" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
