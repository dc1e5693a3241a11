import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import "@fontsource-variable/inter";
import { StyleNonce } from "@/components/style-nonce";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Veil", template: "%s · Veil" },
  description: "Share sensitive customer data safely.",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: "#1e2a5a" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request makes every page dynamic, so Next stamps this request's CSP nonce on
  // its own scripts (a static page would ship without one and be blocked).
  const nonce = (await headers()).get("x-nonce") ?? "";
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <StyleNonce nonce={nonce} />
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
