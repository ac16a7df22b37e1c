import { isArtifactError } from '../gather/types.ts';
import type { CheckResult } from '../types.ts';
import type { CheckContext, CheckDefinition } from './define-check.ts';
import { checkSubject } from './subjects.ts';

/**
 * Runs each check on the artifacts it declared. A missing or failed artifact makes the
 * check `error` (or `skipped` when the artifact says it was skipped); an exception thrown
 * by a check becomes an `error` result so one broken check never sinks a scan.
 */
export async function runChecks(
  checks: CheckDefinition[],
  artifacts: Record<string, unknown>,
  ctx: CheckContext,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runOne(check, artifacts, ctx));
  return results;
}

async function runOne(check: CheckDefinition, artifacts: Record<string, unknown>, ctx: CheckContext): Promise<CheckResult> {
  const { id } = check.meta;
  // A check that did not run is named by its subject, never by its passing sentence.
  const title = checkSubject(id, check.meta.title);
  const given: Record<string, unknown> = {};
  for (const name of check.meta.requires) {
    const artifact = artifacts[name];
    if (artifact === undefined) return { id, title, status: 'error', findings: [], reason: `缺少数据：${name}` };
    if (isArtifactError(artifact)) {
      return { id, title, status: 'error', findings: [], reason: `${name} 采集失败：${artifact.artifactError}` };
    }
    given[name] = artifact;
  }
  try {
    const output = await check.run(given as never, ctx);
    const findings = output.findings ?? [];
    // Only 需人工核查 items: nothing was found wrong, so the check is not "failed" (its failure title would say it was).
    const onlyManual = findings.length > 0 && findings.every((f) => f.indicator.startsWith('manual.'));
    const status = output.status ?? (onlyManual ? 'manual' : findings.length ? 'fail' : 'pass');
    return {
      id,
      title: findings.length && !onlyManual ? check.meta.failureTitle : status === 'pass' ? check.meta.title : title,
      status,
      findings,
      sections: output.sections,
      reason: output.reason ?? null,
      details: output.details,
      ...(output.audience && { audience: output.audience }),
      ...(output.retired?.length && { retired: output.retired }),
    };
  } catch (err) {
    return { id, title, status: 'error', findings: [], reason: `检查程序出错：${(err as Error).message}` };
  }
}
