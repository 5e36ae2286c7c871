/**
 * Per-line quick fixes: remove an AWS CLI install, replace `aws ecr get-login` with
 * `get-login-password | docker login`, and suppression comments. Each returns edits in
 * Jenkinsfile offsets; `safe` marks those `source.fixAll` may apply without asking.
 */
import { awsOptionValue, ecrHostFor, ecrLoginRegistryId, findEcrHosts } from '../aws';
import { commandWords, scriptSpan, type JenkinsModel, type ShellCommand, type ShellStep } from '../model';
import { sourceSpan } from '../parser/strings';
import type { Finding } from '../rules';
import { withLineEndings, type TextEdit } from './apply';
import { syntaxOf } from './syntax';
import { shellUnits, type ShellUnit } from './shellUnits';
import { removalRange } from './syntax';
import { escapeForLiteral, indentationAt, isBlank, lineStartOf, nextLineStart } from './text';

export type QuickFixKind = 'remove-aws-cli-install' | 'ecr-get-login-password' | 'disable-next-line' | 'disable-file';

export interface QuickFix {
  kind: QuickFixKind;
  title: string;
  ruleId: string;
  edits: TextEdit[];
  /** Keeps the pipeline's meaning and needs no input: `source.fixAll` applies it. */
  safe: boolean;
}

/** A rule finding as the fixes read it (runner diagnostics and LSP `data` both fit). */
export interface FindingRef extends Finding {
  ruleId: string;
}

export const DISABLE_NEXT_LINE = 'jenkinsfile-kaniko-disable-next-line';
export const DISABLE_FILE = 'jenkinsfile-kaniko-disable';

/** Every quick fix for one finding, most useful first. */
export function quickFixesFor(model: JenkinsModel, finding: FindingRef): QuickFix[] {
  const fixes: QuickFix[] = [];
  if (finding.ruleId === 'aws-cli-per-run-install') {
    const fix = removeAwsCliInstall(model, finding);
    if (fix) fixes.push(fix);
  }
  if (finding.ruleId === 'ecr-get-login-removed') {
    const fix = rewriteEcrGetLogin(model, finding);
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

function stepAt(model: JenkinsModel, data: Finding['data'], offset: number): ShellStep | undefined {
  const start = typeof data?.stepStart === 'number' ? data.stepStart : undefined;
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

export function removeAwsCliInstall(model: JenkinsModel, finding: FindingRef): QuickFix | undefined {
  const step = stepAt(model, finding.data, finding.start);
  if (!step?.script) return undefined;
  const units = shellUnits(step.commands);
  const index = units.findIndex((u) => u.commands.some((c) => sameSpan(scriptSpan(step.script!, c.start, c.end), finding)));
  if (index < 0) return undefined;
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

export function rewriteEcrGetLogin(model: JenkinsModel, finding: FindingRef): QuickFix | undefined {
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
  const { words } = commandWords(login);
  const region = (typeof finding.data?.region === 'string' ? finding.data.region : undefined) ?? awsOptionValue(words, '--region');
  const registryId = ecrLoginRegistryId(words);
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) return undefined;

  let registry = stageRegistry(model, step, region);
  let safe = registry !== undefined;
  if (!registry && registryId && region) {
    registry = ecrHostFor(registryId, region);
    safe = true;
  }
  registry ??= ecrHostFor('AWS_ACCOUNT_ID', region ?? 'REGION');
  const effectiveRegion = region ?? findEcrHosts(registry)[0]?.region;

  // What to replace: `$(aws ecr get-login …)` / `eval $(…)` as a whole, `aws ecr get-login … | sh`, or the command.
  const target = replacementTarget(step, login);
  if (!target) return undefined;
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

function replacementTarget(step: ShellStep, login: ShellCommand): { start: number; end: number } | undefined {
  const units = shellUnits(step.commands);
  if (login.substitution) {
    const unit = units.find((u) => u.inner.includes(login));
    if (!unit || unit.commands.length !== 1) return undefined;
    const words = commandWords(unit.commands[0]).words;
    // Only when the substitution is the whole command (its output was run as a command).
    if (words.length !== 1 || !(words[0].start <= login.start && login.end <= words[0].end)) return undefined;
    return { start: unit.start, end: unit.end };
  }
  const unit = units.find((u) => u.commands.includes(login));
  if (!unit) return undefined;
  if (unit.commands.length === 2 && unit.commands[0] === login && /^(ba|da)?sh$|^bash$/.test(unit.commands[1].words[0]?.text ?? '')) return { start: unit.start, end: unit.end };
  if (unit.commands.length !== 1) return undefined;
  return { start: login.start, end: login.end };
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
    const above = model.parse.comments.find((c) => c.kind === 'line' && c.start >= aboveStart && c.end <= lineStart && c.text.trim().startsWith(DISABLE_NEXT_LINE));
    if (above && isBlank(text.slice(aboveStart, above.start))) {
      const ids = above.text.trim().slice(DISABLE_NEXT_LINE.length).trim();
      if (ids === '' || ids.split(/[\s,]+/).includes(ruleId)) return undefined;
      return { kind: 'disable-next-line', title, ruleId, edits: [{ start: above.end, end: above.end, newText: `, ${ruleId}` }], safe: false };
    }
  }
  const indent = indentationAt(text, lineStart);
  return { kind: 'disable-next-line', title, ruleId, edits: [{ start: lineStart, end: lineStart, newText: `${indent}// ${DISABLE_NEXT_LINE} ${ruleId}\n` }], safe: false };
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
