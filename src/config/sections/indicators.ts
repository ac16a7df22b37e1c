import { z } from 'zod';

/** Which indicator tables judge the scan. Paths are relative to the config file, or bundled names. */
export const indicatorsSection = z
  .object({
    /** Website table: a bundled name (gov-website-2019) or a path to a YAML file. */
    website: z.string().default('gov-website-2019'),
    /** New-media table: a bundled name (gov-newmedia-2019) or a path. */
    newMedia: z.string().default('gov-newmedia-2019'),
  })
  .strict();
