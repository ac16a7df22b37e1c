import { z } from 'zod';

/** Column (栏目) discovery, classification and freshness rules. Filled in by the column-freshness work. */
export const columnsSection = z.object({}).strict();
