import path from 'node:path';
import { isIsoDate } from '../../dates.ts';
import { UsageError } from '../../errors.ts';
import { readLedgerAnswers } from '../../report/ledger-import.ts';
import { applyRectification, recordTriage } from '../../store/history.ts';
import { LowdbScanStore } from '../../store/lowdb-store.ts';

export interface TriageCliOptions {
  decision?: string;
  reason?: string;
  by?: string;
  expires?: string;
  site?: string;
  store: string;
  list?: boolean;
  import?: string;
}

const DECISIONS = ['accepted', 'false-positive'] as const;
const DECISION_NAMES: Record<string, string> = { accepted: '确认接受', 'false-positive': '误报' };

/**
 * Records a person's decision about a problem (by fingerprint): accepted or false
 * positive, with reason, who and an optional expiry. Reports show it next to the problem;
 * a false positive no longer deducts points. `--list` prints the decisions on record.
 */
export async function triageCommand(fingerprint: string | undefined, opts: TriageCliOptions): Promise<number> {
  const store = new LowdbScanStore(path.resolve(opts.store));
  const data = await store.read();
  if (opts.list) {
    const lines = data.triage.map((t) => `${t.fingerprint}  ${DECISION_NAMES[t.decision]}  ${t.reason}  ${t.by}  ${t.decidedAt.slice(0, 10)}  ${t.expires ? `有效期至 ${t.expires}` : '长期有效'}  ${t.siteUrl}`);
    process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '暂无处理意见。\n');
    return 0;
  }
  if (opts.import) return importLedger(store, opts.import, opts.site);
  if (!fingerprint) throw new UsageError('缺少参数 <fingerprint>：请给出问题编号（见报告或整改台账的“问题编号”列）');
  if (!opts.decision || !(DECISIONS as readonly string[]).includes(opts.decision)) {
    throw new UsageError(`参数 --decision 的值 ${JSON.stringify(opts.decision ?? '')} 无效：可选 ${DECISIONS.join(', ')}`);
  }
  if (!opts.reason?.trim()) throw new UsageError('参数 --reason 不能为空：请说明理由');
  if (!opts.by?.trim()) throw new UsageError('参数 --by 不能为空：请写明决定人');
  if (opts.expires !== undefined && !isIsoDate(opts.expires)) throw new UsageError(`参数 --expires 的值 ${JSON.stringify(opts.expires)} 无效：应为 YYYY-MM-DD 格式的日期`);
  const sites = [...new Set(data.findings.filter((f) => f.fingerprint === fingerprint).map((f) => f.siteUrl))];
  const siteUrl = opts.site ?? (sites.length === 1 ? sites[0] : undefined);
  if (!siteUrl) {
    throw new UsageError(
      sites.length === 0
        ? `问题编号 ${fingerprint} 不在 ${opts.store}/index.json 的问题记录中`
        : `问题编号 ${fingerprint} 出现在多个网站（${sites.join('、')}）：请用 --site 指定`,
    );
  }
  const record = data.findings.find((f) => f.fingerprint === fingerprint && f.siteUrl === siteUrl);
  await recordTriage(store, {
    fingerprint,
    // The site's identity, so the decision follows the site across a port or scheme change.
    ...(record?.siteId && { siteId: record.siteId }),
    siteUrl,
    decision: opts.decision as (typeof DECISIONS)[number],
    reason: opts.reason.trim(),
    by: opts.by.trim(),
    decidedAt: new Date().toISOString(),
    expires: opts.expires ?? null,
  });
  process.stdout.write(`已记录：${record?.title ?? fingerprint} → ${DECISION_NAMES[opts.decision]}（${opts.reason.trim()}；${opts.by.trim()}${opts.expires ? `；有效期至 ${opts.expires}` : ''}）。下次检查或 report/rescore 时生效。\n`);
  return 0;
}

/**
 * Reads the offices' answers (整改状态, 整改措施, 完成日期, 联系人) from a filled-in ledger into
 * the store's problem records, where the next report and the year summary find them. A fix
 * an office reports is still to be confirmed by the next scan.
 */
async function importLedger(store: LowdbScanStore, file: string, site: string | undefined): Promise<number> {
  const answers = await readLedgerAnswers(path.resolve(file));
  const data = await store.read();
  const importedAt = new Date().toISOString();
  const unknown: string[] = [];
  const ambiguous: string[] = [];
  const byState = new Map<string, number>();
  await store.update((d) => {
    for (const a of answers) {
      const sites = [...new Set(data.findings.filter((f) => f.fingerprint === a.fingerprint).map((f) => f.siteUrl))];
      const siteUrl = site ?? (sites.length === 1 ? sites[0] : undefined);
      if (!siteUrl) {
        (sites.length ? ambiguous : unknown).push(`第 ${a.row} 行 ${a.fingerprint}`);
        continue;
      }
      const rectification = { state: a.state, measures: a.measures, completedDate: a.completedDate, contact: a.contact, importedAt, source: path.basename(file) };
      if (!applyRectification(d, siteUrl, a.fingerprint, rectification)) {
        unknown.push(`第 ${a.row} 行 ${a.fingerprint}`);
        continue;
      }
      byState.set(a.state, (byState.get(a.state) ?? 0) + 1);
    }
  });
  const imported = [...byState.values()].reduce((a, b) => a + b, 0);
  const states = [...byState].map(([s, n]) => `${s} ${n}`).join('，');
  process.stdout.write(`已导入整改台账 ${path.basename(file)}：${imported} 条${states ? `（${states}）` : ''}。已整改的问题待下次检查复核确认。\n`);
  if (unknown.length) process.stderr.write(`提示：${unknown.length} 条问题编号不在检查记录中，已跳过：${unknown.join('；')}\n`);
  if (ambiguous.length) process.stderr.write(`提示：${ambiguous.length} 条问题编号出现在多个网站，请用 --site 指定，已跳过：${ambiguous.join('；')}\n`);
  return 0;
}
