import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FindingsJson } from '../../report/findings-json.ts';
import { locateScan } from '../../scan/locate-scan.ts';
import { diffFindings } from '../../report/diff.ts';

async function readFindings(idOrDir: string, store: string): Promise<FindingsJson> {
  const dir = await locateScan(idOrDir, store);
  return JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as FindingsJson;
}

/** Prints what was fixed, what is new and what persists between two stored scans. */
export async function diffCommand(a: string, b: string, opts: { store: string }): Promise<number> {
  const [before, after] = await Promise.all([readFindings(a, opts.store), readFindings(b, opts.store)]);
  const diff = diffFindings(before.findings, after.findings);
  const lines = [
    `${before.scanId}（${before.asOf}，${before.score.total} 分）→ ${after.scanId}（${after.asOf}，${after.score.total} 分）`,
    `已整改 ${diff.fixed.length}　新发现 ${diff.new.length}　仍存在 ${diff.persisting.length}`,
  ];
  const section = (name: string, list: typeof diff.fixed) => {
    if (!list.length) return;
    lines.push('', `${name}：`);
    for (const f of list) lines.push(`  - [${f.office}] ${f.title}${f.url ? `  ${f.url}` : ''}`);
  };
  section('已整改', diff.fixed);
  section('新发现', diff.new);
  section('仍存在', diff.persisting);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
