/**
 * What must hold for any input, however broken: parse → model → rules → fixes → language
 * service run without an exception, every range they return lies inside the document, each
 * input finishes within a gross time bound, and every fix result parses no worse than its input.
 * Returns the violations found (empty when the input is handled well), never throws.
 */
import type { Position, Range } from 'vscode-languageserver-types';
import { applyEdits, fixText, quickFixesFor, type TextEdit } from '../../../server/src/fixes';
import { findMigratableStages, isBlocked, planStageMigration } from '../../../server/src/fixes/migration';
import { buildModel, type JenkinsModel } from '../../../server/src/model';
import { parse, walk, type ParseResult } from '../../../server/src/parser';
import { RULES, runRules, type RuleDiagnostic, type SeveritySetting } from '../../../server/src/rules';
import { DEFAULT_SETTINGS, JenkinsfileLanguageService } from '../../../server/src/service';
import type { Random } from './random';

/** Gross per-input bound: catches hangs and super-linear blow-ups, not slow machines… */
export const DEFAULT_TIME_BOUND_MS = 2000;
/** …plus linear slack for inputs past 50,000 characters (huge repetitions): 20 µs a character. */
/** Inputs from this size on are timed by CPU clock. */
export const CPU_CLOCK_FROM = 5_000;

export function timeBoundFor(length: number, base = DEFAULT_TIME_BOUND_MS): number {
  return base + Math.max(0, length - 50_000) * 0.02;
}

/** Every rule at its default severity, named explicitly so a rule that is off by default someday still runs here. */
export const ALL_RULES_ON: Record<string, SeveritySetting> = Object.fromEntries(RULES.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]));

export interface CheckOptions {
  /** Also exercise the language service (diagnostics, symbols, folding, hover, completion, code actions). */
  service?: boolean;
  /** Also apply the fixes: each stage's Kaniko migration, the whole-file fix, some quick fixes. */
  fixes?: boolean;
  /** Positions for hover/completion are drawn from this; without it, a few fixed ones. */
  random?: Random;
  timeBoundMs?: number;
}

export interface CheckResult {
  problems: string[];
  /**
   * CPU time of this process while checking (user + system), which does not grow with the
   * machine's load, for inputs past CPU_CLOCK_FROM characters; wall time for smaller ones,
   * where reading the CPU clock (a system call) would cost more than the check.
   */
  cpuMs: number;
  elapsedMs: number;
  parseErrors: number;
  /** Took longer than the time bound (one of the problems then says by how much). */
  overTime: boolean;
}

const INTERNAL_PARSER_ERROR = /^Internal parser error/;

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
}

function checkSpan(problems: string[], where: string, span: { start: unknown; end: unknown }, length: number): void {
  const { start, end } = span;
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    problems.push(`${where}: span [${String(start)}, ${String(end)}) is not inside the document (length ${length})`);
  }
}

function checkParse(problems: string[], result: ParseResult, length: number): void {
  for (const error of result.errors) {
    checkSpan(problems, `parse error '${error.message}'`, error, length);
    if (INTERNAL_PARSER_ERROR.test(error.message)) problems.push(`parser crashed (caught): ${error.message}`);
  }
  for (const comment of result.comments) checkSpan(problems, `${comment.kind} comment`, comment, length);
  let reported = 0;
  walk(result.program, (node, _parent, kind) => {
    const before = problems.length;
    checkSpan(problems, `syntax node ${kind}`, node, length);
    if (problems.length > before && ++reported > 5) return false;
  });
}

/** Spans anywhere in the model (stages, pods, containers, steps, shell words, YAML errors…), YAML nodes and mapped strings aside. */
function checkModelSpans(problems: string[], model: JenkinsModel, length: number): void {
  const seen = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 40) return;
    seen.add(value);
    if (typeof (value as { toSource?: unknown }).toSource === 'function') return;
    const record = value as Record<string, unknown>;
    if (typeof record.start === 'number' || typeof record.end === 'number')
      checkSpan(problems, `model ${path}`, record as { start: unknown; end: unknown }, length);
    for (const [key, child] of Object.entries(record)) {
      // Syntax nodes are checked with the parse; YAML nodes have their own coordinates.
      if (
        key === 'parse' ||
        key === 'node' ||
        key === 'documents' ||
        key === 'call' ||
        key === 'expression' ||
        key === 'literal' ||
        key === 'body' ||
        key === 'args' ||
        key === 'receiver' ||
        key === 'scriptExpression' ||
        key === 'stepsBlock' ||
        key === 'pipeline'
      )
        continue;
      if (key === 'parent' || key === 'pod' || key === 'stage') continue;
      visit(child, `${path}.${key}`, depth + 1);
    }
  };
  for (const key of ['stages', 'pods', 'steps', 'containerRefs'] as const) visit(model[key], key, 0);
  for (const [name, variable] of model.variables) visit(variable, `variables.${name}`, 0);
}

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function checkPosition(problems: string[], where: string, position: Position, lines: number[]): void {
  if (!(position.line >= 0 && position.line < lines.length && position.character >= 0 && position.character <= lines[position.line])) {
    problems.push(`${where}: position ${position.line}:${position.character} is outside the document`);
  }
}

function checkRange(problems: string[], where: string, range: Range, lines: number[]): void {
  checkPosition(problems, `${where} start`, range.start, lines);
  checkPosition(problems, `${where} end`, range.end, lines);
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    problems.push(`${where}: range ends before it starts`);
  }
}

/**
 * Parse errors of a text, to compare before and after a fix. When the `yaml` library overflows
 * its stack on very deep YAML, how many errors it reports depends on how deep the caller's stack
 * already was, so the YAML count is then unknown and left out of the comparison
 * (see docs/robustness.md).
 */
function errorCounts(model: JenkinsModel): { groovy: number; yaml: number | undefined } {
  const yamlErrors = model.pods.flatMap((pod) => pod.yaml?.errors ?? []);
  const overflowed = yamlErrors.some((e) => /call stack/i.test(e.message));
  return { groovy: model.parse.errors.length, yaml: overflowed ? undefined : yamlErrors.length };
}

const FIX_SETTINGS = {
  rules: {},
  kanikoImage: DEFAULT_SETTINGS.kanikoImage,
  kanikoKeepAlive: DEFAULT_SETTINGS.kanikoKeepAlive,
  configMapName: DEFAULT_SETTINGS.configMapName,
};

/** Checks one set of edits: applicable, and the result parses no worse than the input. */
function checkEdits(problems: string[], what: string, text: string, before: ReturnType<typeof errorCounts>, edits: readonly TextEdit[]): void {
  const applied = applyEdits(text, edits);
  if (!applied.ok) {
    problems.push(`${what} produced unusable edits: ${applied.error}`);
    return;
  }
  checkResult(problems, what, before, applied.text);
}

function checkResult(problems: string[], what: string, before: ReturnType<typeof errorCounts>, result: string): void {
  const after = errorCounts(buildModel(result));
  if (after.groovy > before.groovy) problems.push(`${what} adds Groovy parse errors (${before.groovy} → ${after.groovy})`);
  if (before.yaml !== undefined && after.yaml !== undefined && after.yaml > before.yaml)
    problems.push(`${what} adds pod YAML errors (${before.yaml} → ${after.yaml})`);
}

/**
 * The fixes: each migratable stage's migration alone, the whole-file fix (`jenkinsfile-kaniko
 * fix`: every stage, then the safe per-line fixes), and the quick fixes of a few findings.
 */
function checkFixes(problems: string[], text: string, model: JenkinsModel, findings: readonly RuleDiagnostic[], random: Random | undefined): void {
  const before = errorCounts(model);
  for (const stage of findMigratableStages(model)) {
    const plan = planStageMigration(model, stage, FIX_SETTINGS);
    if (isBlocked(plan)) {
      if (/internal error/i.test(plan.blocked)) problems.push(`migration of stage '${stage.name}' crashed (caught): ${plan.blocked}`);
      continue;
    }
    checkEdits(problems, `migration of stage '${stage.name}'`, text, before, plan.edits);
  }
  const outcome = fixText(text, FIX_SETTINGS, (next) => buildModel(next));
  if (outcome.error) problems.push(`whole-file fix failed: ${outcome.error}`);
  for (const skipped of outcome.skipped)
    if (/internal error/i.test(skipped.reason)) problems.push(`whole-file fix crashed on stage '${skipped.stage}' (caught): ${skipped.reason}`);
  if (outcome.text !== text) checkResult(problems, 'whole-file fix', before, outcome.text);
  // Every finding's quick fixes would cost a reparse each; a few, drawn at random, cover them over a run.
  const sample = random ? findings.filter(() => random.chance(0.25)).slice(0, 2) : findings.slice(0, 2);
  for (const finding of sample) {
    for (const fix of quickFixesFor(model, finding)) checkEdits(problems, `quick fix '${fix.title}' (${finding.ruleId})`, text, before, fix.edits);
  }
}

function checkService(problems: string[], text: string, random: Random | undefined): void {
  const service = new JenkinsfileLanguageService({ log: (message) => problems.push(`service logged: ${message.split('\n')[0]}`) });
  const document = { uri: 'file:///fuzz/Jenkinsfile', text, version: 1 };
  const lines = lineLengths(text);
  const settings = { ...DEFAULT_SETTINGS, rules: ALL_RULES_ON };
  const diagnostics = service.diagnostics(document, settings);
  diagnostics.forEach((d, i) => checkRange(problems, `LSP diagnostic ${i} (${String(d.code)})`, d.range, lines));
  const symbols = service.documentSymbols(document);
  const visitSymbols = (list: typeof symbols, depth: number): void => {
    for (const symbol of list) {
      checkRange(problems, `symbol '${symbol.name}'`, symbol.range, lines);
      checkRange(problems, `symbol '${symbol.name}' selection`, symbol.selectionRange, lines);
      if (symbol.children && depth < 200) visitSymbols(symbol.children, depth + 1);
    }
  };
  visitSymbols(symbols, 0);
  for (const range of service.foldingRanges(document)) {
    if (!(range.startLine >= 0 && range.startLine <= range.endLine && range.endLine < lines.length))
      problems.push(`folding range ${range.startLine}-${range.endLine} outside the document`);
  }
  const positions: Position[] = [
    { line: 0, character: 0 },
    { line: lines.length - 1, character: lines[lines.length - 1] },
  ];
  for (let i = 0; i < 3; i++) {
    const line = random ? random.int(lines.length) : Math.floor((lines.length * (i + 1)) / 4);
    positions.push({ line, character: random ? random.int(lines[line] + 1) : lines[line] >> 1 });
  }
  for (const position of positions) {
    const hover = service.hover(document, position, settings);
    if (hover?.range) checkRange(problems, 'hover', hover.range, lines);
    const completion = service.completion(document, position);
    for (const item of completion.items) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) checkRange(problems, `completion '${item.label}'`, edit.range, lines);
    }
  }
  for (const lens of service.codeLenses(document, settings)) checkRange(problems, 'code lens', lens.range, lines);
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1] } };
  for (const action of service.codeActions(document, whole, { diagnostics }, settings)) {
    const edits = [
      ...Object.values(action.edit?.changes ?? {}).flat(),
      ...(action.edit?.documentChanges ?? []).flatMap((change) => ('edits' in change ? change.edits : [])),
    ];
    for (const edit of edits) checkRange(problems, `code action '${action.title}'`, edit.range, lines);
  }
}

export function checkInput(text: string, options: CheckOptions = {}): CheckResult {
  const problems: string[] = [];
  const started = performance.now();
  const cpuStarted = text.length >= CPU_CLOCK_FROM ? process.cpuUsage() : undefined;
  let parseErrors = 0;
  const stage = (name: string, run: () => void): boolean => {
    try {
      run();
      return true;
    } catch (error) {
      problems.push(`${name} threw ${describe(error)}`);
      return false;
    }
  };
  let parsed: ParseResult | undefined;
  let model: JenkinsModel | undefined;
  stage('parse', () => {
    parsed = parse(text);
    parseErrors = parsed.errors.length;
    checkParse(problems, parsed, text.length);
  });
  if (parsed) stage('buildModel', () => (model = buildModel(text, { parseResult: parsed })));
  if (model) {
    const built = model;
    stage('model spans', () => checkModelSpans(problems, built, text.length));
    let findings: RuleDiagnostic[] = [];
    stage('runRules', () => {
      findings = runRules(built, {
        severities: ALL_RULES_ON,
        kanikoImage: DEFAULT_SETTINGS.kanikoImage,
        onRuleError: (ruleId, error) => problems.push(`rule ${ruleId} threw ${describe(error)}`),
      });
      for (const finding of findings) {
        checkSpan(problems, `diagnostic ${finding.ruleId}`, finding, text.length);
        if (typeof finding.message !== 'string' || finding.message === '') problems.push(`diagnostic ${finding.ruleId} has no message`);
      }
    });
    if (options.fixes) stage('fixes', () => checkFixes(problems, text, built, findings, options.random));
  }
  if (options.service) stage('language service', () => checkService(problems, text, options.random));
  const elapsedMs = performance.now() - started;
  const cpu = cpuStarted ? process.cpuUsage(cpuStarted) : undefined;
  const cpuMs = cpu ? (cpu.user + cpu.system) / 1000 : elapsedMs;
  const bound = timeBoundFor(text.length, options.timeBoundMs);
  const overTime = cpuMs > bound;
  if (overTime) problems.push(`took ${cpuMs.toFixed(0)} ms of CPU (${elapsedMs.toFixed(0)} ms wall; bound ${bound.toFixed(0)} ms)`);
  return { problems, cpuMs, elapsedMs, parseErrors, overTime };
}
