import type { IsoDate } from '../../types.ts';

/** 公开属性 of a document in the register. */
export type DisclosureAttribute = '主动公开' | '依申请公开' | '不予公开';

/** One readable row of the department's 主动公开文件台账. */
export interface RegisterRow {
  /** Row number in the file (header is row 1). */
  line: number;
  docNo: string;
  title: string;
  /** 成文日期 / 印发日期. */
  date: IsoDate;
  attribute: DisclosureAttribute;
  /** 起草处室, when the register names it. */
  office: string | null;
  /** 是否规范性文件. */
  normative: boolean;
  /** 解读文号 (or the interpretation's title), when given. */
  interpretationRef: string | null;
}

/** A row the reader could not use, and why (Chinese). */
export interface UnreadableRow {
  line: number;
  reason: string;
}

/** An article page of the site, as far as the register needs it. */
export interface DocumentPage {
  url: string;
  title: string;
  /** 发布日期 on the page. */
  date: IsoDate | null;
  /** 文号 printed on the page (labelled, or standing on its own line), as printed. */
  docNo: string | null;
  /** The page is an interpretation (解读/图解). */
  interpretation: boolean;
  /** Same-site links that may lead to a document or its interpretation. */
  links: string[];
}

/**
 * Per-scan index of document pages (every dated article), kept so that `reconcile` can
 * rerun against a stored scan without fetching.
 */
export interface DocumentsArtifact {
  pages: DocumentPage[];
  /** The homepage's search form or a known endpoint, for querying the site later. */
  search: { form: import('../search-probe.ts').SearchForm | null; endpoints: string[] };
}

export type RegisterStatus =
  /** 已按时公开 */
  | 'on-time'
  /** 超期公开 */
  | 'late'
  /** 未公开 */
  | 'missing'
  /** 无法核实: not in the crawl and the site could not be searched. */
  | 'unverifiable'
  /** 需人工核查: a near miss. */
  | 'manual'
  /** 依申请公开 / 不予公开: counted, never flagged. */
  | 'not-proactive'
  /** 不予公开 but found on the site: possible wrong disclosure. */
  | 'wrongly-disclosed';

export const STATUS_LABELS: Record<RegisterStatus, string> = {
  'on-time': '已按时公开',
  late: '超期公开',
  missing: '未公开',
  unverifiable: '无法核实',
  manual: '需人工核查',
  'not-proactive': '非主动公开',
  'wrongly-disclosed': '不予公开文件已上网',
};

/** The 解读 of a 规范性文件 row (三同步). */
export interface InterpretationResult {
  url: string | null;
  title: string | null;
  date: IsoDate | null;
  /** Working days from the document's publication to the interpretation's. */
  workingDays: number | null;
  /** The document and the interpretation link to each other (either way). */
  linked: boolean;
  /** Found, linked and within the configured days. */
  ok: boolean;
  /** What is wrong, in Chinese (null when ok). */
  problem: string | null;
}

/** One register row, reconciled (findings.json `register` entries are a subset). */
export interface RegisterEntry {
  line: number;
  docNo: string;
  title: string;
  attribute: DisclosureAttribute;
  date: IsoDate;
  office: string | null;
  normative: boolean;
  status: RegisterStatus;
  url: string | null;
  publishedDate: IsoDate | null;
  /** Working days from 成文日期 to 发布日期. */
  workingDays: number | null;
  /** How the page was found. */
  via: 'docNo' | 'title' | 'book-title' | null;
  /** Where it was found: the crawled pages or the site search. */
  source: 'crawl' | 'search' | null;
  /** Near miss: the closest page (需人工核查), or null. */
  candidate: { url: string; title: string; docNo: string | null; similarity: number } | null;
  /** Why the status, in Chinese. */
  reason: string;
  interpretation: InterpretationResult | null;
}

/** The `register` artifact: the reconciliation of the configured register with the site. */
export interface RegisterArtifact {
  /** Register file (absolute), or null when none is configured. */
  file: string | null;
  entries: RegisterEntry[];
  unreadable: UnreadableRow[];
  /** Working days allowed from making to publication (条例第二十六条: 20). */
  limitWorkingDays: number;
  /** Site search: queries sent, and why it could not be used (null when it could). */
  search: { queries: number; requests: number; unusable: string | null; capped: boolean };
  /** Some dates fall past the official holiday data (Monday–Friday assumed), in Chinese. */
  calendarNote: string | null;
}
