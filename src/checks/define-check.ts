import type { ArtifactTypes } from '../artifacts.ts';
import type { Config } from '../config/schema.ts';
import type { CheckResult, CheckStatus, ContractSections, FindingDraft, IsoDate } from '../types.ts';

export interface CheckMeta<R extends keyof ArtifactTypes> {
  /** Same as the file name under checks/. */
  id: string;
  /** Title when the check passes (Chinese). */
  title: string;
  /** Title when it finds problems (Chinese). */
  failureTitle: string;
  /** Artifacts the check reads; the runner hands it only these. */
  requires: readonly R[];
  /** Indicator ids the check may report. */
  indicators: readonly string[];
}

export interface CheckContext {
  config: Config;
  asOf: IsoDate;
  homepageUrl: string;
}

export interface CheckOutput {
  /** Derived from findings when absent: fail if any, else pass. */
  status?: CheckStatus;
  findings?: FindingDraft[];
  sections?: Partial<ContractSections>;
  reason?: string | null;
  details?: unknown;
  /** See CheckResult: a check that could not judge because of the tool's setup. */
  audience?: CheckResult['audience'];
  /** See CheckResult: problem keys the check no longer judges (out of its window). */
  retired?: CheckResult['retired'];
}

export interface CheckDefinition<R extends keyof ArtifactTypes = keyof ArtifactTypes> {
  meta: CheckMeta<R>;
  /** Pure: no I/O, no clock (use ctx.asOf). */
  run(artifacts: Pick<ArtifactTypes, R>, ctx: CheckContext): CheckOutput | Promise<CheckOutput>;
}

export function defineCheck<R extends keyof ArtifactTypes>(definition: CheckDefinition<R>): CheckDefinition<R> {
  return definition;
}

export type { CheckResult };
