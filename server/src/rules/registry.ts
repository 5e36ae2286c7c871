/**
 * The one place rules are registered. Order is the order of the docs and of SARIF metadata.
 * `RuleId` and `RuleData` are derived from this list, so registering a rule is all it takes.
 */
import { awsCliPerRunInstall } from './aws-cli-per-run-install';
import { dindPrivileged } from './dind-privileged';
import { dockerDaemonBuild } from './docker-daemon-build';
import { dockerSocketMount } from './docker-socket-mount';
import { ecrGetLoginRemoved } from './ecr-get-login-removed';
import { embeddedYamlSyntax } from './embedded-yaml-syntax';
import { kanikoEcrHelperMissing } from './kaniko-ecr-helper-missing';
import { kanikoEcrHelperOutdated } from './kaniko-ecr-helper-outdated';
import { inheritedPodTemplate } from './inherited-pod-template';
import { kanikoCacheNoPush } from './kaniko-cache-no-push';
import { kanikoCleanup } from './kaniko-cleanup';
import { kanikoContext } from './kaniko-context';
import { kanikoFlagMissingValue } from './kaniko-flag-missing-value';
import { kanikoImageUnmaintained } from './kaniko-image-unmaintained';
import { kanikoKeepalive } from './kaniko-keepalive';
import { kanikoMissingDestination } from './kaniko-missing-destination';
import { kanikoNoShell } from './kaniko-no-shell';
import { kanikoUnknownFlag } from './kaniko-unknown-flag';
import { privilegedContainer } from './privileged-container';
import type { CodeActionKind, Rule } from './types';

const REGISTERED = [
  dindPrivileged,
  privilegedContainer,
  dockerSocketMount,
  awsCliPerRunInstall,
  ecrGetLoginRemoved,
  dockerDaemonBuild,
  inheritedPodTemplate,
  embeddedYamlSyntax,
  kanikoKeepalive,
  kanikoNoShell,
  kanikoMissingDestination,
  kanikoUnknownFlag,
  kanikoEcrHelperOutdated,
  kanikoEcrHelperMissing,
  kanikoFlagMissingValue,
  kanikoContext,
  kanikoCacheNoPush,
  kanikoCleanup,
  kanikoImageUnmaintained,
] as const;

type RegisteredRule = (typeof REGISTERED)[number];

/** The id of every registered rule. */
export type RuleId = RegisteredRule['meta']['id'];

/** The `data` type of a rule's findings, by rule id. */
export type RuleData<Id extends RuleId> = Extract<RegisteredRule, Rule<Id>> extends Rule<Id, infer D> ? D : never;

// A rule declared as `const x: Rule = {…}` (not with defineRule) would widen RuleId to `string`.
const ruleIdsAreLiterals: string extends RuleId ? 'write the rule with defineRule' : true = true;
void ruleIdsAreLiterals;

export const RULES: readonly Rule<RuleId>[] = REGISTERED;

export const RULES_BY_ID: ReadonlyMap<string, Rule<RuleId>> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

/** Whether a rule's findings offer a code action (from its `meta.codeActions`). */
export function offersCodeAction(ruleId: string, action: CodeActionKind): boolean {
  return RULES_BY_ID.get(ruleId)?.meta.codeActions.includes(action) ?? false;
}

/** The rules whose findings offer a code action, in registry order. */
export function rulesOffering(action: CodeActionKind): RuleId[] {
  return RULES.filter((rule) => rule.meta.codeActions.includes(action)).map((rule) => rule.meta.id);
}
