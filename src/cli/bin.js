#!/usr/bin/env node
// Runs the TypeScript sources with no build step: from one bundle esbuild makes of them on
// first use (src/cli/source-bundle.js), or through tsx where that bundle cannot be written
// or GOV_INSPECTOR_TSX=1 asks for it (stack traces then name the source files). The bundle
// spares each run tsx's loader thread: about 35 MB and 0.4 s (npm run bench).
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';
import { sourceBundle } from './source-bundle.js';

// Memory before speed: between full collections V8 lets the heap grow to up to four times the
// live data, and a crawl allocates fast (a 5,000-page scan keeps ~60 MB live but peaked near
// 400 MB RSS). Growth capped at 30 % keeps the peak at 200-240 MB and nearly flat with the
// site's size, for about a tenth more CPU time, which a real site's response times hide
// (npm run bench, npm run bench:scale).
v8.setFlagsFromString('--heap-growing-percent=30');

const bundle = process.env.GOV_INSPECTOR_TSX === '1' ? null : await sourceBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
