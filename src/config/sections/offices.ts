import { z } from 'zod';
import { pattern } from './site.ts';

/**
 * One routing rule: every condition given must hold. `indicator` is an indicator id, or a
 * prefix ending in `*` (`deduct.interpretation-*`); `column` is text the column name
 * contains; `url` is a regular expression the problem page's URL matches; `docNumber` is a
 * regular expression the policy document's 文号 matches (`环法` → 法规处).
 */
const route = z
  .object({
    indicator: z.string().min(1).optional(),
    column: z.string().min(1).optional(),
    url: pattern.optional(),
    docNumber: pattern.optional(),
    /** The one office (处室) that receives the matching problems. */
    office: z.string().min(1),
  })
  .strict()
  .refine((r) => r.indicator !== undefined || r.column !== undefined || r.url !== undefined || r.docNumber !== undefined, { message: '需要 indicator、column、url 或 docNumber 中的至少一项' });

/**
 * Who receives which problem. Routes are tried first, in order; the first that matches
 * decides. Problems no route names go by the document register, the catalogue's 责任处室,
 * the column map, the policy document's drafting office, then `site.office`.
 */
export const officesSection = z
  .object({
    routes: z.array(route).default([]),
  })
  .strict();

export type OfficeRoute = z.infer<typeof route>;
