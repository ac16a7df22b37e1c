import type { DisclosureArtifact } from './types.ts';

/** Office of a catalogue item (e.g. `interaction` → 厅办公室、信息中心); undefined → the site's default office. */
export function officeOf(disclosure: Pick<DisclosureArtifact, 'catalogue'> | null | undefined, itemId: string): string | undefined {
  return disclosure?.catalogue.items.find((i) => i.id === itemId)?.office;
}
