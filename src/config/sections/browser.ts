import { z } from 'zod';

/** Browser checks (accessibility, 适老化, mobile, screenshots, JS rendering). */
export const browserSection = z
  .object({
    /** Use a browser at all; `--no-browser` turns this off. */
    enabled: z.boolean().default(true),
    /** Browser executable; found automatically when absent (CHROME_PATH, Playwright's cache, /usr/bin/chromium, google-chrome). */
    executablePath: z.string().optional(),
    /** Let the browser resolve no host names but loopback (offline runs, tests, the demo). */
    loopbackOnly: z.boolean().default(false),
  })
  .strict();
