/**
 * Per-line quick fixes: remove an AWS CLI install, replace `aws ecr get-login` with
 * `get-login-password | docker login`, and suppression comments. Each returns edits in
 * Jenkinsfile offsets; `safe` marks those `source.fixAll` may apply without asking.
 */
import {
  awsOptionValue,
  ecrHostFor,
  ecrLoginRegistryId,
  extractsGetLoginPassword,
  awsCliInstallKind,
  findEcrHosts,
  getLoginOnlyWords,
  isAwsProgram,
  pipAwsCliRequirement,
  pipInstallsBesidesAwsCli,
  runsInputAsScript,
  stageKeepsPipInstall,
} from '../aws';
import { argName, commandWords, scriptSpan, type JenkinsModel, type ShellCommand, type ShellStep, type ShellWord } from '../model';
import type * as ast from '../parser/ast';
import { sourceSpan } from '../parser/strings';
import { RULES_BY_ID, type CodeActionData, type QuickFixAction, type RuleDiagnostic } from '../rules';
import { withLineEndings, type TextEdit } from './apply';
import { syntaxOf } from './syntax';
import { shellUnits, type ShellUnit } from './shellUnits';
import { removalRange } from './syntax';
import { escapeForLiteral, indentationAt, isBlank, lineStartOf, nextLineStart } from './text';

/** The rule-declared quick fixes (`meta.codeActions`), and the suppression comments every finding has. */
export type QuickFixKind = QuickFixAction | 'disable-next-line' | 'disable-file';

export interface QuickFix {
  kind: QuickFixKind;
  title: string;
  ruleId: string;
  edits: TextEdit[];
  /** Keeps the pipeline's meaning and needs no input: `source.fixAll` applies it. */
  safe: boolean;
}

/** A rule finding as the fixes read it: a runner diagnostic. */
export type FindingRef = RuleDiagnostic;

/** A finding as one quick fix reads it: the span and the data that fix needs (`CodeActionData`). */
export interface FindingFor<A extends QuickFixAction> {
  ruleId: string;
  start: number;
  end: number;
  data?: CodeActionData[A];
}

/** The quick fix behind each action a rule can declare; the compiler asks for one per `QuickFixAction`. */
const QUICK_FIXES: { [A in QuickFixAction]: (model: JenkinsModel, finding: FindingFor<A>) => QuickFix | undefined } = {
  'remove-aws-cli-install': removeAwsCliInstall,
  'ecr-get-login-password': rewriteEcrGetLogin,
};

function isQuickFixAction(action: string): action is QuickFixAction {
  return Object.hasOwn(QUICK_FIXES, action);
}

function ruleQuickFix<A extends QuickFixAction>(model: JenkinsModel, action: A, finding: FindingFor<A>): QuickFix | undefined {
  return (QUICK_FIXES[action] as (model: JenkinsModel, finding: FindingFor<A>) => QuickFix | undefined)(model, finding);
}

export const DISABLE_NEXT_LINE = 'jenkinsfile-kaniko-disable-next-line';
export const DISABLE_FILE = 'jenkinsfile-kaniko-disable';

/** Every quick fix for one finding, most useful first. */
export function quickFixesFor(model: JenkinsModel, finding: FindingRef): QuickFix[] {
  const fixes: QuickFix[] = [];
  // The rule's metadata says which fixes it offers; `defineRule` checked that its data fits them.
  for (const action of RULES_BY_ID.get(finding.ruleId)?.meta.codeActions ?? []) {
    if (!isQuickFixAction(action)) continue;
    const fix = ruleQuickFix(model, action, finding as FindingFor<typeof action>);
    if (fix) fixes.push(fix);
  }
  const line = disableNextLine(model, finding.ruleId, finding.start);
  if (line) fixes.push(line);
  fixes.push(disableFile(model, finding.ruleId));
  return fixes.map((fix) => ({ ...fix, edits: withLineEndings(model.text, fix.edits) }));
}

/** The safe per-line fixes of a whole file, for `source.fixAll` and `jenkinsfile-kaniko fix`. */
export function safeFixEdits(model: JenkinsModel, findings: readonly FindingRef[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    for (const fix of quickFixesFor(model, finding)) {
      if (!fix.safe) continue;
      if (fix.edits.some((e) => edits.some((x) => e.start < x.end && x.start < e.end))) continue;
      edits.push(...fix.edits);
    }
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------

function stepAt(model: JenkinsModel, data: { stepStart: number } | undefined, offset: number): ShellStep | undefined {
  const start = data?.stepStart;
  return model.steps.find(
    (s): s is ShellStep => s.kind === 'shell' && !!s.script && (start !== undefined ? s.call.start === start : s.call.start <= offset && offset < s.call.end),
  );
}

/** The script literal must be written in the step itself for edits inside it. */
function editableLiteral(step: ShellStep) {
  const literal = step.literal;
  if (!literal || literal.start < step.call.start || literal.end > step.call.end) return undefined;
  return literal;
}

function sameSpan(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Edits that take one unit out of a script (with its separator), or the whole statement when it is alone. */
function removeUnit(model: JenkinsModel, step: ShellStep, units: ShellUnit[], index: number): TextEdit[] | undefined {
  const syntax = syntaxOf(model);
  const unit = units[index];
  if (units.length === 1) {
    const entry = syntax.isWholeStatement(step.call);
    if (!entry || entry.statement.type !== 'ExpressionStatement') return undefined;
    return [{ ...removalRange(model.text, model.parse.comments, entry.statement), newText: '' }];
  }
  if (!editableLiteral(step)) return undefined;
  if (unit.next === '||' || units[index - 1]?.next === '||') return undefined;
  const script = step.script!;
  if (index + 1 < units.length) return [{ start: script.toSource(unit.start), end: script.toSource(units[index + 1].start), newText: '' }];
  const previous = units[index - 1];
  return [{ start: sourceSpan(script, previous.start, previous.end).end, end: sourceSpan(script, unit.start, unit.end).end, newText: '' }];
}

export function removeAwsCliInstall(model: JenkinsModel, finding: FindingFor<'remove-aws-cli-install'>): QuickFix | undefined {
  // The script uses the CLI for more than the ECR login Kaniko replaces: removing it would break that.
  if (finding.data?.neededFor !== undefined) return undefined;
  const step = stepAt(model, finding.data, finding.start);
  if (!step?.script) return undefined;
  const units = shellUnits(step.commands);
  const index = units.findIndex((u) => u.commands.some((c) => sameSpan(scriptSpan(step.script!, c.start, c.end), finding)));
  if (index < 0) return undefined;
  const command = units[index].commands.find((c) => sameSpan(scriptSpan(step.script!, c.start, c.end), finding))!;
  const words = commandWords(command).words;
  // `apk add py-pip` while `pip install awscli boto3` stays: pip still needs it.
  if (awsCliInstallKind(words, true) === 'prerequisites' && stageKeepsPipInstall(step)) return undefined;
  // `pip install awscli boto3` installs more than the CLI: only the awscli requirement goes, when a
  // requirement written out stays (`pip install $PIP_OPTS awscli` might be left with none: pip then fails).
  const besides = pipInstallsBesidesAwsCli(words);
  if (besides.length > 0) {
    if (!besides.some((b) => !b.startsWith('$'))) return undefined;
    const at = pipAwsCliRequirement(words);
    if (!editableLiteral(step)) return undefined;
    const edit = { ...sourceSpan(step.script!, words[at - 1].end, words[at].end), newText: '' };
    return { kind: 'remove-aws-cli-install', title: 'Remove awscli from this pip install', ruleId: finding.ruleId, edits: [edit], safe: false };
  }
  const edits = removeUnit(model, step, units, index);
  if (!edits) return undefined;
  return { kind: 'remove-aws-cli-install', title: 'Remove the AWS CLI install', ruleId: finding.ruleId, edits, safe: false };
}

// ---------------------------------------------------------------------------------------------

/** The ECR registry of the stage the step is in: from withRegistry, a destination or any host in the stage. */
function stageRegistry(model: JenkinsModel, step: ShellStep, region: string | undefined): string | undefined {
  const scope = step.stage?.call ?? model.parse.program;
  const hosts = findEcrHosts(model.text.slice(scope.start, scope.end)).filter((h) => !/[$<>{}'"`\\\s]/.test(h.host));
  const sameRegion = hosts.filter((h) => region === undefined || h.region === region);
  return (sameRegion[0] ?? (region === undefined ? hosts[0] : undefined))?.host;
}

/**
 * The fix for `aws ecr get-login` (gone in AWS CLI v2). It runs on save (`source.fixAll`), so it
 * only rewrites what it can prove equivalent (#13):
 * - the password cut out of the output (`… | cut -d' ' -f6`, `awk '{print $6}'`), wherever it
 *   goes (a variable, `returnStdout`, another pipe): `aws … ecr get-login-password …`, the other
 *   options kept;
 * - the output run as a command (`$(aws ecr get-login …)` alone, `eval $(…)`, `… | sh`), in a
 *   step whose output is not captured: `get-login-password | docker login --password-stdin`;
 * - anything else (the output kept in a variable, captured, written to a file, piped elsewhere):
 *   no fix, since the text `get-login` printed is not what any v2 command prints.
 */
export function rewriteEcrGetLogin(model: JenkinsModel, finding: FindingFor<'ecr-get-login-password'>): QuickFix | undefined {
  const step = stepAt(model, finding.data, finding.start);
  if (!step?.script) return undefined;
  const literal = editableLiteral(step);
  if (!literal) return undefined;
  const script = step.script;
  const login = step.commands.find((c) => {
    const { words } = commandWords(c);
    return words.length > 0 && sameSpan(scriptSpan(script, words[0].start, c.end), finding);
  });
  if (!login) return undefined;
  const loginWords = commandWords(login).words;

  // The command the output is piped into, if any.
  const piped = login.next === '|' ? step.commands.find((c) => c.start >= login.end && c.substitution === login.substitution) : undefined;
  if (piped && extractsGetLoginPassword(commandWords(piped).words)) return passwordFix(step, literal, loginWords, piped, finding);

  if (capturesOutput(step)) return undefined;
  const target = executedTarget(step, login);
  if (!target) return undefined;
  const words = loginWords.map((w) => w.text);
  if (!onlyKnownGetLoginWords(words)) return undefined;
  const region = finding.data?.region ?? awsOptionValue(loginWords, '--region');
  const registryId = ecrLoginRegistryId(loginWords);
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) return undefined;

  let registry = stageRegistry(model, step, region);
  let safe = registry !== undefined;
  if (!registry && registryId && region) {
    registry = ecrHostFor(registryId, region);
    safe = true;
  }
  registry ??= ecrHostFor('AWS_ACCOUNT_ID', region ?? 'REGION');
  const effectiveRegion = region ?? findEcrHosts(registry)[0]?.region;

  const command = `aws ecr get-login-password${effectiveRegion ? ` --region ${effectiveRegion}` : ''} | docker login --username AWS --password-stdin ${registry}`;
  const span = sourceSpan(script, target.start, target.end);
  return {
    kind: 'ecr-get-login-password',
    title: safe ? `Use 'aws ecr get-login-password | docker login' for ${registry}` : "Use 'aws ecr get-login-password | docker login' (fill in the registry)",
    ruleId: finding.ruleId,
    edits: [{ ...span, newText: escapeForLiteral(command, literal.quote, { before: model.text[span.start - 1] ?? '', after: model.text[span.end] ?? '' }) }],
    safe,
  };
}

/** `get-login … | cut -d' ' -f6` → `get-login-password …`: the same words but get-login's own options, without the cut. */
function passwordFix(
  step: ShellStep,
  literal: ast.StringLiteral,
  words: ShellWord[],
  piped: ShellCommand,
  finding: FindingFor<'ecr-get-login-password'>,
): QuickFix | undefined {
  const script = step.script!;
  const sub = words.findIndex((w) => w.text === 'get-login');
  if (sub < 0 || script.text.slice(words[sub].start, words[sub].end) !== 'get-login') return undefined;
  const edits: TextEdit[] = [{ ...sourceSpan(script, words[sub].start, words[sub].end), newText: 'get-login-password' }];
  for (const index of getLoginOnlyWords(words)) {
    // Each dropped word goes with the blanks before it.
    edits.push({ ...sourceSpan(script, words[index - 1].end, words[index].end), newText: '' });
  }
  edits.push({ ...sourceSpan(script, words[words.length - 1].end, piped.end), newText: '' });
  if (edits.some((e) => e.start < literal.contentStart || e.end > literal.contentEnd)) return undefined;
  return {
    kind: 'ecr-get-login-password',
    title: "Use 'aws ecr get-login-password', which prints the password alone",
    ruleId: finding.ruleId,
    edits,
    safe: true,
  };
}

/** `sh(…, returnStdout: true)`: Groovy keeps what the script prints. */
function capturesOutput(step: ShellStep): boolean {
  return step.call.args.some((arg) => argName(arg) === 'returnStdout' && !(arg.value.type === 'BooleanLiteral' && !arg.value.value));
}

/** `aws ecr get-login` with only options that the docker-login rewrite carries over (no --profile, no --endpoint-url …). */
function onlyKnownGetLoginWords(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (
      i === 0
        ? isAwsProgram(word)
        : word === 'ecr' || word === 'get-login' || word === '--no-include-email' || word === '--include-email' || word.startsWith('--region=')
    )
      continue;
    if ((word === '--region' || word === '--registry-ids') && words[i + 1] !== undefined) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/** `sed 's|https://||'`: old docker clients wanted the registry without its scheme; the login is the same. */
function stripsScheme(command: ShellCommand): boolean {
  const words = commandWords(command).words.map((w) => w.text);
  return words.length === 2 && words[0] === 'sed' && /^s(.)https?:\/\/\1\1g?$/.test(words[1]);
}

/** The span to replace when the script runs get-login's output: the whole `$(…)`/`eval $(…)` line or `… | sh` unit. */
function executedTarget(step: ShellStep, login: ShellCommand): { start: number; end: number } | undefined {
  const units = shellUnits(step.commands);
  if (login.substitution) {
    const unit = units.find((u) => u.inner.includes(login));
    if (!unit || unit.commands.length !== 1) return undefined;
    // The substitution alone (after `eval`), not an assignment or an argument.
    const raw = unit.commands[0].words.map((w) => w.text);
    const substitution = raw[0] === 'eval' ? raw.slice(1) : raw;
    if (substitution.length !== 1 || !/^(\$\(.*\)|`.*`)$/s.test(substitution[0])) return undefined;
    const word = unit.commands[0].words[unit.commands[0].words.length - 1];
    if (!(word.start <= login.start && login.end <= word.end)) return undefined;
    // Inside it: the login alone, or piped through a scheme-stripping sed.
    const inside = unit.inner.filter((c) => word.start <= c.start && c.end <= word.end);
    if (!(inside.length === 1 || (inside.length === 2 && inside[0] === login && stripsScheme(inside[1])))) return undefined;
    return { start: unit.start, end: unit.end };
  }
  const unit = units.find((u) => u.commands.includes(login));
  if (unit && unit.commands.length === 2 && unit.commands[0] === login && runsInputAsScript(commandWords(unit.commands[1]).words))
    return { start: unit.start, end: unit.end };
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/** `// jenkinsfile-kaniko-disable-next-line <id>` above the line, unless that line starts inside a string or comment. */
export function disableNextLine(model: JenkinsModel, ruleId: string, offset: number): QuickFix | undefined {
  const text = model.text;
  const lineStart = lineStartOf(text, offset);
  const syntax = syntaxOf(model);
  const literal = syntax.literalAt(lineStart);
  if (literal && literal.contentStart < lineStart) return undefined;
  if (model.parse.comments.some((c) => c.kind === 'block' && c.start < lineStart && lineStart < c.end)) return undefined;
  const title = `Disable ${ruleId} for this line`;
  // Extend a suppression comment already on the line above.
  if (lineStart > 0) {
    const aboveStart = lineStartOf(text, lineStart - 1);
    const above = model.parse.comments.find(
      (c) => c.kind === 'line' && c.start >= aboveStart && c.end <= lineStart && c.text.trim().startsWith(DISABLE_NEXT_LINE),
    );
    if (above && isBlank(text.slice(aboveStart, above.start))) {
      const ids = above.text.trim().slice(DISABLE_NEXT_LINE.length).trim();
      if (ids === '' || ids.split(/[\s,]+/).includes(ruleId)) return undefined;
      return { kind: 'disable-next-line', title, ruleId, edits: [{ start: above.end, end: above.end, newText: `, ${ruleId}` }], safe: false };
    }
  }
  const indent = indentationAt(text, lineStart);
  return {
    kind: 'disable-next-line',
    title,
    ruleId,
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}// ${DISABLE_NEXT_LINE} ${ruleId}\n` }],
    safe: false,
  };
}

/** `// jenkinsfile-kaniko-disable <id>` at the top of the file (after a shebang). */
export function disableFile(model: JenkinsModel, ruleId: string): QuickFix {
  const text = model.text;
  const shebang = model.parse.comments.find((c) => c.kind === 'shebang' && c.start === 0);
  const at = shebang ? nextLineStart(text, shebang.end) : 0;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    kind: 'disable-file',
    title: `Disable ${ruleId} for this file`,
    ruleId,
    edits: [{ start: at, end: at, newText: `// ${DISABLE_FILE} ${ruleId}${newline}` }],
    safe: false,
  };
}
