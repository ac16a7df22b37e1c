import type { Gatherer } from '../types.ts';

/** Accessibility, 适老化, mobile audits and screenshots from the browser. */
export interface BrowserAuditsArtifact {}

export const browserAuditsGatherer: Gatherer<BrowserAuditsArtifact> = {
  name: 'browserAudits',
  async finish() {
    return {};
  },
};
