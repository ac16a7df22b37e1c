import { judgeScan } from './src/scan/judge.ts';
import { readScanMeta } from './src/scan/scan-meta.ts';
import { loadArtifacts } from './src/store/artifact-files.ts';
import { LowdbScanStore } from './src/store/lowdb-store.ts';
const dir = process.argv[2];
const meta = await readScanMeta(dir); meta.config.browser.enabled = true;
const o = await judgeScan(dir, meta, await loadArtifacts(dir), { formats: ['pdf'], store: new LowdbScanStore('/tmp/shot-store') });
console.log(o.files, o.notes);
