import { z } from 'zod';

/**
 * On-disk response cache under the store folder: conditional requests (ETag /
 * Last-Modified) so a rescan of an unchanged site transfers little, a per-scan fetch
 * journal so an interrupted scan resumes (`scan --resume`), and link-check results for
 * other sites shared across pages, scans and sites.
 */
export const cacheSection = z
  .object({
    /** Keep response bodies and validators; needed for `--resume` and conditional rescans. */
    enabled: z.boolean().default(true),
    /** Folder of the cache, relative to `store.dir`. */
    dir: z.string().default('cache'),
    /** Hours a link check of another site's URL is reused before it is checked again. */
    externalLinkTtlHours: z.number().nonnegative().default(24),
  })
  .strict();
