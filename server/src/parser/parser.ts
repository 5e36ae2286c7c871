/**
 * Recursive-descent parser for the Groovy that Jenkinsfiles use.
 *
 * Never throws: what it cannot make sense of becomes an `ErrorNode` plus an entry in `errors`,
 * and parsing resumes at the next statement or closing bracket. Nesting is capped (MAX_DEPTH);
 * deeper input is skipped by a non-recursive bracket-matching scan, so pathological input
 * cannot overflow the stack.
 */
import type * as A from './ast';
import { lex, RESERVED, type Token } from './lexer';

const MAX_DEPTH = 500;
/** Tokens `stringClose` reads of one string before it asks the whole file's bracket table instead. */
const STRING_SCAN_TOKENS = 256;
const MAX_ERRORS = 1000;
/** How far to look for `->` when deciding whether a closure declares parameters. */
const CLOSURE_PARAM_LOOKAHEAD = 100;

const MODIFIERS = new Set(['public', 'private', 'protected', 'static', 'final', 'abstract', 'synchronized', 'transient', 'volatile', 'native', 'strictfp']);
const PRIMITIVES = new Set(['boolean', 'byte', 'char', 'short', 'int', 'long', 'float', 'double', 'void']);
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>=', '>>>=', '?=']);
/** A Map, not an object: looked up with every token after an operand, which made an object's keyed lookup megamorphic. */
const BINARY_PRECEDENCE = new Map<string, number>(
  Object.entries({
    '||': 3,
    '&&': 4,
    '|': 5,
    '^': 6,
    '&': 7,
    '=~': 8,
    '==~': 8,
    '==': 9,
    '!=': 9,
    '<=>': 9,
    '===': 9,
    '!==': 9,
    '<': 10,
    '<=': 10,
    '>': 10,
    '>=': 10,
    in: 10,
    '!in': 10,
    instanceof: 10,
    '!instanceof': 10,
    as: 10,
    '<<': 11,
    '>>': 11,
    '>>>': 11,
    '..': 11,
    '..<': 11,
    '<..': 11,
    '<..<': 11,
    '+': 12,
    '-': 12,
    '*': 13,
    '/': 13,
    '%': 13,
  }),
);
/** Binary operators that may begin a continuation line (Groovy allows more; these are the ones written that way). */
const LEADING_LINE_OPS = new Set([
  '||',
  '&&',
  '|',
  '&',
  '^',
  '==',
  '!=',
  '===',
  '!==',
  '<=>',
  '=~',
  '==~',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  '!in',
  'instanceof',
  '!instanceof',
  'as',
]);
const PROPERTY_OPS = new Set(['.', '?.', '*.', '.&', '::', '??.', '.@']);
type Closer = ')' | ']' | '}';

export function parse(text: string): A.ParseResult {
  const source = typeof text === 'string' ? text : String(text ?? '');
  try {
    return new Parser(source).parseProgram();
  } catch (e) {
    // Last resort; the parser is written not to get here.
    const message = 'Internal parser error: ' + (e instanceof Error ? e.message : String(e));
    const error: A.ErrorNode = { type: 'Error', start: 0, end: source.length, message };
    return {
      program: { type: 'Program', start: 0, end: source.length, body: [error] },
      comments: [],
      errors: [{ start: 0, end: source.length, message }],
    };
  }
}

class Parser {
  private readonly toks: Token[];
  private readonly comments: A.Comment[];
  private readonly errors: A.ParseError[] = [];
  private pos = 0;
  private depth = 0;
  /** Whether line breaks end statements here (inside `{…}`), or are insignificant (inside `(…)`, `[…]`). */
  private nlSignificant = true;
  /**
   * Token index where the current expression statement, assignment value or initializer begins.
   * A path expression starting exactly there may take a closure written on a later line
   * (`stage('x')` newline `{`): Groovy 2.4 attaches such a `{` only in that position
   * (its grammar's `lc_stmt == LC_STMT || LC_INIT`), never after an operator, a unary sign,
   * `return`/`throw`, or a command's arguments.
   */
  private lcStmtTok = -1;
  /** Inside an interface body, methods have no bodies. */
  private inInterface = false;
  private last: Token | undefined;
  /** After a nesting overflow skipped to the end of input, the enclosing unclosed brackets are not reported again. */
  private overflowedToEof = false;
  private extendedEnd = 0;
  private tooManyErrors = false;

  /**
   * For each opening token (bracket, `strStart`, `interpStart`), the index of its closing token, or -1;
   * built on first use (`closeOf`): most files only ask where a string closes (`stringClose`).
   */
  private matchTable: number[] | undefined;
  /** `stringClose`'s stack of open bracket kinds, kept for the next call. */
  private readonly openKinds: number[] = [];
  /** Token indices of the `->` operators, ascending. */
  private readonly arrows: number[];
  /** Offsets of the `=` operators, ascending (for the result). */
  private readonly equalsOperators: number[];

  constructor(private readonly src: string) {
    const lexed = lex(src);
    this.toks = lexed.tokens;
    this.comments = lexed.comments;
    this.arrows = lexed.arrows;
    this.equalsOperators = lexed.equalsOperators;
    for (const e of lexed.errors) this.error(e.start, e.end, e.message);
  }

  /** Index of the token closing the opener at `i` (see `matchBrackets`), or -1. */
  private closeOf(i: number): number {
    return (this.matchTable ??= matchBrackets(this.toks))[i];
  }

  /**
   * `closeOf(i)` for the `strStart` at `i`, mostly without the whole file's table: the string closes
   * at its own `strEnd` unless a closer inside one of its `${…}` has no opener there (`${ a) }`),
   * which the table pops past the string's opener (then it asks the table).
   */
  private stringClose(i: number): number {
    if (this.matchTable) return this.matchTable[i];
    const toks = this.toks;
    const stack = this.openKinds;
    stack.length = 0;
    // A long string asks the table, built once: rescanning each string key nested inside another is
    // quadratic on crafted input (`["${["${…}": 1]}": 1]` 500 deep).
    const last = Math.min(toks.length, i + 1 + STRING_SCAN_TOKENS);
    for (let j = i + 1; j < last; j++) {
      const t = toks[j];
      // Chunks and `$name` parts, the common case, open and close nothing.
      if (t.kind === 'strChunk' || t.kind === 'interpPath') continue;
      if (t.kind === 'strEnd' && stack.length === 0) return j;
      const code = bracketCode(t);
      if (code > 0) stack.push(code);
      else if (code < 0) {
        // Inside the string, a closer must close the innermost opener: otherwise the table decides.
        if (stack.length === 0 || stack[stack.length - 1] !== -code) break;
        stack.pop();
      }
    }
    return this.closeOf(i);
  }

  /** Token at index `i`, or the final `eof` token past the end. */
  private at(i: number): Token {
    return this.toks[i < this.toks.length ? i : this.toks.length - 1];
  }

  // -- token helpers -------------------------------------------------------------

  private peek(k = 0): Token {
    // `at` inlined: called for nearly every test of the next token.
    const i = this.pos + k;
    const toks = this.toks;
    return toks[i < toks.length ? i : toks.length - 1];
  }

  private next(): Token {
    const t = this.toks[this.pos];
    if (t.kind !== 'eof') this.pos++;
    this.last = t;
    return t;
  }

  /**
   * End of the last consumed token, or further when a construct left unclosed at the end of
   * input (or of an interpolation) was extended there, so enclosing nodes extend with it.
   */
  private get lastEnd(): number {
    return Math.max(this.last ? this.last.end : 0, this.extendedEnd);
  }

  private extendTo(t: Token): number {
    if (t.kind === 'eof' || t.kind === 'interpEnd') this.extendedEnd = Math.max(this.extendedEnd, t.start);
    return this.lastEnd;
  }

  private isOp(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private isWord(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.kind === 'word' && t.text === text;
  }

  private isIdentifierWord(t: Token | undefined): boolean {
    return t !== undefined && t.kind === 'word' && !RESERVED.has(t.text);
  }

  /** The token is on the same logical line as the previous one. */
  private sameLine(t: Token): boolean {
    return !t.nl || !this.nlSignificant;
  }

  private isCloser(t: Token): boolean {
    return t.kind === 'eof' || t.kind === 'interpEnd' || t.kind === 'strEnd' || (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}'));
  }

  /** The current statement cannot continue past here. */
  private atStatementEnd(): boolean {
    const t = this.peek();
    return this.isCloser(t) || this.isOp(t, ';') || (t.nl && this.nlSignificant);
  }

  private error(start: number, end: number, message: string): void {
    if (this.tooManyErrors) return;
    const last = this.errors[this.errors.length - 1];
    if (last && last.start === start && last.message === message) return;
    if (this.errors.length >= MAX_ERRORS) {
      this.tooManyErrors = true;
      this.errors.push({ start, end, message: 'Too many errors; further errors are not reported' });
      return;
    }
    this.errors.push({ start, end, message });
  }

  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof':
        return 'end of file';
      case 'strStart':
        return 'string';
      case 'interpEnd':
        return "'}'";
      default:
        return `'${t.text.length > 20 ? t.text.slice(0, 20) + '…' : t.text}'`;
    }
  }

  private errorNode(start: number, end: number, message: string): A.ErrorNode {
    this.error(start, end, message);
    return { type: 'Error', start, end, message };
  }

  /**
   * Zero-width error node for something missing, consuming nothing. The node sits right after
   * the last consumed token (inside the enclosing node); the error points at what came instead.
   */
  private missing(what: string): A.ErrorNode {
    const t = this.peek();
    const at = this.lastEnd;
    const message = `Expected ${what}` + (t.kind === 'eof' ? '' : ` before ${this.describe(t)}`);
    if (t.kind === 'eof' || t.nl || t.kind === 'interpEnd' || t.kind === 'strEnd') this.error(at, at, message);
    else this.error(t.start, t.end, message);
    return { type: 'Error', start: at, end: at, message };
  }

  private expectOp(text: string): boolean {
    if (this.isOp(this.peek(), text)) {
      this.next();
      return true;
    }
    this.missing(`'${text}'`);
    return false;
  }

  private unclosed(open: Token, closer: string): void {
    this.extendTo(this.peek());
    if (this.overflowedToEof) return;
    this.error(open.start, open.end, `'${open.text}' is not closed: missing '${closer}'`);
  }

  /** Runs `fn` with line breaks (in)significant, restoring the previous mode. */
  private withNl<T>(significant: boolean, fn: () => T): T {
    const savedNl = this.nlSignificant;
    this.nlSignificant = significant;
    try {
      return fn();
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  /**
   * Skips input that is nested too deeply, without recursion: up to the next statement end,
   * comma or unmatched closing bracket at the current level.
   */
  private skipTooDeep(): A.ErrorNode {
    const start = this.peek().start;
    const stack = new BracketStack();
    let steps = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (stack.size > 0) this.overflowedToEof = true;
        break;
      }
      if (stack.size === 0 && steps > 0 && (this.isOp(t, ';') || this.isOp(t, ',') || (t.nl && this.nlSignificant))) break;
      if (!stack.step(t)) break;
      this.next();
      steps++;
    }
    const end = Math.max(start, this.lastEnd);
    return this.errorNode(start, end, 'Nesting is too deep; this part was skipped');
  }

  // -- program and statements ----------------------------------------------------

  parseProgram(): A.ParseResult {
    const body = this.parseStatements(undefined);
    const program: A.Program = { type: 'Program', start: 0, end: this.src.length, body };
    this.errors.sort((a, b) => a.start - b.start || a.end - b.end);
    return { program, comments: this.comments, errors: this.errors, equalsOperators: this.equalsOperators };
  }

  /**
   * Statements up to (not including) `closer`, or to end of input at top level.
   * Stops at `interpEnd` and end of input in any case; the caller reports what is missing.
   */
  private parseStatements(closer: Closer | undefined, stopAt?: (t: Token) => boolean): A.Statement[] {
    // Statements always end at line breaks: set here, not by each caller through withNl and a closure.
    const savedNl = this.nlSignificant;
    this.nlSignificant = true;
    try {
      return this.parseStatementList(closer, stopAt);
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  private parseStatementList(closer: Closer | undefined, stopAt: ((t: Token) => boolean) | undefined): A.Statement[] {
    const body: A.Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'interpEnd' || t.kind === 'strEnd') return body;
      if (t.kind === 'op') {
        if (t.text === ';') {
          this.next();
          continue;
        }
        if (t.text === closer) return body;
      }
      if (stopAt && stopAt(t)) return body;
      if (t.kind === 'op' && (t.text === '}' || t.text === ')' || t.text === ']')) {
        if (closer === '}' && t.text !== '}') {
          // A stray `)`/`]` inside a block: report and drop it.
          this.next();
          body.push(this.errorNode(t.start, t.end, `Unexpected '${t.text}'`));
          continue;
        }
        if (closer !== undefined) return body;
        this.next();
        body.push(this.errorNode(t.start, t.end, `Unexpected '${t.text}' without a matching opening bracket`));
        continue;
      }
      this.parseStatementInto(body);
    }
  }

  /** Parses one statement into `body`; where nothing parses, one error for the offending token instead. */
  private parseStatementInto(body: A.Statement[]): void {
    const before = this.pos;
    const errorCount = this.errors.length;
    const statement = this.parseStatement();
    if (this.pos === before) {
      if (!this.tooManyErrors) this.errors.length = errorCount;
      const bad = this.next();
      body.push(this.errorNode(bad.start, bad.end, `Unexpected ${this.describe(bad)}`));
      return;
    }
    if (statement) body.push(statement);
    this.checkSeparator();
  }

  /** After a statement: a line break, `;`, or a closing bracket must follow. */
  private checkSeparator(): void {
    const t = this.peek();
    if (t.nl || this.isCloser(t) || this.isOp(t, ';')) return;
    // `}  stages {` on one line: Jenkinsfiles do this; a closing brace ends the statement.
    if (this.last && this.last.kind === 'op' && this.last.text === '}') return;
    this.error(t.start, t.end, `Expected a line break or ';' before ${this.describe(t)}`);
  }

  private parseStatement(): A.Statement | undefined {
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep();
    this.depth++;
    try {
      return this.parseStatementInner();
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      return this.skipTooDeep();
    } finally {
      this.depth--;
    }
  }

  private parseStatementInner(): A.Statement | undefined {
    let t = this.peek();
    let annotations: A.Annotation[] = [];
    if (this.isOp(t, '@') && this.peek(1).kind === 'word' && this.peek(1).text !== 'interface') {
      annotations = this.parseAnnotations();
      t = this.peek();
      if (this.isCloser(t)) {
        const first = annotations[0];
        this.error(first.start, this.lastEnd, 'Annotation without a declaration or statement');
        return {
          type: 'ExpressionStatement',
          start: first.start,
          end: this.lastEnd,
          expression: { type: 'Error', start: this.lastEnd, end: this.lastEnd, message: 'Missing statement' },
          annotations,
        };
      }
    }
    // Most statements start with a plain name: one RESERVED lookup decides the keyword tests below.
    const plainWord = t.kind === 'word' && !RESERVED.has(t.text);
    if (t.kind === 'word' && !plainWord && MODIFIERS.has(t.text)) {
      // `abstract class X`, `final class X`, `public static class X`.
      let j = this.pos;
      while (this.at(j).kind === 'word' && MODIFIERS.has(this.at(j).text)) j++;
      const keyword = this.at(j);
      if (
        keyword.kind === 'word' &&
        (keyword.text === 'class' ||
          keyword.text === 'interface' ||
          keyword.text === 'enum' ||
          (keyword.text === 'trait' && this.isIdentifierWord(this.at(j + 1))))
      ) {
        const start = annotations.length > 0 ? annotations[0].start : t.start;
        this.pos = j;
        return this.parseClass(annotations, start);
      }
    }
    // Each case is a reserved word but `trait`: a plain name skips the string comparisons.
    if (t.kind === 'word' && (!plainWord || t.text === 'trait')) {
      switch (t.text) {
        case 'import':
          return this.parseImport(annotations);
        case 'package':
          return this.parsePackage();
        case 'if':
          return this.withAnnotationsDropped(annotations, this.parseIf());
        case 'for':
          return this.withAnnotationsDropped(annotations, this.parseFor());
        case 'while':
          return this.withAnnotationsDropped(annotations, this.parseWhile());
        case 'do':
          return this.withAnnotationsDropped(annotations, this.parseDo());
        case 'try':
          return this.withAnnotationsDropped(annotations, this.parseTry());
        case 'switch':
          return this.withAnnotationsDropped(annotations, this.parseSwitch());
        case 'return':
        case 'throw':
          return this.withAnnotationsDropped(annotations, this.parseReturnOrThrow());
        case 'break':
        case 'continue':
          return this.withAnnotationsDropped(annotations, this.parseJump());
        case 'assert':
          return this.withAnnotationsDropped(annotations, this.parseAssert());
        case 'synchronized':
          if (this.isOp(this.peek(1), '(')) return this.withAnnotationsDropped(annotations, this.parseSynchronized());
          break;
        case 'class':
        case 'interface':
        case 'enum':
          return this.parseClass(annotations);
        case 'trait':
          if (this.isIdentifierWord(this.peek(1)) && this.sameLine(this.peek(1))) return this.parseClass(annotations);
          break;
        case 'case':
        case 'default':
        case 'else':
        case 'catch':
        case 'finally': {
          if (t.text === 'default' && this.isOp(this.peek(1), ':')) break;
          this.next();
          return this.errorNode(t.start, t.end, `Unexpected '${t.text}'`);
        }
      }
    }
    // `{ -> … }` / `{ a -> … }` at the start of a statement is a closure expression; a bare `{` is a block.
    if (this.isOp(t, '{') && !this.closureHasParamsAt(this.pos + 1)) return this.withAnnotationsDropped(annotations, this.parseBlock());
    // Labels (`outer: for (…)`): kept out of the tree.
    if (plainWord && this.isOp(this.peek(1), ':') && annotations.length === 0) {
      this.next();
      this.next();
      if (this.atStatementEnd()) return undefined;
      return this.parseStatement();
    }
    const declaration = this.tryDeclaration(annotations, false);
    if (declaration) return declaration;
    if (!plainWord && !this.canStartExpression(t)) {
      // Garbage: one error for the rest of the line.
      this.skipUntil(() => false, true);
      const end = Math.max(t.end, this.lastEnd);
      return this.errorNode(t.start, end, `Unexpected ${this.describe(t)}`);
    }
    const expression = this.parseExpressionWithCommand(true);
    const start = annotations.length > 0 ? annotations[0].start : expression.start;
    return { type: 'ExpressionStatement', start, end: expression.end, expression, annotations };
  }

  private canStartExpression(t: Token): boolean {
    switch (t.kind) {
      case 'word':
        return !RESERVED.has(t.text) || PRIMITIVES.has(t.text) || ['this', 'super', 'true', 'false', 'null', 'new'].includes(t.text);
      case 'number':
      case 'strStart':
        return true;
      case 'op':
        return ['(', '[', '{', '!', '~', '-', '+', '++', '--'].includes(t.text);
      default:
        return false;
    }
  }

  private withAnnotationsDropped(annotations: A.Annotation[], statement: A.Statement): A.Statement {
    if (annotations.length > 0) this.error(annotations[0].start, annotations[annotations.length - 1].end, 'Annotations are not allowed on this statement');
    return statement;
  }

  private parseAnnotations(): A.Annotation[] {
    const annotations: A.Annotation[] = [];
    while (this.isOp(this.peek(), '@') && this.peek(1).kind === 'word' && this.peek(1).text !== 'interface') {
      const at = this.next();
      let name = this.next().text;
      while (this.isOp(this.peek(), '.') && this.peek(1).kind === 'word') {
        this.next();
        name += '.' + this.next().text;
      }
      let args: A.Argument[] = [];
      if (this.isOp(this.peek(), '(') && !this.peek().nl) {
        const open = this.next();
        args = this.parseArgumentsUntilClose(open, true);
      }
      annotations.push({ type: 'Annotation', start: at.start, end: this.lastEnd, name, args });
    }
    return annotations;
  }

  private parseImport(annotations: A.Annotation[]): A.ImportStatement {
    const keyword = this.next();
    const start = annotations.length > 0 ? annotations[0].start : keyword.start;
    let isStatic = false;
    if (this.isWord(this.peek(), 'static') && !this.peek().nl) {
      this.next();
      isStatic = true;
    }
    let path = '';
    while (!this.atStatementEnd()) {
      const t = this.peek();
      if (t.kind === 'word' && t.text !== 'as') {
        path += this.next().text;
      } else if (this.isOp(t, '.') || this.isOp(t, '*')) {
        path += this.next().text;
      } else if (this.isOp(t, '.&') || this.isOp(t, '*.')) {
        path += this.next().text;
      } else {
        break;
      }
    }
    if (path === '') this.missing('an import path');
    const statement: A.ImportStatement = { type: 'ImportStatement', start, end: this.lastEnd, path };
    if (this.isWord(this.peek(), 'as') && !this.peek().nl) {
      this.next();
      if (this.peek().kind === 'word' && !this.peek().nl) statement.alias = this.next().text;
      else this.missing('an alias name');
      statement.end = this.lastEnd;
    }
    if (isStatic) statement.isStatic = true;
    if (annotations.length > 0) statement.annotations = annotations;
    if (!this.atStatementEnd()) {
      const t = this.peek();
      this.error(t.start, t.end, `Unexpected ${this.describe(t)} in import`);
    }
    return statement;
  }

  /** `package a.b` has no node; it is consumed and left out of the tree. */
  private parsePackage(): undefined {
    this.next();
    while (!this.atStatementEnd()) {
      const t = this.peek();
      if (t.kind === 'word' || this.isOp(t, '.')) this.next();
      else break;
    }
    return undefined;
  }

  private parseBlock(): A.BlockStatement {
    const open = this.next();
    const body = this.parseStatements('}');
    return { type: 'BlockStatement', start: open.start, end: this.closeBrace(open), body };
  }

  /** Consumes the `}` of `open`, or reports it missing. Returns the end offset of the construct. */
  private closeBrace(open: Token): number {
    const t = this.peek();
    if (this.isOp(t, '}')) {
      this.next();
      return t.end;
    }
    this.unclosed(open, '}');
    return this.lastEnd;
  }

  /** A statement body (`if (x) body`): line breaks before it are allowed. */
  private parseBody(what: string): A.Statement {
    const t = this.peek();
    if (this.isCloser(t) || this.isOp(t, ';')) return this.missing(what);
    return this.parseStatement() ?? this.missing(what);
  }

  /** `(expr)` after `if`, `while`, `switch`, `synchronized`. */
  private parseCondition(): A.Expression {
    const open = this.peek();
    if (!this.isOp(open, '(')) return this.missing("'('");
    this.next();
    const expr = this.isOp(this.peek(), ')') ? this.missing('a condition') : this.parseExpressionInBrackets();
    this.closeParen(open);
    return expr;
  }

  private closeParen(open: Token): void {
    const t = this.peek();
    if (this.isOp(t, ')')) {
      this.next();
      return;
    }
    if (this.isCloser(t) || t.nl) {
      this.unclosed(open, ')');
      return;
    }
    // Junk before the `)`: skip it on this line.
    const start = t.start;
    this.skipUntil((x) => this.isOp(x, ')') || this.isOp(x, '{') || x.nl, false);
    // Nothing skipped when the junk is a `{`: then the error covers that token (never ends before it starts).
    this.error(start, Math.max(this.lastEnd, t.end), "Unexpected input; expected ')'");
    if (this.isOp(this.peek(), ')')) this.next();
  }

  /**
   * Skips tokens, balancing brackets, until `stop` matches at the top level, an unmatched closer,
   * or end of input. Returns whether anything was skipped.
   */
  private skipUntil(stop: (t: Token) => boolean, stopAtNewline: boolean): boolean {
    const stack = new BracketStack();
    let skipped = false;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return skipped;
      if (stack.size === 0) {
        if (skipped && stopAtNewline && t.nl && this.nlSignificant) return skipped;
        if (stop(t)) return skipped;
      }
      if (!stack.step(t)) return skipped;
      this.next();
      skipped = true;
    }
  }

  private parseIf(): A.IfStatement {
    const keyword = this.next();
    const test = this.parseCondition();
    const consequent = this.parseBody('a statement after if (…)');
    const statement: A.IfStatement = { type: 'IfStatement', start: keyword.start, end: consequent.end, test, consequent };
    let t = this.peek();
    if (this.isOp(t, ';') && this.isWord(this.peek(1), 'else')) {
      this.next();
      t = this.peek();
    }
    if (this.isWord(t, 'else')) {
      this.next();
      const alternate = this.parseBody("a statement after 'else'");
      statement.alternate = alternate;
      statement.end = alternate.end;
    }
    return statement;
  }

  private parseWhile(): A.WhileStatement {
    const keyword = this.next();
    const test = this.parseCondition();
    const body = this.parseBody('a statement after while (…)');
    return { type: 'WhileStatement', start: keyword.start, end: body.end, test, body };
  }

  private parseDo(): A.BlockStatement {
    const keyword = this.next();
    const body = this.parseBody("a statement after 'do'");
    const statement: A.BlockStatement = { type: 'BlockStatement', start: keyword.start, end: body.end, body: [body], keyword: 'do', expressions: [] };
    if (this.isWord(this.peek(), 'while')) {
      this.next();
      statement.expressions = [this.parseCondition()];
      statement.end = this.lastEnd;
    } else {
      this.missing("'while (…)' after the do body");
    }
    return statement;
  }

  private parseSynchronized(): A.BlockStatement {
    const keyword = this.next();
    const lock = this.parseCondition();
    const block = this.isOp(this.peek(), '{') ? this.parseBlock() : undefined;
    if (!block) this.missing("'{'");
    return {
      type: 'BlockStatement',
      start: keyword.start,
      end: block ? block.end : this.lastEnd,
      body: block ? block.body : [],
      keyword: 'synchronized',
      expressions: [lock],
    };
  }

  private parseAssert(): A.BlockStatement {
    const keyword = this.next();
    const expressions: A.Expression[] = [this.atStatementEnd() ? this.missing('a condition') : this.parseExpression()];
    if ((this.isOp(this.peek(), ':') || this.isOp(this.peek(), ',')) && this.sameLine(this.peek())) {
      this.next();
      expressions.push(this.parseExpression());
    }
    return { type: 'BlockStatement', start: keyword.start, end: this.lastEnd, body: [], keyword: 'assert', expressions };
  }

  private parseReturnOrThrow(): A.ReturnStatement | A.ThrowStatement {
    const keyword = this.next();
    const argument = this.atStatementEnd() ? undefined : this.parseExpressionWithCommand();
    if (keyword.text === 'throw') {
      if (!argument) this.missing('an exception to throw');
      const statement: A.ThrowStatement = { type: 'ThrowStatement', start: keyword.start, end: argument ? argument.end : keyword.end };
      if (argument) statement.argument = argument;
      return statement;
    }
    const statement: A.ReturnStatement = { type: 'ReturnStatement', start: keyword.start, end: argument ? argument.end : keyword.end };
    if (argument) statement.argument = argument;
    return statement;
  }

  private parseJump(): A.JumpStatement {
    const keyword = this.next();
    if (this.isIdentifierWord(this.peek()) && !this.peek().nl) this.next(); // label
    return { type: 'JumpStatement', start: keyword.start, end: this.lastEnd, keyword: keyword.text as 'break' | 'continue' };
  }

  private parseTry(): A.TryStatement {
    const keyword = this.next();
    if (this.isOp(this.peek(), '(')) {
      // try-with-resources: the resources have no place in the tree.
      const open = this.peek();
      this.next();
      this.skipUntil((t) => this.isOp(t, ')'), false);
      if (!this.isOp(this.peek(), ')')) this.unclosed(open, ')');
      else this.next();
      this.error(open.start, this.lastEnd, 'try-with-resources is not supported here; the resources are ignored');
    }
    const block = this.requireBlock("'{' after try");
    const statement: A.TryStatement = { type: 'TryStatement', start: keyword.start, end: block.end, block, handlers: [] };
    for (;;) {
      let t = this.peek();
      if (this.isOp(t, ';') && (this.isWord(this.peek(1), 'catch') || this.isWord(this.peek(1), 'finally'))) {
        this.next();
        t = this.peek();
      }
      if (!this.isWord(t, 'catch')) break;
      this.next();
      const clause: A.CatchClause = { start: t.start, end: t.end, body: undefined as unknown as A.BlockStatement };
      const open = this.peek();
      if (this.isOp(open, '(')) {
        this.next();
        this.withNl(false, () => {
          while (this.isWord(this.peek(), 'final')) this.next();
          // Types: `A | B name`, `A name`, or just `name`.
          const typeStart = this.peek().start;
          let typeEnd = -1;
          for (;;) {
            const end = this.scanType(this.pos, false);
            if (end < 0) break;
            const after = this.at(Math.min(end, this.toks.length - 1));
            if (this.isOp(after, '|')) {
              typeEnd = after.start;
              this.pos = end + 1;
              continue;
            }
            if (after.kind === 'word') {
              this.pos = end;
              typeEnd = this.at(end - 1).end;
            }
            break;
          }
          if (typeEnd >= 0) clause.typeName = this.src.slice(typeStart, typeEnd).trim();
          const name = this.peek();
          if (name.kind === 'word' && !RESERVED.has(name.text)) {
            this.next();
            clause.param = { type: 'Identifier', start: name.start, end: name.end, name: name.text };
          } else {
            this.missing('a name for the caught exception');
          }
        });
        this.closeParen(open);
      }
      clause.body = this.requireBlock("'{' after catch (…)");
      clause.end = clause.body.end;
      statement.handlers.push(clause);
      statement.end = clause.end;
    }
    let t = this.peek();
    if (this.isOp(t, ';') && this.isWord(this.peek(1), 'finally')) {
      this.next();
      t = this.peek();
    }
    if (this.isWord(t, 'finally')) {
      this.next();
      statement.finalizer = this.requireBlock("'{' after finally");
      statement.end = statement.finalizer.end;
    }
    if (statement.handlers.length === 0 && !statement.finalizer) this.error(keyword.start, keyword.end, "'try' without 'catch' or 'finally'");
    return statement;
  }

  private requireBlock(what: string): A.BlockStatement {
    if (this.isOp(this.peek(), '{')) return this.parseBlock();
    const at = this.missing(what);
    return { type: 'BlockStatement', start: at.start, end: at.end, body: [] };
  }

  private parseSwitch(): A.BlockStatement {
    const keyword = this.next();
    const discriminant = this.parseCondition();
    const statement: A.BlockStatement = {
      type: 'BlockStatement',
      start: keyword.start,
      end: this.lastEnd,
      body: [],
      keyword: 'switch',
      expressions: [discriminant],
    };
    const open = this.peek();
    if (!this.isOp(open, '{')) {
      this.missing("'{' after switch (…)");
      return statement;
    }
    this.next();
    this.withNl(true, () => {
      for (;;) {
        const t = this.peek();
        if (this.isOp(t, '}') || this.isCloser(t)) break;
        if (this.isWord(t, 'case')) {
          this.next();
          statement.expressions!.push(this.parseExpressionInBrackets());
          this.expectOp(':');
          continue;
        }
        if (this.isWord(t, 'default') && this.isOp(this.peek(1), ':')) {
          this.next();
          this.next();
          continue;
        }
        statement.body.push(...this.parseStatements('}', (x) => this.isWord(x, 'case') || (this.isWord(x, 'default') && this.isOp(this.peek(1), ':'))));
        const after = this.peek();
        if (!(this.isWord(after, 'case') || this.isWord(after, 'default'))) break;
      }
    });
    statement.end = this.closeBrace(open);
    return statement;
  }

  private parseFor(): A.ForStatement | A.ErrorNode {
    const keyword = this.next();
    const open = this.peek();
    const statement: A.ForStatement = { type: 'ForStatement', start: keyword.start, end: keyword.end, body: undefined as unknown as A.Statement };
    if (!this.isOp(open, '(')) {
      statement.body = this.missing("'(' after for");
      statement.end = statement.body.end;
      return statement;
    }
    this.next();
    this.withNl(false, () => {
      // Classic `for (init; test; update)` has a top-level `;` before the closing paren.
      if (this.hasTopLevelSemicolon()) {
        if (!this.isOp(this.peek(), ';')) {
          const init = this.tryDeclaration([], true) ?? this.expressionStatement(this.parseExpression());
          statement.init = init;
          // Further comma-separated initializers (`i = 0, j = 1`) have no slot.
          while (this.isOp(this.peek(), ',')) {
            this.next();
            this.parseExpression();
          }
        }
        this.expectOp(';');
        if (!this.isOp(this.peek(), ';')) statement.test = this.parseExpression();
        this.expectOp(';');
        if (!this.isOp(this.peek(), ')') && !this.isCloser(this.peek())) {
          statement.update = this.parseExpression();
          while (this.isOp(this.peek(), ',')) {
            this.next();
            this.parseExpression();
          }
        }
        return;
      }
      // `for (x in xs)`, `for (String x in xs)`, `for (def x : xs)`.
      while (this.isWord(this.peek(), 'final') || this.isWord(this.peek(), 'def') || this.isWord(this.peek(), 'var')) {
        if (this.isWord(this.peek(), 'var') && !(this.peek(1).kind === 'word')) break;
        this.next();
      }
      const typeEnd = this.scanType(this.pos, false);
      if (typeEnd >= 0 && this.at(typeEnd).kind === 'word' && !this.isWord(this.at(typeEnd), 'in')) this.pos = typeEnd;
      const name = this.peek();
      if (name.kind === 'word' && !RESERVED.has(name.text)) {
        this.next();
        statement.variable = { type: 'Identifier', start: name.start, end: name.end, name: name.text };
      } else {
        this.missing('a loop variable');
      }
      if (this.isWord(this.peek(), 'in') || this.isOp(this.peek(), ':')) {
        this.next();
        statement.iterable = this.parseExpression();
      } else {
        this.missing("'in'");
        statement.iterable = { type: 'Error', start: this.lastEnd, end: this.lastEnd, message: "Expected 'in'" };
      }
    });
    this.closeParen(open);
    statement.body = this.parseBody('a statement after for (…)');
    statement.end = statement.body.end;
    return statement;
  }

  private hasTopLevelSemicolon(): boolean {
    let depth = 0;
    const close = this.closeOf(this.pos - 1);
    const limit = close >= 0 ? close : Math.min(this.toks.length, this.pos + 2000);
    for (let i = this.pos; i < limit; i++) {
      const t = this.at(i);
      if (t.kind === 'eof') return false;
      const code = bracketCode(t);
      if (code > 0) depth++;
      else if (code < 0) {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && t.kind === 'op' && t.text === ';') return true;
    }
    return false;
  }

  private expressionStatement(expression: A.Expression): A.ExpressionStatement {
    return { type: 'ExpressionStatement', start: expression.start, end: expression.end, expression, annotations: [] };
  }

  // -- declarations --------------------------------------------------------------

  /**
   * Scans a type at token index `i` (`String`, `a.b.C`, `Map<String, List<X>>`, `int[]`) and
   * returns the index after it, or -1. Without `anyCase`, a simple name must be capitalized
   * (as Groovy requires for `Type name` declarations) or a primitive.
   */
  private scanType(i: number, anyCase: boolean): number {
    const first = this.at(i);
    if (!first || first.kind !== 'word') return -1;
    let j: number;
    if (PRIMITIVES.has(first.text)) {
      j = i + 1;
    } else {
      if (RESERVED.has(first.text)) return -1;
      let lastName = first.text;
      j = i + 1;
      while (
        this.at(j) &&
        this.isOp(this.at(j), '.') &&
        this.at(j + 1) &&
        this.at(j + 1).kind === 'word' &&
        !RESERVED.has(this.at(j + 1).text) &&
        !this.at(j).nl
      ) {
        lastName = this.at(j + 1).text;
        j += 2;
      }
      if (!anyCase) {
        const c = lastName.charCodeAt(0);
        // ASCII by code (no toLowerCase string per scan); other letters as before.
        const upper = c < 128 ? c >= 65 && c <= 90 : lastName[0] !== lastName[0].toLowerCase();
        if (!upper) return -1;
      }
      if (this.at(j) && this.isOp(this.at(j), '<') && !this.at(j).nl) {
        let depth = 0;
        let k = j;
        for (; k < this.toks.length && k < j + 200; k++) {
          const t = this.at(k);
          if (t.kind === 'word') continue;
          if (t.kind !== 'op') return -1;
          if (t.text === '<') depth++;
          else if (t.text === '>') depth--;
          else if (t.text === '>>') depth -= 2;
          else if (t.text === '>>>') depth -= 3;
          else if (!(t.text === ',' || t.text === '.' || t.text === '?' || t.text === '&' || t.text === '[' || t.text === ']')) return -1;
          if (depth <= 0) break;
        }
        if (depth !== 0) return -1;
        j = k + 1;
      }
    }
    while (this.at(j) && this.isOp(this.at(j), '[') && this.at(j + 1) && this.isOp(this.at(j + 1), ']') && !this.at(j).nl) j += 2;
    return j;
  }

  /**
   * A variable or method declaration at the current position, or undefined (nothing consumed)
   * when the statement is something else.
   */
  private tryDeclaration(annotations: A.Annotation[], inForInit: boolean): A.Statement | undefined {
    if (this.cannotStartDeclaration(this.peek())) return undefined;
    const startIndex = this.pos;
    let j = this.pos;
    let modifiers = false;
    while (this.at(j).kind === 'word' && MODIFIERS.has(this.at(j).text) && !(this.at(j).text === 'synchronized' && this.isOp(this.at(j + 1), '('))) {
      j++;
      modifiers = true;
    }
    let def = false;
    if (
      this.isWord(this.at(j), 'def') ||
      (this.isWord(this.at(j), 'var') && this.at(j + 1).kind === 'word' && !RESERVED.has(this.at(j + 1).text) && !this.at(j + 1).nl)
    ) {
      def = true;
      j++;
    }
    let typeStart = -1;
    let typeEnd = -1;
    const scanned = this.scanType(j, def || modifiers);
    if (scanned >= 0) {
      const after = this.at(scanned);
      // A type is only a type when a name follows on the same line.
      if (after && after.kind === 'word' && !RESERVED.has(after.text) && !after.nl) {
        typeStart = j;
        typeEnd = scanned;
        j = scanned;
      } else if (after && after.kind === 'strStart' && (def || modifiers) && !after.nl) {
        typeStart = j;
        typeEnd = scanned;
        j = scanned;
      }
    }
    const hasType = typeStart >= 0;
    if (!def && !modifiers && !hasType) return undefined;
    const nameTok = this.at(j);
    if (!def && !modifiers) {
      // `Type name` without def: a declaration only when followed by `=`, `,`, `;`, end of statement or `(` (method).
      const after = this.at(j + 1);
      const fine =
        this.isOp(after, '=') ||
        this.isOp(after, ',') ||
        this.isOp(after, ';') ||
        this.isOp(after, '(') ||
        after.nl ||
        this.isCloser(after) ||
        (inForInit && this.isOp(after, ':'));
      if (!fine) return undefined;
    }
    const start = annotations.length > 0 ? annotations[0].start : this.at(startIndex).start;
    const typeName = hasType ? this.src.slice(this.at(typeStart).start, this.at(typeEnd - 1).end) : def ? 'def' : undefined;

    // Tuple: `def (a, b) = …`
    if (this.isOp(nameTok, '(') && (def || modifiers) && !hasType) {
      this.pos = j;
      return this.parseTupleDeclaration(start, typeName, annotations);
    }
    // Method: `def name(…) { … }` or `def "name"(…) { … }`.
    const nameIsString = nameTok.kind === 'strStart';
    if ((nameTok.kind === 'word' && !RESERVED.has(nameTok.text)) || nameIsString) {
      let afterName = j + 1;
      if (nameIsString) afterName = this.stringClose(j) + 1;
      if (afterName > j && this.isOp(this.at(afterName), '(') && !this.at(afterName).nl && !inForInit) {
        let isAbstract = false;
        for (let k = startIndex; k < j; k++) if (this.isWord(this.at(k), 'abstract')) isAbstract = true;
        this.pos = j;
        return this.parseMethod(start, hasType ? typeName : def ? 'def' : undefined, annotations, isAbstract || this.inInterface);
      }
      if (nameIsString) return undefined;
      this.pos = j;
      return this.parseVariableDeclaration(start, typeName, annotations);
    }
    if (def || modifiers) {
      // `def` alone: report and return an empty declaration so the statement is not lost.
      this.pos = j;
      const at = this.missing('a name after ' + (typeName ?? 'the modifiers'));
      return { type: 'VariableDeclaration', start, end: Math.max(at.end, this.at(j - 1).end), typeName, declarations: [], annotations };
    }
    return undefined;
  }

  /**
   * What most statements start with, decided without the scan below: not a word; or a name in
   * lower case that is no modifier, primitive, `def` or `var`, and not followed by `.` (a type
   * needs a capitalized simple name, as scanType checks), so nothing here declares anything.
   */
  private cannotStartDeclaration(t: Token): boolean {
    if (t.kind !== 'word') return true;
    const text = t.text;
    const c = text.charCodeAt(0);
    return c >= 97 && c <= 122 && text !== 'def' && text !== 'var' && !MODIFIERS.has(text) && !PRIMITIVES.has(text) && !this.isOp(this.peek(1), '.');
  }

  private parseVariableDeclaration(start: number, typeName: string | undefined, annotations: A.Annotation[]): A.VariableDeclaration {
    const declaration: A.VariableDeclaration = { type: 'VariableDeclaration', start, end: start, declarations: [], annotations };
    if (typeName !== undefined) declaration.typeName = typeName;
    for (;;) {
      const nameTok = this.peek();
      if (nameTok.kind !== 'word' || RESERVED.has(nameTok.text)) {
        this.missing('a variable name');
        break;
      }
      this.next();
      const declarator: A.VariableDeclarator = {
        start: nameTok.start,
        end: nameTok.end,
        name: { type: 'Identifier', start: nameTok.start, end: nameTok.end, name: nameTok.text },
      };
      if (this.isOp(this.peek(), '=')) {
        this.next();
        declarator.init = this.parseExpressionWithCommand(true);
        declarator.end = declarator.init.end;
      }
      declaration.declarations.push(declarator);
      if (this.isOp(this.peek(), ',') && this.sameLine(this.peek())) {
        this.next();
        continue;
      }
      break;
    }
    // A dangling comma is not part of the declaration.
    const last = declaration.declarations[declaration.declarations.length - 1];
    declaration.end = Math.max(declaration.start, last ? last.end : this.lastEnd);
    return declaration;
  }

  private parseTupleDeclaration(start: number, typeName: string | undefined, annotations: A.Annotation[]): A.VariableDeclaration {
    const open = this.next();
    const declaration: A.VariableDeclaration = { type: 'VariableDeclaration', start, end: start, declarations: [], annotations };
    if (typeName !== undefined) declaration.typeName = typeName;
    this.withNl(false, () => {
      while (!this.isOp(this.peek(), ')') && !this.isCloser(this.peek())) {
        const typeEnd = this.scanType(this.pos, false);
        if (typeEnd >= 0 && this.at(typeEnd).kind === 'word') this.pos = typeEnd;
        const name = this.peek();
        if (name.kind === 'word' && !RESERVED.has(name.text)) {
          this.next();
          declaration.declarations.push({ start: name.start, end: name.end, name: { type: 'Identifier', start: name.start, end: name.end, name: name.text } });
        } else {
          this.missing('a variable name');
          if (!this.skipUntil((t) => this.isOp(t, ',') || this.isOp(t, ')'), false)) break;
        }
        if (this.isOp(this.peek(), ',')) this.next();
        else break;
      }
    });
    this.closeParen(open);
    if (this.isOp(this.peek(), '=')) {
      this.next();
      declaration.tupleInit = this.parseExpressionWithCommand(true);
    }
    declaration.end = this.lastEnd;
    return declaration;
  }

  /** `bodyless`: an abstract or interface method, which ends after its parameters. */
  private parseMethod(start: number, returnType: string | undefined, annotations: A.Annotation[], bodyless = false): A.MethodDeclaration {
    const nameTok = this.peek();
    let name: A.Identifier;
    if (nameTok.kind === 'strStart') {
      const literal = this.parseString();
      name = {
        type: 'Identifier',
        start: literal.start,
        end: literal.end,
        name: literal.parts.map((p) => (p.type === 'StringChunk' ? p.value : this.src.slice(p.start, p.end))).join(''),
      };
    } else {
      this.next();
      name = { type: 'Identifier', start: nameTok.start, end: nameTok.end, name: nameTok.text };
    }
    const open = this.next(); // '('
    const params = this.withNl(false, () => this.parseParameters((t) => this.isOp(t, ')')));
    this.closeParen(open);
    if (this.isWord(this.peek(), 'throws')) {
      this.next();
      for (;;) {
        const end = this.scanType(this.pos, true);
        if (end < 0) break;
        this.pos = end;
        if (!this.isOp(this.peek(), ',')) break;
        this.next();
      }
    }
    const method: A.MethodDeclaration = {
      type: 'MethodDeclaration',
      start,
      end: this.lastEnd,
      name,
      params,
      body: undefined as unknown as A.BlockStatement,
      annotations,
    };
    if (returnType !== undefined) method.returnType = returnType;
    if (this.isOp(this.peek(), '{')) {
      method.body = this.parseBlock();
    } else if (bodyless && this.atStatementEnd()) {
      method.body = { type: 'BlockStatement', start: this.lastEnd, end: this.lastEnd, body: [] };
    } else {
      const at = this.missing("'{' (method body)");
      method.body = { type: 'BlockStatement', start: at.start, end: at.end, body: [] };
    }
    method.end = Math.max(method.end, method.body.end);
    return method;
  }

  /** Parameters up to (not including) the token `stop` accepts. */
  private parseParameters(stop: (t: Token) => boolean): A.Parameter[] {
    const params: A.Parameter[] = [];
    for (;;) {
      const t = this.peek();
      if (stop(t) || this.isCloser(t)) return params;
      const before = this.pos;
      const param = this.parseParameter(stop);
      if (param) params.push(param);
      if (this.isOp(this.peek(), ',')) {
        this.next();
        continue;
      }
      if (stop(this.peek()) || this.isCloser(this.peek())) return params;
      const bad = this.peek();
      this.error(bad.start, bad.end, `Unexpected ${this.describe(bad)} in parameter list`);
      if (!this.skipUntil((x) => this.isOp(x, ',') || stop(x), false) && this.pos === before) this.next();
      if (this.isOp(this.peek(), ',')) this.next();
    }
  }

  private parseParameter(stop: (t: Token) => boolean): A.Parameter | undefined {
    const start = this.peek().start;
    while (this.isOp(this.peek(), '@') && this.peek(1).kind === 'word') this.parseAnnotations();
    let typeName: string | undefined;
    while (this.isWord(this.peek(), 'final') || this.isWord(this.peek(), 'def')) {
      if (this.isWord(this.peek(), 'def')) typeName = 'def';
      this.next();
    }
    const typeEnd = this.scanType(this.pos, true);
    if (typeEnd >= 0) {
      const after = this.at(typeEnd);
      const varargs = this.isOp(after, '...');
      const nameAfter = varargs ? this.at(typeEnd + 1) : after;
      if (nameAfter && nameAfter.kind === 'word' && !RESERVED.has(nameAfter.text)) {
        typeName = this.src.slice(this.peek().start, this.at(typeEnd - 1).end) + (varargs ? '...' : '');
        this.pos = typeEnd + (varargs ? 1 : 0);
      }
    }
    const nameTok = this.peek();
    if (nameTok.kind !== 'word' || RESERVED.has(nameTok.text)) {
      if (stop(nameTok)) return undefined;
      this.missing('a parameter name');
      return undefined;
    }
    this.next();
    const param: A.Parameter = { start, end: nameTok.end, name: { type: 'Identifier', start: nameTok.start, end: nameTok.end, name: nameTok.text } };
    if (typeName !== undefined) param.typeName = typeName;
    if (this.isOp(this.peek(), '=')) {
      this.next();
      param.defaultValue = this.parseExpression();
      param.end = param.defaultValue.end;
    }
    return param;
  }

  private parseClass(annotations: A.Annotation[], modifiersStart?: number): A.ClassDeclaration {
    const keyword = this.next();
    const start = annotations.length > 0 ? annotations[0].start : (modifiersStart ?? keyword.start);
    const nameTok = this.peek();
    let name: A.Identifier;
    if (nameTok.kind === 'word' && !RESERVED.has(nameTok.text)) {
      this.next();
      name = { type: 'Identifier', start: nameTok.start, end: nameTok.end, name: nameTok.text };
    } else {
      const at = this.missing('a class name');
      name = { type: 'Identifier', start: at.start, end: at.end, name: '' };
    }
    // Generics and `implements` are not kept; `extends` is. The header may span lines
    // (`class X` newline `extends Y {`, or the `{` on a line of its own), as Groovy allows.
    let superClass: string | undefined;
    const continuesHeader = (t: Token) => this.isOp(t, '{') || this.isOp(t, ',') || this.isWord(t, 'extends') || this.isWord(t, 'implements');
    this.skipUntil((t) => {
      if (this.isWord(t, 'extends') && superClass === undefined) {
        const end = this.scanType(this.pos + 1, true);
        if (end > 0) superClass = this.src.slice(this.at(this.pos + 1).start, this.at(end - 1).end);
      }
      if (this.isOp(t, '{')) return true;
      return (
        t.nl &&
        !continuesHeader(t) &&
        !(this.last !== undefined && (this.isWord(this.last, 'extends') || this.isWord(this.last, 'implements') || this.isOp(this.last, ',')))
      );
    }, false);
    const declaration: A.ClassDeclaration = { type: 'ClassDeclaration', start, end: this.lastEnd, name, body: [] };
    if (superClass !== undefined) declaration.superClass = superClass;
    const open = this.peek();
    if (!this.isOp(open, '{')) {
      this.missing("'{' (class body)");
      return declaration;
    }
    this.next();
    const savedInterface = this.inInterface;
    this.inInterface = keyword.text === 'interface';
    this.withNl(true, () => {
      if (keyword.text === 'enum') declaration.body.push(...this.parseEnumConstants());
      declaration.body.push(...this.parseClassBody());
    });
    this.inInterface = savedInterface;
    declaration.end = this.closeBrace(open);
    return declaration;
  }

  private parseEnumConstants(): A.Statement[] {
    const constants: A.Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'word' || RESERVED.has(t.text)) break;
      if (this.scanType(this.pos, true) >= 0 && this.peek(1).kind === 'word') break; // a field follows
      const expression = this.parsePostfix();
      constants.push(this.expressionStatement(expression));
      if (this.isOp(this.peek(), ',')) {
        this.next();
        continue;
      }
      break;
    }
    if (this.isOp(this.peek(), ';')) this.next();
    return constants;
  }

  /** Class members: declarations, methods, constructors (`Name(…) { }`), `static { }`, nested classes. */
  private parseClassBody(): A.Statement[] {
    const body: A.Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, '}') || t.kind === 'eof' || t.kind === 'interpEnd') return body;
      if (this.isOp(t, ';')) {
        this.next();
        continue;
      }
      if (this.isWord(t, 'static') && this.isOp(this.peek(1), '{')) {
        this.next();
        const block = this.parseBlock();
        block.start = t.start;
        block.keyword = 'static';
        body.push(block);
        continue;
      }
      // Constructor: modifiers? Name ( … ) {
      let j = this.pos;
      while (this.at(j).kind === 'word' && MODIFIERS.has(this.at(j).text)) j++;
      if (this.isIdentifierWord(this.at(j)) && this.isOp(this.at(j + 1), '(')) {
        const annotations: A.Annotation[] = [];
        const start = t.start;
        this.pos = j;
        body.push(this.parseMethod(start, undefined, annotations));
        continue;
      }
      this.parseStatementInto(body);
    }
  }

  // -- expressions ---------------------------------------------------------------

  /** An expression without command calls. */
  parseExpression(): A.Expression {
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep();
    this.depth++;
    try {
      return this.parseAssignment(false);
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      return this.skipTooDeep();
    } finally {
      this.depth--;
    }
  }

  /** An expression inside brackets, where line breaks are insignificant (set here rather than through withNl and a closure). */
  private parseExpressionInBrackets(): A.Expression {
    const savedNl = this.nlSignificant;
    this.nlSignificant = false;
    try {
      return this.parseExpression();
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  /**
   * An expression where a command call (`sh 'x'`, `agent any`) is allowed: statements, initializers.
   * `statementStart`: it begins an expression statement, an initializer or an assignment's value,
   * where a closure on the next line still belongs to the leading path expression.
   */
  private parseExpressionWithCommand(statementStart = false): A.Expression {
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep();
    this.depth++;
    const savedLcStmt = this.lcStmtTok;
    if (statementStart) this.lcStmtTok = this.pos;
    try {
      const expression = this.parseAssignment(true);
      if (this.isCommandHead(expression) && this.isCommandArgStart(this.peek())) return this.parseCommandCall(expression);
      return expression;
    } finally {
      this.lcStmtTok = savedLcStmt;
      this.depth--;
    }
  }

  private isCommandHead(e: A.Expression): boolean {
    if (e.type === 'Identifier') return true;
    if (e.type === 'PropertyAccess') return e.operator === '.' || e.operator === '?.';
    return false;
  }

  private isCommandArgStart(t: Token): boolean {
    // Command arguments start on the command's line.
    if (t.nl) return false;
    switch (t.kind) {
      case 'number':
      case 'strStart':
        return true;
      case 'word':
        return (
          !RESERVED.has(t.text) || t.text === 'this' || t.text === 'super' || t.text === 'true' || t.text === 'false' || t.text === 'null' || t.text === 'new'
        );
      case 'op':
        return t.text === '!' || t.text === '~';
      default:
        return false;
    }
  }

  /**
   * `head arg, name: value, …` — a call without parentheses. A `{` after an argument belongs to
   * that argument (`echo list.collect { … }.join()`; `foo 'a' { }` is `foo('a'({ }))`), as in Groovy.
   */
  private parseCommandCall(head: A.Expression): A.CallExpression {
    const call: A.CallExpression = { type: 'CallExpression', start: head.start, end: head.end, callee: head, args: [], closures: [], parenthesized: false };
    // Command arguments are plain expressions: no closure on a later line attaches to them.
    const savedLcStmt = this.lcStmtTok;
    this.lcStmtTok = -1;
    try {
      for (;;) {
        const before = this.pos;
        const arg = this.parseArgument();
        call.args.push(arg);
        if (this.pos === before) break;
        if (this.isOp(this.peek(), ',')) {
          this.next();
          if (this.atStatementEnd() && !this.peek().nl) break;
          continue;
        }
        break;
      }
    } finally {
      this.lcStmtTok = savedLcStmt;
    }
    // A dangling comma is not part of the call.
    call.end = call.args.length > 0 ? Math.max(call.args[call.args.length - 1].end, head.end) : head.end;
    return call;
  }

  /**
   * Closures after a call: `f(x) { … }`, `f { … } { … }`; on later lines too (only line breaks
   * and comments between) when `acrossLines`.
   */
  private parseTrailingClosures(call: A.CallExpression, acrossLines: boolean): void {
    while (this.isOp(this.peek(), '{') && (acrossLines || this.sameLine(this.peek()))) {
      const closure = this.parseClosure();
      call.closures.push(closure);
      call.end = closure.end;
    }
  }

  /** One argument: `value`, `name: value`, `'name': value`, `(expr): value`, `*spread`. */
  private parseArgument(): A.Argument {
    const key = this.tryMapKey();
    if (key) {
      const value = this.isCloser(this.peek()) || this.isOp(this.peek(), ',') ? this.missing('a value') : this.parseExpression();
      return { start: key.start, end: value.end, name: key, value };
    }
    const value = this.parseSpreadOrExpression();
    return { start: value.start, end: value.end, value };
  }

  private parseSpreadOrExpression(): A.Expression {
    const t = this.peek();
    if (this.isOp(t, '*') && !this.isOp(this.peek(1), ':')) {
      this.next();
      const argument = this.parseExpression();
      return { type: 'UnaryExpression', start: t.start, end: argument.end, operator: '*', prefix: true, argument };
    }
    return this.parseExpression();
  }

  /**
   * A map key / argument name followed by `:`, consumed with the colon; undefined (nothing
   * consumed) when the next element is not keyed.
   */
  private tryMapKey(): A.Expression | undefined {
    const t = this.peek();
    const after = this.peek(1);
    if ((t.kind === 'word' || t.kind === 'number') && this.isOp(after, ':')) {
      this.next();
      this.next();
      return t.kind === 'number'
        ? { type: 'NumberLiteral', start: t.start, end: t.end, raw: t.text }
        : { type: 'Identifier', start: t.start, end: t.end, name: t.text };
    }
    if (this.isOp(t, '*') && this.isOp(after, ':')) {
      this.next();
      this.next();
      return { type: 'Identifier', start: t.start, end: t.end, name: '*' };
    }
    if (t.kind === 'strStart') {
      const close = this.stringClose(this.pos);
      if (close >= 0 && this.isOp(this.at(close + 1), ':')) {
        const key = this.parseString();
        this.next();
        return key;
      }
      return undefined;
    }
    if (this.isOp(t, '(')) {
      // `(expr): value`
      const close = this.closeOf(this.pos);
      if (close >= 0 && this.isOp(this.at(close + 1), ':')) {
        const key = this.parsePrimary();
        if (this.isOp(this.peek(), ':')) this.next();
        return key;
      }
    }
    return undefined;
  }

  /** Arguments after `open` (a consumed `(`), through the closing `)`; line breaks are insignificant in them. */
  private parseArgumentsUntilClose(open: Token, annotationStyle: boolean): A.Argument[] {
    // Set here, not by each caller through withNl and a closure: calls are the most common bracket.
    const savedNl = this.nlSignificant;
    this.nlSignificant = false;
    try {
      return this.parseArgumentList(open, annotationStyle);
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  private parseArgumentList(open: Token, annotationStyle: boolean): A.Argument[] {
    const args: A.Argument[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, ')')) {
        this.next();
        return args;
      }
      if (this.isCloser(t)) {
        this.unclosed(open, ')');
        return args;
      }
      const before = this.pos;
      if (annotationStyle && t.kind === 'word' && this.isOp(this.peek(1), '=')) {
        // Annotation element `name = value`.
        this.next();
        this.next();
        const value = this.parseExpression();
        args.push({ start: t.start, end: value.end, name: { type: 'Identifier', start: t.start, end: t.end, name: t.text }, value });
      } else {
        args.push(this.parseArgument());
      }
      const after = this.peek();
      if (this.isOp(after, ',')) {
        this.next();
        continue;
      }
      if (this.isOp(after, ')')) continue;
      if (this.isCloser(after)) continue;
      if (after.nl && !annotationStyle) {
        // Most likely a forgotten ')': the next line is a new statement.
        this.unclosed(open, ')');
        return args;
      }
      this.error(after.start, after.end, `Expected ',' or ')' before ${this.describe(after)}`);
      if (!this.skipUntil((x) => this.isOp(x, ',') || this.isOp(x, ')'), false) && this.pos === before) this.next();
      if (this.isOp(this.peek(), ',')) this.next();
    }
  }

  private parseAssignment(allowCommand: boolean): A.Expression {
    // The ternary's test parsed here, not through parseTernary: one call less per expression.
    let target = this.parseBinary(3);
    let t = this.peek();
    if (t.kind !== 'op') return target;
    if (t.text === '?' || t.text === '?:') {
      target = this.parseTernaryRest(target, t);
      t = this.peek();
    }
    if (t.kind === 'op' && ASSIGN_OPS.has(t.text)) {
      this.next();
      if (this.depth >= MAX_DEPTH) {
        const value = this.skipTooDeep();
        return { type: 'AssignmentExpression', start: target.start, end: value.end, operator: t.text, target, value };
      }
      this.depth++;
      try {
        // Groovy parses an assignment's value like a statement: a closure on the next line still attaches.
        const value =
          this.atStatementEnd() && !this.peek().nl ? this.missing('a value') : allowCommand ? this.parseExpressionWithCommand(true) : this.assignmentValue();
        return { type: 'AssignmentExpression', start: target.start, end: value.end, operator: t.text, target, value };
      } finally {
        this.depth--;
      }
    }
    return target;
  }

  private assignmentValue(): A.Expression {
    const saved = this.lcStmtTok;
    this.lcStmtTok = this.pos;
    try {
      return this.parseAssignment(false);
    } finally {
      this.lcStmtTok = saved;
    }
  }

  private parseTernary(): A.Expression {
    const test = this.parseBinary(3);
    const t = this.peek();
    return t.kind === 'op' && (t.text === '?' || t.text === '?:') ? this.parseTernaryRest(test, t) : test;
  }

  /** The rest of a ternary (or elvis) expression after its test, from the operator `t`. */
  private parseTernaryRest(test: A.Expression, t: Token): A.Expression {
    if (this.depth >= MAX_DEPTH) {
      const skipped = this.skipTooDeep();
      return { type: 'Error', start: test.start, end: Math.max(test.end, skipped.end), message: skipped.message };
    }
    this.next();
    this.depth++;
    try {
      if (t.text === '?:') {
        const right = this.parseTernary();
        return { type: 'BinaryExpression', start: test.start, end: right.end, operator: '?:', left: test, right };
      }
      const consequent = this.parseTernary();
      let alternate: A.Expression;
      if (this.isOp(this.peek(), ':')) {
        this.next();
        alternate = this.parseTernary();
      } else {
        alternate = this.missing("':' of the ternary expression");
      }
      return { type: 'TernaryExpression', start: test.start, end: alternate.end, test, consequent, alternate };
    } finally {
      this.depth--;
    }
  }

  private parseBinary(minPrecedence: number): A.Expression {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      // The operator's precedence, looked up once and inline: this runs after every operand.
      const precedence =
        t.kind === 'op' || (t.kind === 'word' && (t.text === 'in' || t.text === 'as' || t.text === 'instanceof')) ? BINARY_PRECEDENCE.get(t.text) : undefined;
      if (precedence === undefined || precedence < minPrecedence) break;
      const op = t.text;
      // `+`/`-` at the start of a line begin a new statement (`-x`), as in Groovy.
      if (t.nl && this.nlSignificant && !LEADING_LINE_OPS.has(op)) break;
      this.next();
      let right: A.Expression;
      if (op === 'as' || op === 'instanceof' || op === '!instanceof') {
        right = this.parseTypeReference();
      } else {
        right = this.parseBinary(precedence + 1);
      }
      left = { type: 'BinaryExpression', start: left.start, end: right.end, operator: op, left, right };
    }
    return left;
  }

  /** A type after `as`/`instanceof`, as an Identifier holding the type text. */
  private parseTypeReference(): A.Expression {
    const end = this.scanType(this.pos, true);
    if (end < 0) return this.missing('a type');
    const start = this.peek().start;
    const typeEnd = this.at(end - 1).end;
    this.pos = end;
    this.last = this.at(end - 1);
    return { type: 'Identifier', start, end: typeEnd, name: this.src.slice(start, typeEnd) };
  }

  /**
   * Prefix `-`, `+`, `++`, `--` bind looser than `**`; `!`, `~` and casts bind tighter.
   * An operand that starts with a word, number or string goes straight to parsePostfix (most do):
   * the calls per operand are what a cold parse spends its time on.
   */
  private parseUnary(): A.Expression {
    const t = this.peek();
    let left: A.Expression;
    if (t.kind === 'op') {
      if (t.text === '-' || t.text === '+' || t.text === '++' || t.text === '--') {
        this.next();
        const argument = this.nested(() => this.parseUnary());
        return { type: 'UnaryExpression', start: t.start, end: argument.end, operator: t.text, prefix: true, argument };
      }
      left = this.parseUnaryNot();
    } else {
      left = this.parsePostfix();
    }
    const after = this.peek();
    if (after.kind === 'op' && after.text === '**' && this.sameLine(after)) {
      this.next();
      const right = this.nested(() => this.parseUnary());
      return { type: 'BinaryExpression', start: left.start, end: right.end, operator: '**', left, right };
    }
    return left;
  }

  private parseUnaryNot(): A.Expression {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '!' || t.text === '~')) {
      this.next();
      const argument = this.nested(() => this.parseUnaryNot());
      return { type: 'UnaryExpression', start: t.start, end: argument.end, operator: t.text, prefix: true, argument };
    }
    if (this.isOp(t, '(')) {
      const cast = this.tryCast();
      if (cast) return cast;
    }
    return this.parsePostfix();
  }

  /** Runs a self-recursive step, or skips when nesting is too deep. */
  private nested(fn: () => A.Expression): A.Expression {
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep();
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** `(Type) operand`, represented as a UnaryExpression whose operator is `(Type)`. */
  private tryCast(): A.Expression | undefined {
    const end = this.scanType(this.pos + 1, false);
    if (end < 0) return undefined;
    const close = this.at(end);
    if (!this.isOp(close, ')')) return undefined;
    const operand = this.at(end + 1);
    if (!operand || operand.nl) return undefined;
    const startsOperand =
      (operand.kind === 'word' && (!RESERVED.has(operand.text) || ['this', 'super', 'true', 'false', 'null', 'new'].includes(operand.text))) ||
      operand.kind === 'number' ||
      operand.kind === 'strStart' ||
      (operand.kind === 'op' && (operand.text === '(' || operand.text === '[' || operand.text === '!' || operand.text === '~'));
    if (!startsOperand) return undefined;
    const open = this.next();
    const typeText = this.src.slice(this.peek().start, this.at(end - 1).end);
    this.pos = end + 1;
    this.last = close;
    const argument = this.nested(() => this.parseUnaryNot());
    return { type: 'UnaryExpression', start: open.start, end: argument.end, operator: `(${typeText})`, prefix: true, argument };
  }

  private parsePostfix(): A.Expression {
    // Groovy's appended block across line breaks (see `lcStmtTok`); inside (…) and […] line breaks never count.
    const acrossLines = this.pos === this.lcStmtTok && this.nlSignificant;
    let expr = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') break;
      if (PROPERTY_OPS.has(t.text)) {
        // A line starting with `.method()` continues the previous expression.
        this.next();
        const operator = (t.text === '::' ? '.&' : t.text === '??.' ? '?.' : t.text === '.@' ? '.' : t.text) as A.PropertyAccess['operator'];
        let property: A.Identifier;
        if (this.isOp(this.peek(), '<')) this.skipGenericArguments();
        const nameTok = this.peek();
        // After `.`, the name may follow on the next line (`foo.\n bar`).
        if (nameTok.kind === 'word') {
          this.next();
          property = { type: 'Identifier', start: nameTok.start, end: nameTok.end, name: nameTok.text };
        } else if (nameTok.kind === 'strStart' && !nameTok.nl) {
          const literal = this.parseString();
          property = {
            type: 'Identifier',
            start: literal.start,
            end: literal.end,
            name: literal.parts.map((p) => (p.type === 'StringChunk' ? p.value : this.src.slice(p.start, p.end))).join(''),
          };
        } else if (this.isOp(nameTok, '(') && !nameTok.nl) {
          // `obj.(expr)` / `obj.&(…)`: rare; the name is the source text.
          const primary = this.parsePrimary();
          property = { type: 'Identifier', start: primary.start, end: primary.end, name: this.src.slice(primary.start, primary.end) };
        } else {
          const at = this.lastEnd;
          this.error(at, at, `Expected a property or method name after '${t.text}'`);
          property = { type: 'Identifier', start: at, end: at, name: '' };
        }
        expr = { type: 'PropertyAccess', start: expr.start, end: property.end, object: expr, property, operator };
        continue;
      }
      if (t.text === '(' && this.sameLine(t)) {
        const open = this.next();
        const args = this.parseArgumentsUntilClose(open, false);
        const call: A.CallExpression = { type: 'CallExpression', start: expr.start, end: this.lastEnd, callee: expr, args, closures: [], parenthesized: true };
        this.parseTrailingClosures(call, acrossLines);
        expr = call;
        continue;
      }
      // Any primary takes a closure (`'name' { }` calls the method 'name'), as Groovy's path expressions do.
      if (t.text === '{' && (this.sameLine(t) || acrossLines)) {
        if (expr.type === 'CallExpression' && expr.end === this.lastEnd && (expr.closures.length > 0 || expr.parenthesized)) {
          this.parseTrailingClosures(expr, acrossLines);
          continue;
        }
        const call: A.CallExpression = { type: 'CallExpression', start: expr.start, end: expr.end, callee: expr, args: [], closures: [], parenthesized: false };
        this.parseTrailingClosures(call, acrossLines);
        expr = call;
        continue;
      }
      if ((t.text === '[' || t.text === '?[') && this.sameLine(t)) {
        const open = this.next();
        const index = this.parseIndex();
        this.closeBracket(open);
        expr = { type: 'IndexExpression', start: expr.start, end: this.lastEnd, object: expr, index, safe: t.text === '?[' };
        continue;
      }
      if ((t.text === '++' || t.text === '--') && !t.nl) {
        this.next();
        expr = { type: 'UnaryExpression', start: expr.start, end: t.end, operator: t.text, prefix: false, argument: expr };
        // `x++` ends the path expression, as in Groovy: nothing is called on it after.
        break;
      }
      break;
    }
    return expr;
  }

  /** What is between the brackets of `a[…]`: one expression, or several as a list. */
  private parseIndex(): A.Expression {
    // Line breaks are insignificant inside brackets: set here rather than through withNl and a closure.
    const savedNl = this.nlSignificant;
    this.nlSignificant = false;
    try {
      if (this.isOp(this.peek(), ']')) return this.missing('an index');
      const first = this.parseSpreadOrExpression();
      if (!this.isOp(this.peek(), ',')) return first;
      const elements = [first];
      while (this.isOp(this.peek(), ',')) {
        this.next();
        if (this.isOp(this.peek(), ']')) break;
        elements.push(this.parseSpreadOrExpression());
      }
      const list: A.ListLiteral = { type: 'ListLiteral', start: first.start, end: elements[elements.length - 1].end, elements };
      return list;
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  private skipGenericArguments(): void {
    let depth = 0;
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (this.isOp(t, '<')) depth++;
      else if (this.isOp(t, '>')) depth--;
      else if (this.isOp(t, '>>')) depth -= 2;
      if (depth <= 0) return;
    }
  }

  private closeBracket(open: Token): void {
    const t = this.peek();
    if (this.isOp(t, ']')) {
      this.next();
      return;
    }
    if (this.isCloser(t)) {
      this.unclosed(open, ']');
      return;
    }
    const start = t.start;
    this.skipUntil((x) => this.isOp(x, ']'), false);
    this.error(start, this.lastEnd, "Unexpected input; expected ']'");
    if (this.isOp(this.peek(), ']')) this.next();
    else this.unclosed(open, ']');
  }

  private parsePrimary(): A.Expression {
    const t = this.peek();
    switch (t.kind) {
      case 'word': {
        switch (t.text) {
          case 'true':
          case 'false':
            this.next();
            return { type: 'BooleanLiteral', start: t.start, end: t.end, value: t.text === 'true' };
          case 'null':
            this.next();
            return { type: 'NullLiteral', start: t.start, end: t.end };
          case 'new':
            return this.parseNew();
          case 'this':
          case 'super':
            this.next();
            return { type: 'Identifier', start: t.start, end: t.end, name: t.text };
        }
        if (RESERVED.has(t.text) && !PRIMITIVES.has(t.text)) {
          if (this.atStatementEnd()) return this.missing('an expression');
          // A keyword where a value belongs: report it, and keep statement keywords for the statement parser.
          if (['if', 'else', 'for', 'while', 'try', 'catch', 'finally', 'return', 'switch', 'case', 'default', 'def', 'class', 'import'].includes(t.text)) {
            return this.missing('an expression');
          }
          this.next();
          return this.errorNode(t.start, t.end, `Unexpected keyword '${t.text}'`);
        }
        this.next();
        return { type: 'Identifier', start: t.start, end: t.end, name: t.text };
      }
      case 'number':
        this.next();
        return { type: 'NumberLiteral', start: t.start, end: t.end, raw: t.text };
      case 'strStart':
        return this.parseString();
      case 'op':
        switch (t.text) {
          case '(':
            return this.isTupleTarget() ? this.parseTupleTarget() : this.parseParenthesized();
          case '[':
            return this.parseListOrMap();
          case '{':
            return this.parseClosure();
        }
        break;
      case 'unknown':
        this.next();
        return this.errorNode(t.start, t.end, `Unexpected character${t.text.length > 1 ? 's' : ''} ${this.describe(t)}`);
    }
    if (this.atStatementEnd() || this.isOp(t, ',') || this.isOp(t, ':')) return this.missing('an expression');
    this.next();
    return this.errorNode(t.start, t.end, `Unexpected ${this.describe(t)}`);
  }

  /** `(a, b) = …`: Groovy's multiple assignment, whose targets are plain names. */
  private isTupleTarget(): boolean {
    const close = this.closeOf(this.pos);
    if (close < 0 || !this.isOp(this.at(close + 1), '=')) return false;
    let names = 0;
    for (let i = this.pos + 1; i < close; i++) {
      const t = this.at(i);
      const expectName = (i - this.pos) % 2 === 1;
      if (expectName ? !this.isIdentifierWord(t) : !this.isOp(t, ',')) return false;
      if (expectName) names++;
    }
    return names >= 2 && this.isIdentifierWord(this.at(close - 1));
  }

  /** The targets of `(a, b) = …` as a list literal spanning the parentheses. */
  private parseTupleTarget(): A.ListLiteral {
    const open = this.next();
    const elements: A.Expression[] = [];
    while (!this.isOp(this.peek(), ')')) {
      const t = this.next();
      if (t.kind === 'word') elements.push({ type: 'Identifier', start: t.start, end: t.end, name: t.text });
    }
    const close = this.next();
    return { type: 'ListLiteral', start: open.start, end: close.end, elements };
  }

  private parseParenthesized(): A.Expression {
    const open = this.next();
    const expression = this.isOp(this.peek(), ')') ? this.missing('an expression') : this.parseExpressionInBrackets();
    this.closeParen(open);
    return { type: 'ParenthesizedExpression', start: open.start, end: this.lastEnd, expression };
  }

  private parseListOrMap(): A.ListLiteral | A.MapLiteral {
    const open = this.next();
    // Line breaks are insignificant inside brackets: set here rather than through withNl and a closure.
    const savedNl = this.nlSignificant;
    this.nlSignificant = false;
    try {
      return this.parseListOrMapItems(open);
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  private parseListOrMapItems(open: Token): A.ListLiteral | A.MapLiteral {
    if (this.isOp(this.peek(), ':') && this.isOp(this.peek(1), ']')) {
      this.next();
      const close = this.next();
      return { type: 'MapLiteral', start: open.start, end: close.end, entries: [] } as A.MapLiteral;
    }
    const elements: A.Expression[] = [];
    const entries: A.MapEntry[] = [];
    let isMap: boolean | undefined;
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, ']')) {
        this.next();
        break;
      }
      if (this.isCloser(t)) {
        this.unclosed(open, ']');
        break;
      }
      const before = this.pos;
      const key = this.tryMapKey();
      if (key) {
        if (isMap === false) this.error(key.start, key.end, 'A list cannot contain map entries');
        isMap ??= true;
        const value = this.isCloser(this.peek()) || this.isOp(this.peek(), ',') ? this.missing('a value') : this.parseExpression();
        entries.push({ start: key.start, end: value.end, key, value });
      } else {
        const value = this.parseSpreadOrExpression();
        if (isMap === true) this.error(value.start, value.end, "A map entry needs a key: 'key: value'");
        isMap ??= false;
        elements.push(value);
      }
      const after = this.peek();
      if (this.isOp(after, ',')) {
        this.next();
        continue;
      }
      if (this.isOp(after, ']') || this.isCloser(after)) continue;
      this.error(after.start, after.end, `Expected ',' or ']' before ${this.describe(after)}`);
      if (!this.skipUntil((x) => this.isOp(x, ',') || this.isOp(x, ']'), false) && this.pos === before) this.next();
      if (this.isOp(this.peek(), ',')) this.next();
    }
    const end = this.lastEnd;
    if (isMap) return { type: 'MapLiteral', start: open.start, end, entries } as A.MapLiteral;
    return { type: 'ListLiteral', start: open.start, end, elements } as A.ListLiteral;
  }

  private parseClosure(): A.ClosureExpression {
    const open = this.next();
    let params: A.Parameter[] = [];
    if (this.closureHasParams()) {
      params = this.withNl(false, () => this.parseParameters((t) => this.isOp(t, '->')));
      if (this.isOp(this.peek(), '->')) this.next();
      else this.missing("'->'");
    }
    const body = this.parseStatements('}');
    return { type: 'ClosureExpression', start: open.start, end: this.closeBrace(open), params, body };
  }

  /** Looks ahead (a bounded distance, on the first line) for the `->` of closure parameters. */
  private closureHasParams(): boolean {
    return this.closureHasParamsAt(this.pos);
  }

  private closureHasParamsAt(from: number): boolean {
    // Only a `->` within the look-ahead can make the answer true: most closures (and every closure
    // of most files) have none, and the scan below would walk their first line and nested blocks.
    if (!this.arrowWithin(from, from + CLOSURE_PARAM_LOOKAHEAD)) return false;
    let depth = 0;
    for (let n = 0, j = from; n < CLOSURE_PARAM_LOOKAHEAD && j < this.toks.length; n++, j++) {
      const t = this.at(j);
      if (n > 0 && t.nl && depth === 0) return false;
      if (t.kind === 'eof') return false;
      if (depth === 0 && t.kind === 'op' && t.text === '->') return true;
      const code = bracketCode(t);
      if (code > 0) depth++;
      else if (code < 0) {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && t.kind === 'op' && t.text === ';') return false;
    }
    return false;
  }

  /** Whether a `->` token has an index in `[from, to)` (binary search: a file may have many). */
  private arrowWithin(from: number, to: number): boolean {
    const arrows = this.arrows;
    let low = 0;
    let high = arrows.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (arrows[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < arrows.length && arrows[low] < to;
  }

  private parseNew(): A.Expression {
    const keyword = this.next();
    const typeEnd = this.scanType(this.pos, true);
    if (typeEnd < 0) {
      const at = this.missing('a type after new');
      return { type: 'NewExpression', start: keyword.start, end: Math.max(keyword.end, at.end), typeName: '', args: [] };
    }
    const typeStartTok = this.peek();
    // `new int[3]` / `new String[n][m]`: dimensions become the arguments.
    let end = typeEnd;
    this.pos = typeEnd;
    this.last = this.at(typeEnd - 1);
    let typeName = this.src.slice(typeStartTok.start, this.at(typeEnd - 1).end);
    const expression: A.NewExpression = { type: 'NewExpression', start: keyword.start, end: this.lastEnd, typeName, args: [] };
    if (this.isOp(this.peek(), '[') && !this.peek().nl) {
      while (this.isOp(this.peek(), '[') && !this.peek().nl) {
        const open = this.next();
        if (!this.isOp(this.peek(), ']')) {
          const value = this.parseExpressionInBrackets();
          expression.args.push({ start: value.start, end: value.end, value });
        }
        this.closeBracket(open);
        typeName += '[]';
      }
      expression.typeName = typeName;
      if (this.isOp(this.peek(), '{') && !this.peek().nl) {
        // Array initializer `new int[] { 1, 2 }`: elements as arguments.
        const open = this.next();
        this.withNl(false, () => {
          while (!this.isOp(this.peek(), '}') && !this.isCloser(this.peek())) {
            const before = this.pos;
            const value = this.parseExpression();
            expression.args.push({ start: value.start, end: value.end, value });
            if (this.isOp(this.peek(), ',')) this.next();
            else if (this.pos === before || !this.isOp(this.peek(), '}')) break;
          }
        });
        this.closeBrace(open);
      }
      expression.end = this.lastEnd;
      return expression;
    }
    end = this.lastEnd;
    if (this.isOp(this.peek(), '(') && this.sameLine(this.peek())) {
      const open = this.next();
      expression.args = this.parseArgumentsUntilClose(open, false);
      end = this.lastEnd;
      if (this.isOp(this.peek(), '{') && this.sameLine(this.peek())) {
        // Anonymous class body: parsed for recovery, not kept.
        const body = this.next();
        this.withNl(true, () => this.parseClassBody());
        end = this.closeBrace(body);
      }
    } else {
      this.missing("'(' after the type");
    }
    expression.end = end;
    return expression;
  }

  // -- strings ---------------------------------------------------------------------

  private parseString(): A.StringLiteral {
    const open = this.next();
    const literal: A.StringLiteral = {
      type: 'StringLiteral',
      start: open.start,
      end: open.end,
      quote: open.text as A.StringQuote,
      parts: [],
      contentStart: open.end,
      contentEnd: open.end,
      terminated: false,
    };
    for (;;) {
      const t = this.peek();
      if (t.kind === 'strChunk') {
        this.next();
        literal.parts.push({ type: 'StringChunk', start: t.start, end: t.end, value: t.value ?? '' });
        continue;
      }
      if (t.kind === 'interpPath') {
        this.next();
        literal.parts.push({ type: 'Interpolation', start: t.start, end: t.end, braced: false, expression: this.pathExpression(t) });
        continue;
      }
      if (t.kind === 'interpStart') {
        literal.parts.push(this.parseInterpolation());
        continue;
      }
      if (t.kind === 'strEnd') {
        this.next();
        literal.contentEnd = t.start;
        literal.end = t.end;
        literal.terminated = t.terminated === true;
        return literal;
      }
      // Cannot happen with a well-formed token stream; end the literal here.
      literal.contentEnd = literal.end = Math.max(literal.contentStart, this.lastEnd);
      return literal;
    }
  }

  private pathExpression(t: Token): A.Expression | undefined {
    const segments = t.segments ?? [];
    if (segments.length === 0) return undefined;
    let expr: A.Expression = { type: 'Identifier', start: segments[0].start, end: segments[0].end, name: segments[0].name };
    for (let k = 1; k < segments.length; k++) {
      const s = segments[k];
      expr = {
        type: 'PropertyAccess',
        start: expr.start,
        end: s.end,
        object: expr,
        property: { type: 'Identifier', start: s.start, end: s.end, name: s.name },
        operator: '.',
      };
    }
    return expr;
  }

  private parseInterpolation(): A.Interpolation {
    const open = this.next();
    const interpolation: A.Interpolation = { type: 'Interpolation', start: open.start, end: open.end, braced: true };
    if (this.peek().kind !== 'interpEnd') interpolation.expression = this.parseInterpolationExpression();
    const close = this.peek();
    if (close.kind === 'interpEnd') this.next();
    interpolation.end = close.kind === 'interpEnd' ? close.end : this.lastEnd;
    return interpolation;
  }

  private parseInterpolationExpression(): A.Expression {
    // Line breaks are insignificant in `${…}`: set here rather than through withNl and a closure.
    const savedNl = this.nlSignificant;
    this.nlSignificant = false;
    try {
      // `${…}` holds a statement in Groovy, so a command call is allowed: `"${tool 'jdk17'}"`.
      const e = this.closureHasParams() ? this.parseLazyInterpolation() : this.parseExpressionWithCommand();
      if (this.peek().kind !== 'interpEnd') {
        const bad = this.peek();
        this.skipToInterpolationEnd();
        this.error(bad.start, Math.max(bad.start, this.lastEnd), `Unexpected ${this.describe(bad)} in '\${…}'`);
      }
      return e;
    } finally {
      this.nlSignificant = savedNl;
    }
  }

  /** `"${-> value}"` / `"${ w -> w << x }"`: a closure without braces of its own. */
  private parseLazyInterpolation(): A.ClosureExpression {
    const start = this.peek().start;
    const params = this.parseParameters((t) => this.isOp(t, '->'));
    if (this.isOp(this.peek(), '->')) this.next();
    const body = this.parseStatements(undefined);
    return { type: 'ClosureExpression', start, end: Math.max(start, this.lastEnd), params, body };
  }

  private skipToInterpolationEnd(): void {
    let strings = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'strStart') strings++;
      else if (t.kind === 'strEnd') {
        if (strings === 0) return;
        strings--;
      } else if (t.kind === 'interpEnd' && strings === 0) return;
      this.next();
    }
  }
}

/**
 * The depth cap keeps recursion far below Node's default stack; should the stack be smaller
 * (or mostly used by the caller), running out of it is handled like too-deep nesting: the
 * innermost expression or statement that can still recover skips the rest of its input.
 */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

// ---------------------------------------------------------------------------
// Bracket bookkeeping without recursion

/**
 * Bracket kinds as small integers, so that counting them per kind is an array index (a keyed
 * property per kind name made every count and every lookup megamorphic): `(`, `[`/`?[`, `{`,
 * a string literal, a `${…}` interpolation.
 */
const PAREN = 1;
const SQUARE = 2;
const BRACE = 3;
const STR = 4;
const INTERP = 5;

/** The bracket kind `t` opens (positive), closes (negated), or 0: one call per token for `matchBrackets`. */
function bracketCode(t: Token): number {
  if (t.kind === 'op') {
    switch (t.text) {
      case '(':
        return PAREN;
      case ')':
        return -PAREN;
      case '[':
      case '?[':
        return SQUARE;
      case ']':
        return -SQUARE;
      case '{':
        return BRACE;
      case '}':
        return -BRACE;
    }
    return 0;
  }
  switch (t.kind) {
    case 'strStart':
      return STR;
    case 'strEnd':
      return -STR;
    case 'interpStart':
      return INTERP;
    case 'interpEnd':
      return -INTERP;
  }
  return 0;
}

/**
 * A stack of open brackets that tolerates mismatches: a closer pops back to its opener when
 * one is open (counts per kind make the "is one open?" check O(1), so unwinding stays linear).
 */
class BracketStack {
  private readonly kinds: number[] = [];
  private readonly counts = new Int32Array(INTERP + 1);

  get size(): number {
    return this.kinds.length;
  }

  /**
   * Accounts for `t` while skipping: returns false when `t` is a closer that does not belong to
   * the skipped text (nothing of its kind open; strings and interpolations always nest properly).
   */
  step(t: Token): boolean {
    const code = bracketCode(t);
    if (code > 0) {
      this.kinds.push(code);
      this.counts[code]++;
      return true;
    }
    if (code === 0) return true;
    const kind = -code;
    if (this.counts[kind] > 0) {
      // Pops to the innermost opener of this kind.
      for (;;) {
        const k = this.kinds.pop() as number;
        this.counts[k]--;
        if (k === kind) return true;
      }
    }
    return this.kinds.length > 0 && kind !== STR && kind !== INTERP;
  }
}

/**
 * Index of each opener's closing token (-1 when unclosed), in one pass. A closer pops back to the
 * innermost opener of its kind when one is open (the openers it pops stay unclosed), else it is ignored.
 */
function matchBrackets(tokens: Token[]): number[] {
  const n = tokens.length;
  // Plain arrays, not typed arrays: a typed array of a file's size has its memory allocated outside
  // the heap (malloc, then free after a GC), which cost more than the matching on small files.
  const match = new Array<number>(n).fill(-1);
  // The stack of open brackets: their kinds and token indices, and how many of each kind are open.
  const kinds: number[] = [];
  const indices: number[] = [];
  const counts = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const code = bracketCode(tokens[i]);
    if (code > 0) {
      kinds.push(code);
      indices.push(i);
      counts[code]++;
    } else if (code < 0 && counts[-code] > 0) {
      for (;;) {
        const k = kinds.pop() as number;
        const at = indices.pop() as number;
        counts[k]--;
        if (k === -code) {
          match[at] = i;
          break;
        }
      }
    }
  }
  return match;
}
