/** Types of scripts/find-chromium.mjs (imported by playwright.config.ts). */
export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare function findChromium(): string | null;
