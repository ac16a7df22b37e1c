import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { bundledIndicatorName } from './indicator-names.ts';
import { labelCells } from './label-cells.ts';
import { label } from './labels.ts';

/** reports/: templates/*.hbs, partials/*.hbs (partial name = file name), css. */
export const reportsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports');

let instance: typeof Handlebars | null = null;

/**
 * An isolated Handlebars with escaping on (every scraped title and URL is untrusted),
 * the project's helpers, and every partial under reports/partials.
 */
export function handlebars(): typeof Handlebars {
  if (instance) return instance;
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('gt', (a: number, b: number) => a > b);
  hb.registerHelper('len', (a: unknown) => (Array.isArray(a) ? a.length : 0));
  hb.registerHelper('join', (a: unknown, sep: unknown) => (Array.isArray(a) ? a.join(typeof sep === 'string' ? sep : '、') : ''));
  hb.registerHelper('severityName', (s: string) => label('severity', s));
  hb.registerHelper('statusName', (s: string) => label('checkStatus', s));
  // For templates that only have indicator ids (the multi-site overview).
  hb.registerHelper('indicatorNames', (ids: unknown) => (Array.isArray(ids) ? ids.map((id) => bundledIndicatorName(String(id))).join('、') : ''));
  hb.registerHelper('yesNo', (v: unknown) => (v === true ? '是' : v === false ? '否' : '未能判断'));
  hb.registerHelper('orDash', (v: unknown) => (v === null || v === undefined || v === '' ? '—' : v));
  hb.registerHelper('json', (v: unknown) => JSON.stringify(v));
  hb.registerHelper('add', (a: number, b: number) => Number(a) + Number(b));
  // Markdown table cells: scraped text must not break the table or inject markup.
  hb.registerHelper('md', (v: unknown) => new hb.SafeString(String(v ?? '').replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ')));
  const partialsDir = path.join(reportsDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  instance = hb;
  return hb;
}

/** Renders reports/templates/<name>.hbs with `data`; HTML gets its table cells labelled. */
export function renderTemplate(name: string, data: unknown): string {
  const source = readFileSync(path.join(reportsDir, 'templates', `${name}.hbs`), 'utf8');
  const out = handlebars().compile(source, { strict: false })(data);
  return name.endsWith('.md') ? out : labelCells(out);
}

/** A stylesheet of reports/ with the trend chart's rules appended (every page that can show the chart). */
export function stylesheet(name: 'report.css' | 'annual.css'): string {
  return [name, 'trend-chart.css'].map((file) => readFileSync(path.join(reportsDir, file), 'utf8')).join('\n');
}

/** The shared report stylesheet, inlined so a report opens from a shared folder. */
export function reportCss(): string {
  return stylesheet('report.css');
}
