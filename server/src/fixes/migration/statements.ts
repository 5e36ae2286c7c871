/**
 * From the fate of each statement to text edits: removals, replacements, unwrapped
 * `docker.withRegistry` blocks, and edits inside kept `sh` scripts.
 */
import { calleeName, type ShellStep } from '../../model';
import type * as ast from '../../parser/ast';
import { sourceSpan } from '../../parser/strings';
import type { ShellUnit } from '../shellUnits';
import { attachedComments, removalRange, replacementRange } from '../syntax';
import { indentationAt, isBlank, lineEndOf, lineStartOf, nextLineStart, startsLine } from '../text';
import { renderValue } from '../values';
import { ExecutorPlanner } from './executor';
import { type Fate, type UnitFate, block } from './types';

export abstract class StatementEmitter extends ExecutorPlanner {
  protected resolve(statement: ast.Statement): Fate {
    const cached = this.resolved.get(statement);
    if (cached) return cached;
    let fate: Fate = { kind: 'keep' };
    const own = this.fates.get(statement);
    if (own) {
      fate = own.kind === 'executor' ? { kind: 'replace', lines: this.executorLines(own.builds, statement.start) } : own;
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'CallExpression' && statement.expression.closures.length > 0) {
      const call = statement.expression;
      const children = call.closures.flatMap((c) => c.body).map((s) => this.resolve(s));
      const isRegistry = this.registryWrappers().some((w) => w.call === call);
      if (isRegistry) {
        if (children.every((c) => c.kind === 'remove')) fate = { kind: 'remove' };
        else if (children.every((c) => c.kind === 'remove' || c.kind === 'replace')) {
          fate = { kind: 'replace', lines: children.flatMap((c) => (c.kind === 'replace' ? c.lines : [])) };
        } else fate = { kind: 'unwrap', closure: call.closures[0] };
      } else if (
        children.length > 0 &&
        children.every((c) => c.kind === 'remove') &&
        (REMOVABLE_WRAPPERS.has(calleeName(call) ?? '') || this.emptiedStageGoes(call))
      ) {
        fate = { kind: 'remove' };
      }
    }
    this.resolved.set(statement, fate);
    return fate;
  }

  /**
   * A scripted `stage('Push image') { … }` whose every statement goes (the push moved into the
   * build's executor call) goes too, rather than staying as an empty stage. Only a scripted stage
   * (a declarative one keeps an `echo`, see emptiesDeclarativeSteps) written as a statement of its
   * own, holding no comment but those that go with the statements they precede (any other is the
   * user's text, kept with its stage: the next steps say the stage is empty instead).
   */
  private emptiedStageGoes(call: ast.CallExpression): boolean {
    if (calleeName(call) !== 'stage') return false;
    const stage = this.model.stages.find((s) => s.call === call);
    if (!stage || stage.parentBlock !== 'scripted' || !this.syntax.isWholeStatement(call)) return false;
    const body = call.closures[0];
    if (call.closures.length !== 1 || !body) return false;
    // A comment written with the stage (the lines just above it, or after it on its line) would go with it: the stage stays for it.
    const attached = attachedComments(this.text, this.comments, call);
    const own = this.comments.find((c) => attached.start <= c.start && c.end <= attached.end && (c.end <= call.start || c.start >= call.end));
    if (own) {
      this.nextSteps.push(
        `Stage '${stage.name}' (line ${this.line(call.start)}) is empty now, kept for the comment written with it (line ${this.line(own.start)}); remove both when the comment is no longer needed.`,
      );
      return false;
    }
    // Comments that go with the statements they precede go anyway; any other would go only with the stage.
    const going = body.body.map((statement) => removalRange(this.text, this.comments, statement));
    const kept = this.comments.filter((c) => body.start < c.start && c.end <= body.end && !going.some((r) => r.start <= c.start && c.end <= r.end));
    if (kept.length > 0) {
      this.nextSteps.push(
        `Stage '${stage.name}' (line ${this.line(call.start)}) is empty now, kept for the comments it holds; remove it when they are no longer needed.`,
      );
      return false;
    }
    return true;
  }

  protected emitStatements(): void {
    const body = this.stage.body;
    if (!body) block('internal-error', 'the stage has no body');
    this.emitList(body.body, 0);
  }

  protected emitList(statements: readonly ast.Statement[], dedent: number): void {
    for (const statement of statements) this.emitStatement(statement, dedent);
  }

  protected indentFor(statement: ast.Span, dedent: number): string {
    const indent = indentationAt(this.text, statement.start);
    return indent.slice(Math.min(dedent, indent.length));
  }

  protected emitStatement(statement: ast.Statement, dedent: number): void {
    const fate = this.resolve(statement);
    switch (fate.kind) {
      case 'remove':
        this.edits.push({ ...removalRange(this.text, this.comments, statement), newText: '' });
        return;
      case 'replace': {
        const range = replacementRange(this.text, this.comments, statement);
        const indent = this.indentFor(statement, dedent);
        const unit = this.unitFor(statement);
        const text = fate.lines.map((line, i) => (i === 0 ? '' : indent) + unit.repeat(line.level) + line.text).join('\n');
        if (fate.lines.length === 0) this.edits.push({ ...removalRange(this.text, this.comments, statement), newText: '' });
        else this.edits.push({ ...range, newText: text });
        return;
      }
      case 'unwrap':
        this.unwrap(statement, fate.closure, dedent);
        return;
      case 'script':
        this.editScript(fate.step, fate.units);
        return;
      default:
        if (this.emptiesDeclarativeSteps(statement, dedent)) return;
        for (const list of nestedLists(statement)) this.emitList(list, dedent);
    }
  }

  /**
   * Declarative `steps { }` must keep a step (an empty one fails validation): when every step of
   * the block goes (a stage that only logged in), one `echo` says where the work went instead.
   */
  protected emptiesDeclarativeSteps(statement: ast.Statement, dedent: number): boolean {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') return false;
    const call = statement.expression;
    if (calleeName(call) !== 'steps' || call.closures.length !== 1 || !this.model.stages.some((s) => s.stepsBlock === call)) return false;
    const body = call.closures[0].body;
    if (body.length === 0 || !body.every((child) => this.resolve(child).kind === 'remove')) return false;
    const range = replacementRange(this.text, this.comments, body[0]);
    this.edits.push({ ...range, newText: EMPTIED_STEPS_ECHO });
    for (const child of body.slice(1)) this.emitStatement(child, dedent);
    return true;
  }

  /** One level of indentation where a statement stands: its own indentation beyond its block's line, else the file's. */
  protected unitFor(statement: ast.Statement): string {
    const own = indentationAt(this.text, statement.start);
    const owner = this.syntax.listedStatementOf(statement)?.owner;
    if (owner && owner.type !== 'Program') {
      const outer = indentationAt(this.text, owner.start);
      if (own.length > outer.length && own.startsWith(outer)) return own.slice(outer.length);
    }
    return this.unit;
  }

  /** `docker.withRegistry(…) { body }` → `body`, one level less indented. */
  protected unwrap(statement: ast.Statement, closure: ast.ClosureExpression, dedent: number): void {
    const text = this.text;
    const where = `line ${this.line(statement.start)}`;
    if (!startsLine(text, statement.start)) block('registry-wrapper', `${where}: docker.withRegistry shares its line with other code`);
    const open = closure.start;
    const afterOpen = text.slice(open + 1, lineEndOf(text, open));
    const openComment = this.comments.find((c) => c.start > open && c.start < lineEndOf(text, open));
    if (!isBlank(afterOpen) && !(openComment && isBlank(text.slice(open + 1, openComment.start))))
      block('registry-wrapper', `${where}: code follows the opening brace of docker.withRegistry`);
    const close = closure.end - 1;
    if (!startsLine(text, close)) block('registry-wrapper', `${where}: the closing brace of docker.withRegistry shares its line with code`);
    const tail = attachedComments(text, this.comments, statement);
    if (!isBlank(text.slice(tail.end, lineEndOf(text, tail.end)))) block('registry-wrapper', `${where}: code follows docker.withRegistry's closing brace`);

    const leading = attachedComments(text, this.comments, statement).start;
    const headerStart = lineStartOf(text, leading);
    const bodyStart = nextLineStart(text, open);
    const footerStart = lineStartOf(text, close);
    this.edits.push({ start: headerStart, end: bodyStart, newText: '' });
    this.edits.push({ start: footerStart, end: nextLineStart(text, tail.end), newText: '' });

    const own = indentationAt(text, statement.start).length;
    const first = closure.body[0];
    const inner = first ? indentationAt(text, first.start).length : own;
    const delta = Math.max(0, inner - own);
    const before = this.edits.length;
    this.emitList(closure.body, dedent + delta);
    const childEdits = this.edits.slice(before);
    if (delta === 0) return;
    for (let line = bodyStart; line < footerStart; line = nextLineStart(text, line)) {
      if (this.syntax.literalAt(line) && this.syntax.literalAt(line)!.contentStart < line) continue;
      if (childEdits.some((e) => e.start <= line && line < e.end)) continue;
      const indent = indentationAt(text, line);
      if (isBlank(text.slice(line, lineEndOf(text, line)))) continue;
      const cut = Math.min(delta, indent.length);
      if (cut > 0) this.edits.push({ start: line, end: line + cut, newText: '' });
      if (nextLineStart(text, line) === line) break;
    }
  }

  /** Removes and replaces commands inside a kept `sh` script. */
  protected editScript(step: ShellStep, fates: Map<ShellUnit, UnitFate>): void {
    const script = step.script!;
    const literal = step.literal!;
    const units = [...fates.keys()];
    const removed = new Set<number>();
    units.forEach((unit, i) => {
      if (fates.get(unit) === 'remove') removed.add(i);
    });
    let i = 0;
    while (i < units.length) {
      if (!removed.has(i)) {
        const fate = fates.get(units[i]);
        if (fate && typeof fate === 'object') {
          const span = sourceSpan(script, units[i].start, units[i].end);
          const rendered = renderValue(fate.replace.executor!, literal.quote, { before: this.text[span.start - 1] ?? '', after: this.text[span.end] ?? '' });
          if (rendered === undefined)
            block('shell-form', `line ${this.line(step.call.start)}: the executor command needs Groovy interpolation, which this script's quotes do not allow`);
          this.edits.push({ ...span, newText: rendered });
        }
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < units.length && removed.has(j + 1)) j++;
      if (j + 1 < units.length) {
        // Up to the next kept command: separators and comments in between go too.
        this.edits.push({ start: script.toSource(units[i].start), end: script.toSource(units[j + 1].start), newText: '' });
      } else if (i > 0) {
        // A tail: from the end of the last kept command.
        this.edits.push({
          start: sourceSpan(script, units[i - 1].start, units[i - 1].end).end,
          end: sourceSpan(script, units[j].start, units[j].end).end,
          newText: '',
        });
      }
      i = j + 1;
    }
  }
}

/** What a declarative `steps { }` block the migration empties holds instead (it must keep a step). */
export const EMPTIED_STEPS_ECHO = "echo 'Kaniko builds and pushes in the kaniko container now: nothing left to do here'";

const REMOVABLE_WRAPPERS = new Set([
  'script',
  'withCredentials',
  'withEnv',
  'withAWS',
  'container',
  'dir',
  'timeout',
  'retry',
  'always',
  'success',
  'failure',
  'cleanup',
  'unstable',
  'changed',
  'fixed',
  'regression',
  'aborted',
  'unsuccessful',
  'post',
]);

/** Statement lists nested in a statement (closures of calls, blocks), outermost first. */
function nestedLists(statement: ast.Statement): ast.Statement[][] {
  const lists: ast.Statement[][] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 400 || typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; body?: unknown };
    if ((n.type === 'ClosureExpression' || n.type === 'BlockStatement') && Array.isArray(n.body)) {
      lists.push(n.body as ast.Statement[]);
      return;
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
      else if (typeof value === 'object') visit(value, depth + 1);
    }
  };
  for (const value of Object.values(statement)) {
    if (Array.isArray(value)) for (const v of value) visit(v, 0);
    else if (typeof value === 'object') visit(value, 0);
  }
  return lists;
}
