import type { AvailabilitySummary } from './availability.ts';

/** The homepage's probes from `gov-inspector monitor` over the week ending on asOf. */
export type AvailabilityArtifact = AvailabilitySummary;
