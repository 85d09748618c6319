import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { testEnv } from "./env";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

/** Debian's Chromium driven by playwright-core (npx playwright install cannot download here). */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error("Chromium is not installed: .ci/run installs Debian's chromium package");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ], // playwright gives each launch a fresh temporary profile
  });
}

export async function signIn(page: Page, email = testEnv.adminEmail, password = testEnv.adminPassword) {
  await page.goto(`${testEnv.url}/login`);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(/\/inbox/);
}
