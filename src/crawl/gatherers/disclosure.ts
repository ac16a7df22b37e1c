import type { Gatherer } from '../types.ts';

/** Disclosure catalogue matches, site identity, interaction, services and interpretation. */
export interface DisclosureArtifact {}

export const disclosureGatherer: Gatherer<DisclosureArtifact> = {
  name: 'disclosure',
  async finish() {
    return {};
  },
};
