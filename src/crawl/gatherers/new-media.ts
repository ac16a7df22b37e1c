import type { Gatherer } from '../types.ts';

/** Posts of each 政务新媒体 account. */
export interface NewMediaArtifact {}

export const newMediaGatherer: Gatherer<NewMediaArtifact> = {
  name: 'newMedia',
  async finish() {
    return {};
  },
};
