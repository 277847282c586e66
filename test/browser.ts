import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download
 * browsers here). The flags keep it from reaching for the network at start.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
