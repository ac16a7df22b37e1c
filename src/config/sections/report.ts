import { z } from 'zod';

export const reportFormat = z.enum(['html', 'md', 'pdf', 'csv', 'xlsx', 'json']);

/** The office that issues the report and the notices, and whom readers call. */
const issuerSection = z
  .object({
    /** Issuing office, e.g. 厅办公室; default: the site's name. */
    office: z.string().min(1).optional(),
    /** Contact person named on reports and notices. */
    contact: z.string().min(1).optional(),
    /** Contact phone. */
    phone: z.string().min(1).optional(),
  })
  .strict();

/** Report output. */
export const reportSection = z
  .object({
    /**
     * Formats written after each scan (findings.json is always written). The PDFs need a
     * browser; without one they are skipped with the reason and the rest is written.
     */
    formats: z.array(reportFormat).default(['html', 'json', 'md', 'xlsx', 'pdf']),
    /** Working days an office is given to fix a problem. */
    deadlineWorkingDays: z.number().int().positive().default(10),
    /** Working days an office is given to fix a veto (单项否决) problem. */
    vetoDeadlineWorkingDays: z.number().int().positive().default(1),
    issuer: issuerSection.default({}),
    /** 抄送: who receives a copy of each notice. */
    cc: z.array(z.string().min(1)).default([]),
    /**
     * 文号 of each notice: {year}, {quarter} (1–4), {seq} (01, 02 …) are filled in,
     * e.g. 〔{year}〕第{quarter}季度-{seq} → 〔2026〕第4季度-03.
     */
    numberPattern: z.string().min(1).default('〔{year}〕第{quarter}季度-{seq}'),
    /**
     * Table mapping columns to the rows of the 政府网站工作年度报表 (`report --year`); default
     * config/annual/column-categories.yaml. Relative paths resolve against the config file.
     */
    annualCategories: z.string().min(1).nullable().default(null),
  })
  .strict();
