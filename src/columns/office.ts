import type { Catalogue } from '../disclosure/catalogue.ts';
import { singleOffice } from '../disclosure/offices.ts';

/**
 * The office answering for a column, from the disclosure catalogue: the item whose
 * longest keyword the column name contains (政策文件 → 规范性文件 row → 法规处). Rows that
 * name a group (各相关处室) or a list of offices are skipped: a column gets one office or none.
 */
export function officeForColumn(name: string, catalogue: Catalogue | null): string | null {
  if (!catalogue) return null;
  let best: { office: string; length: number } | null = null;
  for (const item of catalogue.items) {
    const office = singleOffice(item.office);
    if (!office) continue;
    for (const keyword of item.keywords) {
      if (name.includes(keyword) && keyword.length > (best?.length ?? 0)) best = { office, length: keyword.length };
    }
  }
  return best?.office ?? null;
}
