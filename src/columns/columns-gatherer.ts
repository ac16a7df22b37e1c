import { ColumnCollector } from './discovery.ts';
import { resolveColumns } from './resolve.ts';
import type { ColumnsArtifact } from './types.ts';
import type { GatherContext, Gatherer } from '../gather/types.ts';

export type { ColumnsArtifact } from './types.ts';

/** One collector per scan (the gatherer object is shared by every scan in the process). */
const collectors = new WeakMap<GatherContext, ColumnCollector>();

function collectorFor(ctx: GatherContext): ColumnCollector {
  let collector = collectors.get(ctx);
  if (!collector) {
    collector = new ColumnCollector(ctx.homepageUrl, ctx.config.site.name, ctx.config.columns, ctx.asOf, ctx.config.site.extraHosts);
    collectors.set(ctx, collector);
  }
  return collector;
}

/** Columns (栏目) found from the site's own navigation, each with its newest items dated. */
export const columnsGatherer: Gatherer<ColumnsArtifact> = {
  name: 'columns',
  onPage(page, ctx) {
    collectorFor(ctx).onPage(page);
  },
  async finish(ctx) {
    const collector = collectorFor(ctx);
    try {
      return await resolveColumns(collector, ctx);
    } finally {
      collectors.delete(ctx);
    }
  },
};
