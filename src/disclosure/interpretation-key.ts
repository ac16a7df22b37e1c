/**
 * Finding key of a policy document's interpretation problem. The interpretation check and
 * the register check both report these; sharing the key makes them one problem.
 */
export function interpretationKey(problem: 'missing' | 'unlinked', documentUrl: string): string {
  return `interp:${problem}:${documentUrl}`;
}
