import { z } from 'zod';

export const reportFormat = z.enum(['html', 'md', 'pdf', 'csv', 'xlsx', 'json']);

/** Report output. */
export const reportSection = z
  .object({
    /** Formats written after each scan (findings.json is always written). */
    formats: z.array(reportFormat).default(['html', 'json']),
    /** Working days an office is given to fix a problem. */
    deadlineWorkingDays: z.number().int().positive().default(10),
    /**
     * Table mapping columns to the rows of the 政府网站工作年度报表 (`report --year`); default
     * config/annual/column-categories.yaml. Relative paths resolve against the config file.
     */
    annualCategories: z.string().min(1).nullable().default(null),
  })
  .strict();
