import type { Gatherer } from '../types.ts';

/** Hidden links, wrong expressions, sensitive words, privacy leaks, tampering evidence. */
export interface ContentSafetyArtifact {}

export const contentSafetyGatherer: Gatherer<ContentSafetyArtifact> = {
  name: 'contentSafety',
  async finish() {
    return {};
  },
};
