/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) by self time: the costliest
 * functions and the costliest modules (an npm package, a folder of src/, or V8 itself:
 * garbage collection, idle, program), so a speed change starts from data.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Cost {
  name: string;
  ms: number;
  share: number;
}

/** The module a script URL belongs to: `pkg` for node_modules, `src/<dir>` for ours. */
export function moduleOf(url: string, functionName: string): string {
  // Bindings (file writes, renames, regular expressions) carry no script URL.
  if (!url) return functionName.startsWith('(') ? functionName : '(native: fs, RegExp, …)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/((?:src|checks|test)\/[^/]+)\//.exec(url) ?? /\/((?:src|checks)\/[^/]+)$/.exec(url);
  if (ours) return ours[1].replace(/\.ts$/, '');
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*$/, 'node:$1');
  return url;
}

/** The CLI's bundle (src/cli/source-bundle.js) has its source map beside it, sources relative to its folder. */
const bundleMaps = new Map<string, { map: SourceMap; base: string } | null>();

function bundleMap(url: string): { map: SourceMap; base: string } | null {
  if (!bundleMaps.has(url)) {
    let found: { map: SourceMap; base: string } | null = null;
    try {
      const file = fileURLToPath(url);
      found = { map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))), base: pathToFileURL(`${path.dirname(file)}/`).href };
    } catch {
      // The bundle is gone (a newer one replaced it): its frames stay as they are.
    }
    bundleMaps.set(url, found);
  }
  return bundleMaps.get(url) ?? null;
}

/** A frame of the CLI's bundle, named by the source file and line it was built from. */
function originalFrame(frame: CallFrame): CallFrame {
  if (!/\/\.cache\/gov-inspector\/cli-[^/]+\.mjs$/.test(frame.url)) return frame;
  const bundle = bundleMap(frame.url);
  const entry = bundle?.map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
  if (!bundle || !entry?.originalSource) return frame;
  return { ...frame, url: new URL(entry.originalSource, bundle.base).href, lineNumber: entry.originalLine ?? 0 };
}

function top(map: Map<string, number>, total: number, n: number): Cost[] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

/** One summary over several profiles: node writes one per thread (main, loader, workers). */
export function summariseProfile(files: string | string[], n = 5): { totalMs: number; functions: Cost[]; modules: Cost[]; ours: Cost[] } {
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  /** Self time charged to the nearest function of ours up the stack: which of our code pays for the libraries. */
  const ours = new Map<string, number>();
  let total = 0;
  for (const file of [files].flat()) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  for (const node of profile.nodes) node.callFrame = originalFrame(node.callFrame);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const ownerOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      const m = /\/((?:src|checks)\/.*)$/.exec(url);
      if (m) return `${functionName || '(anonymous)'} ${m[1]}:${lineNumber + 1}`;
    }
    return '(outside our code)';
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const where = url ? ` ${url.replace(/^.*\/(node_modules|src|checks)\//, '$1/')}:${lineNumber + 1}` : '';
    const fn = `${functionName || '(anonymous)'}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const mod = moduleOf(url, functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
    const owner = ownerOf(id);
    ours.set(owner, (ours.get(owner) ?? 0) + us);
  }
  }
  return { totalMs: total / 1000, functions: top(functions, total, n), modules: top(modules, total, n), ours: top(ours, total, n) };
}

export function formatSummary(summary: ReturnType<typeof summariseProfile>): string {
  const line = (c: Cost) => `  ${(c.share * 100).toFixed(1).padStart(5)} %  ${c.ms.toFixed(0).padStart(6)} ms  ${c.name}`;
  return [
    `CPU 剖析（自身耗时，各线程合计，除空闲外共 ${(summary.totalMs / 1000).toFixed(1)} 秒）`,
    '前五个模块：',
    ...summary.modules.map(line),
    '前五个函数：',
    ...summary.functions.map(line),
    '前五个本项目函数（含其调用的库）：',
    ...summary.ours.map(line),
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  console.log(formatSummary(summariseProfile(process.argv.slice(2))));
}
