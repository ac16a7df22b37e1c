/** Separators of a list of offices in one cell (「环评处、核安全处」, 「各相关处室；执法局」). */
const LIST_SEPARATOR = /[、，,；;/／]/;

/**
 * The one office a cell names, or null when it names a group or several: 「各相关处室」,
 * 「各处室（谁起草谁解读）」 and 「环评处、核安全处、固体处」 cannot receive a notice. A lead
 * office with others in brackets (「监测处（大气处、宣教处）」) is its lead office.
 */
export function singleOffice(cell: string | null | undefined): string | null {
  if (!cell) return null;
  const lead = cell.replace(/（[^）]*）|\([^)]*\)/g, '').trim();
  if (!lead || LIST_SEPARATOR.test(lead) || /^各/.test(lead) || /相关(处室|部门|单位)/.test(lead)) return null;
  return lead;
}
