import type { Gatherer } from '../types.ts';

/** Columns (栏目) found and dated; filled in by the column-freshness work. */
export interface ColumnsArtifact {}

export const columnsGatherer: Gatherer<ColumnsArtifact> = {
  name: 'columns',
  async finish() {
    return {};
  },
};
