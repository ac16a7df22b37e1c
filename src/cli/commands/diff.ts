import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FindingsJson } from '../../report/findings-json.ts';
import { locateScan } from '../../scan/locate-scan.ts';
import { diffFindings } from '../../report/diff.ts';
import { triageLabel } from '../../report/labels.ts';
import type { Finding } from '../../types.ts';

async function readFindings(idOrDir: string, store: string): Promise<FindingsJson> {
  const dir = await locateScan(idOrDir, store);
  return JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as FindingsJson;
}

/** The diff as text lines (stdout of `gov-inspector diff`). */
export function formatDiff(before: FindingsJson, after: FindingsJson): string {
  const diff = diffFindings(before.findings, after.findings);
  const change = Math.round((after.score.total - before.score.total) * 100) / 100;
  const lines = [
    `${before.scanId}（${before.asOf}，${before.score.total} 分）→ ${after.scanId}（${after.asOf}，${after.score.total} 分，${change >= 0 ? '+' : ''}${change}）`,
    `未再发现 ${diff.fixed.length}　升级 ${diff.escalated.length}　新发现 ${diff.new.length}　仍存在 ${diff.persisting.length}`,
  ];
  const vetoesGone = before.score.vetoes.filter((v) => !after.score.vetoes.includes(v));
  const vetoesNew = after.score.vetoes.filter((v) => !before.score.vetoes.includes(v));
  if (vetoesGone.length) lines.push(`不再单项否决：${vetoesGone.join('、')}`);
  if (vetoesNew.length) lines.push(`新增单项否决：${vetoesNew.join('、')}`);
  const section = (name: string, list: Finding[]) => {
    if (!list.length) return;
    lines.push('', `${name}：`);
    for (const f of list) {
      const extra = [f.status === 'regressed' ? '再次出现' : '', triageLabel(f.triage)].filter(Boolean).join('；');
      lines.push(`  - [${f.office}] ${f.title}${f.url ? `  ${f.url}` : ''}${extra ? `  〔${extra}〕` : ''}  #${f.fingerprint}`);
    }
  };
  // Without the later scan's re-check scope a missing problem is only 未再发现; the report's
  // 上季度整改情况 tells 已整改 from 不再适用 and 未复查.
  section('未再发现', diff.fixed);
  section('升级', diff.escalated);
  section('新发现', diff.new);
  section('仍存在', diff.persisting);
  return `${lines.join('\n')}\n`;
}

/** Prints what was fixed, what is new and what persists between two stored scans (no re-crawl). */
export async function diffCommand(a: string, b: string, opts: { store: string }): Promise<number> {
  const [before, after] = await Promise.all([readFindings(a, opts.store), readFindings(b, opts.store)]);
  process.stdout.write(formatDiff(before, after));
  return 0;
}
