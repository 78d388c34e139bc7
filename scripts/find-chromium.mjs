// Prints the Chromium executable used by Playwright, or explains what to install.
import { existsSync } from "node:fs";

/**
 * CHROMIUM_PATH, else Debian's headless shell (`apt-get install chromium-headless-shell`: the
 * "old headless" Chromium that Playwright itself runs headless tests in; about a third less CPU
 * than the full browser in headless mode), else the full browser.
 */
export const CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, ...CHROMIUM_CANDIDATES].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChromium();
  if (!found) {
    console.error(
      "Chromium not found. Install it with `sudo apt-get install -y chromium-headless-shell` (or `chromium`; Debian/Ubuntu),\n" +
        "or point CHROMIUM_PATH at a Chromium/Chrome executable. (`npx playwright install` is not needed.)",
    );
    process.exit(1);
  }
  console.log(found);
}
