import path from 'node:path';
import { monitoringWindow, summarizeProbes, type AvailabilitySummary } from './availability.ts';
import { readProbes } from './probe-log.ts';
import type { Gatherer } from '../gather/types.ts';
import type { AvailabilityArtifact } from './types.ts';

export const availabilityGatherer: Gatherer<AvailabilityArtifact> = {
  name: 'availability',
  async finish(ctx) {
    const { monitor, store } = ctx.config;
    const window = monitoringWindow(ctx.asOf, monitor.windowDays);
    const storeDir = path.resolve(ctx.baseDir, store.dir);
    const probes = await readProbes(storeDir, ctx.homepageUrl, window.from, window.to);
    return summarizeProbes(ctx.homepageUrl, probes, window, monitor.windowDays, monitor.minProbesPerDay);
  },
};
