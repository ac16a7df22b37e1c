import { reportFormat } from '../../config/sections/report.ts';
import { UsageError } from '../../errors.ts';
import { writeStoreIndex } from '../../report/store-index.ts';
import { judgeScan, type JudgeOutcome } from '../../scan/judge.ts';
import { locateScan } from '../../scan/locate-scan.ts';
import { scoreFields } from '../../scan/run-scan.ts';
import { readScanMeta } from '../../scan/scan-meta.ts';
import { loadArtifacts } from '../../store/artifact-files.ts';
import { storeOfScan } from '../../store/open-store.ts';

export function parseFormats(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const formats = list.split(',').map((f) => f.trim()).filter(Boolean);
  for (const format of formats) {
    if (!reportFormat.safeParse(format).success) throw new UsageError(`参数 --format 的值 ${JSON.stringify(format)} 无效：可选 ${reportFormat.options.join(', ')}`);
  }
  return formats;
}

/**
 * Judges a stored scan again from its artifacts (no request to the site): used by
 * `report` and `rescore`. The store's record and index page are updated when the scan is
 * in a store, so history, trend and the index stay in step.
 */
export async function rejudge(scan: string, storeDir: string, options: { formats?: string[]; indicators?: string }): Promise<JudgeOutcome> {
  const scanDir = await locateScan(scan, storeDir);
  const meta = await readScanMeta(scanDir);
  const store = storeOfScan(meta.id, scanDir, storeDir);
  const outcome = await judgeScan(scanDir, meta, await loadArtifacts(scanDir), { formats: options.formats, indicators: options.indicators, store: store ?? undefined });
  if (store) {
    await store.update((data) => {
      const record = data.scans.find((s) => s.id === meta.id);
      if (record) Object.assign(record, scoreFields(outcome, scanDir));
    });
    outcome.files.push(await writeStoreIndex(store));
  }
  return outcome;
}
