import type { Reporter } from '../context.ts';
import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';

/** Format name → reporter. Formats not listed yet are reported as unavailable. */
export const reporters: Record<string, Reporter> = {
  json: jsonReporter,
  html: htmlReporter,
};
