// Prints the Chromium executable used by Playwright, or explains what to install.
import { existsSync } from "node:fs";

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChromium();
  if (!found) {
    console.error(
      "Chromium not found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu),\n" +
        "or point CHROMIUM_PATH at a Chromium/Chrome executable. (`npx playwright install` is not needed.)",
    );
    process.exit(1);
  }
  console.log(found);
}
