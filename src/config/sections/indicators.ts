import { z } from 'zod';

/** Changes to one indicator of the table in force (a local variant of the national table). */
const indicatorOverride = z
  .object({
    points: z.number().nonnegative().optional(),
    cap: z.number().nonnegative().optional(),
  })
  .strict();

/** Values of the table in force that a site changes without copying the whole table. */
export const indicatorOverridesSection = z
  .object({
    passLine: z.number().min(0).max(100).optional(),
    bonusGate: z.number().min(0).max(100).optional(),
    bonusMax: z.number().nonnegative().optional(),
    noServiceScaling: z.object({ outOf: z.number().positive(), factor: z.number().positive() }).strict().optional(),
    /** Group id → new weight (e.g. `function: 25`). */
    groups: z.record(z.string(), z.object({ weight: z.number().positive() }).strict()).default({}),
    /** Indicator id → new points / cap. */
    indicators: z.record(z.string(), indicatorOverride).default({}),
  })
  .strict();

/** Which indicator tables judge the scan. Paths are relative to the config file, or bundled names. */
export const indicatorsSection = z
  .object({
    /** Website table: a bundled name (gov-website-2019) or a path to a YAML file. */
    website: z.string().default('gov-website-2019'),
    /** New-media table: a bundled name (gov-newmedia-2019) or a path. */
    newMedia: z.string().default('gov-newmedia-2019'),
    /** Changes to the website table's values (pass line, weights, points, caps). */
    overrides: indicatorOverridesSection.default(indicatorOverridesSection.parse({})),
    /** Bonus items (加分指标) count for portal sites only. */
    portal: z.boolean().default(false),
  })
  .strict();

export type IndicatorOverrides = z.infer<typeof indicatorOverridesSection>;
