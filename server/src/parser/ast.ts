/**
 * Syntax tree for the Groovy that Jenkinsfiles use.
 *
 * Every node carries `start`/`end`: UTF-16 offsets into the source text (the same unit
 * as LSP positions and JavaScript strings), `end` exclusive. The parser never throws;
 * what it cannot make sense of becomes an `ErrorNode` plus an entry in `ParseResult.errors`,
 * and parsing resumes at the next statement.
 */

export interface Span {
  start: number;
  end: number;
}

export interface ParseError extends Span {
  message: string;
}

export interface Comment extends Span {
  /** `//` line comment, `/* *\/` block comment, or `#!` shebang line. */
  kind: 'line' | 'block' | 'shebang';
  /** Comment text without its delimiters. */
  text: string;
}

export interface ParseResult {
  program: Program;
  comments: Comment[];
  errors: ParseError[];
  /**
   * Offsets of the `=` operator tokens, ascending: every assignment's and initialiser's `=`, none
   * inside a string or comment (`==`, `+=` and the like are other tokens). Absent when the parser
   * failed: a reader then falls back to the text.
   */
  equalsOperators?: number[];
}

// ---------------------------------------------------------------------------
// Statements

export interface Program extends Span {
  type: 'Program';
  body: Statement[];
}

export type Statement =
  | ExpressionStatement
  | VariableDeclaration
  | BlockStatement
  | IfStatement
  | TryStatement
  | ForStatement
  | WhileStatement
  | ReturnStatement
  | JumpStatement
  | ThrowStatement
  | MethodDeclaration
  | ClassDeclaration
  | ImportStatement
  | ErrorNode;

export interface ExpressionStatement extends Span {
  type: 'ExpressionStatement';
  expression: Expression;
  /** Annotations written before the statement, e.g. `@Library('lib') _`. */
  annotations: Annotation[];
}

export interface Annotation extends Span {
  type: 'Annotation';
  name: string;
  args: Argument[];
}

/** `def x = 1`, `String x = 'a'`, `def (a, b) = …`, `final x = …`. */
export interface VariableDeclaration extends Span {
  type: 'VariableDeclaration';
  /** Declared type name (`def`, `String`, `Map<String,String>`, …) or undefined for `final x`. */
  typeName?: string;
  declarations: VariableDeclarator[];
  annotations: Annotation[];
  /** (Parser addition) Right-hand side of `def (a, b) = expr`; its declarators then have no `init`. */
  tupleInit?: Expression;
}

export interface VariableDeclarator extends Span {
  name: Identifier;
  init?: Expression;
}

export interface BlockStatement extends Span {
  type: 'BlockStatement';
  body: Statement[];
  /**
   * (Parser addition) Set when the block stands in for a construct without a node of its own:
   * `switch (d) { case v: … }` (expressions = [d, ...case values], body = all case statements in order),
   * `synchronized (x) { … }` (expressions = [x]), `do { … } while (c)` (expressions = [c]),
   * `assert c : msg` (expressions = [c, msg?], empty body), `static { … }` in a class body.
   */
  keyword?: 'switch' | 'synchronized' | 'do' | 'assert' | 'static';
  expressions?: Expression[];
}

export interface IfStatement extends Span {
  type: 'IfStatement';
  test: Expression;
  consequent: Statement;
  alternate?: Statement;
}

export interface CatchClause extends Span {
  param?: Identifier;
  /** Exception type(s) as written, e.g. `Exception` or `IOException | RuntimeException`. */
  typeName?: string;
  body: BlockStatement;
}

export interface TryStatement extends Span {
  type: 'TryStatement';
  block: BlockStatement;
  handlers: CatchClause[];
  finalizer?: BlockStatement;
}

export interface ForStatement extends Span {
  type: 'ForStatement';
  /** `for (x in xs)`: variable and iterable. Classic `for (;;)` leaves both undefined and fills `init/test/update`. */
  variable?: Identifier;
  iterable?: Expression;
  init?: Statement;
  test?: Expression;
  update?: Expression;
  body: Statement;
}

export interface WhileStatement extends Span {
  type: 'WhileStatement';
  test: Expression;
  body: Statement;
}

export interface ReturnStatement extends Span {
  type: 'ReturnStatement';
  argument?: Expression;
}

export interface JumpStatement extends Span {
  type: 'JumpStatement';
  keyword: 'break' | 'continue';
}

export interface ThrowStatement extends Span {
  type: 'ThrowStatement';
  argument?: Expression;
}

export interface Parameter extends Span {
  name: Identifier;
  typeName?: string;
  defaultValue?: Expression;
}

/** `def f(a, b = 1) { … }`, `void f() { … }`, `String f(String a) { … }`. */
export interface MethodDeclaration extends Span {
  type: 'MethodDeclaration';
  name: Identifier;
  returnType?: string;
  params: Parameter[];
  body: BlockStatement;
  annotations: Annotation[];
}

/** `class X { … }` — body kept as statements; Jenkinsfiles rarely declare classes. */
export interface ClassDeclaration extends Span {
  type: 'ClassDeclaration';
  name: Identifier;
  /** (Parser addition) The type after `extends`, as written. */
  superClass?: string;
  body: Statement[];
}

export interface ImportStatement extends Span {
  type: 'ImportStatement';
  /** Dotted path as written, e.g. `groovy.json.JsonSlurper` or `java.util.*`. */
  path: string;
  /** (Parser addition) `import static …`. */
  isStatic?: boolean;
  /** (Parser addition) `import a.B as C` → `C`. */
  alias?: string;
  /** (Parser addition) Annotations before the import, e.g. `@Library('lib') import a.B`. */
  annotations?: Annotation[];
}

/** Text the parser skipped while recovering. */
export interface ErrorNode extends Span {
  type: 'Error';
  message: string;
}

// ---------------------------------------------------------------------------
// Expressions

export type Expression =
  | Identifier
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | ListLiteral
  | MapLiteral
  | ClosureExpression
  | CallExpression
  | PropertyAccess
  | IndexExpression
  | BinaryExpression
  | UnaryExpression
  | TernaryExpression
  | AssignmentExpression
  | ParenthesizedExpression
  | NewExpression
  | ErrorNode;

export interface Identifier extends Span {
  type: 'Identifier';
  name: string;
}

export type StringQuote = "'" | '"' | "'''" | '"""' | '/' | '$/';

/** A piece of literal text inside a string literal. */
export interface StringChunk extends Span {
  type: 'StringChunk';
  /** The text after escape processing (e.g. `\$` → `$`, `\n` → newline). */
  value: string;
}

/** `$name`, `$a.b.c` or `${expr}` inside a GString (`"…"`, `"""…"""`, `/…/`, `$/…/$`). */
export interface Interpolation extends Span {
  type: 'Interpolation';
  /** The embedded expression; `undefined` for an empty `${}`. */
  expression?: Expression;
  /** `true` for the `${…}` form, `false` for the bare `$name` form. */
  braced: boolean;
}

export interface StringLiteral extends Span {
  type: 'StringLiteral';
  quote: StringQuote;
  /** Literal chunks and interpolations in source order, covering everything between the delimiters. */
  parts: Array<StringChunk | Interpolation>;
  /** Offset just after the opening delimiter. */
  contentStart: number;
  /** Offset of the closing delimiter (== `end` when unterminated). */
  contentEnd: number;
  /** `false` when the closing delimiter is missing (the literal then runs to end of line / file). */
  terminated: boolean;
}

export interface NumberLiteral extends Span {
  type: 'NumberLiteral';
  raw: string;
}

export interface BooleanLiteral extends Span {
  type: 'BooleanLiteral';
  value: boolean;
}

export interface NullLiteral extends Span {
  type: 'NullLiteral';
}

export interface ListLiteral extends Span {
  type: 'ListLiteral';
  elements: Expression[];
}

export interface MapEntry extends Span {
  /** Key expression: an `Identifier` for `name:`, a `StringLiteral` for `'name':`, or any expression for `(expr):`/`$class:`. */
  key: Expression;
  value: Expression;
}

/** `[a: 1, 'b': 2]`, `[:]`, `[$class: 'X']`. */
export interface MapLiteral extends Span {
  type: 'MapLiteral';
  entries: MapEntry[];
}

export interface ClosureExpression extends Span {
  type: 'ClosureExpression';
  /** Explicit parameters `{ a, b -> … }`; empty for `{ … }` and `{ -> … }`. */
  params: Parameter[];
  body: Statement[];
}

/** One call argument; `name` is set for named arguments (`script: 'x'`). */
export interface Argument extends Span {
  name?: Expression;
  value: Expression;
}

/**
 * A method or closure call. Covers `f(a)`, command calls without parentheses (`sh 'x'`,
 * `sh script: 'x', returnStdout: true`), trailing closures (`stage('x') { … }`,
 * `withRegistry(url, id) { … }`, `node { … }`) and method calls (`docker.build(x).push()`).
 */
export interface CallExpression extends Span {
  type: 'CallExpression';
  /** `Identifier` for `f(…)`, `PropertyAccess` for `a.f(…)`, or any expression (`x()`, `closure.call`). */
  callee: Expression;
  args: Argument[];
  /** Closures written after the argument list (or after the callee when there are no parentheses). */
  closures: ClosureExpression[];
  /** Whether the argument list was written with parentheses. */
  parenthesized: boolean;
}

export interface PropertyAccess extends Span {
  type: 'PropertyAccess';
  object: Expression;
  property: Identifier;
  /** `.`, `?.`, `*.`, or `.&` (method reference). The parser reports `::` as `.&`, `??.` as `?.` and `.@` as `.`. */
  operator: '.' | '?.' | '*.' | '.&';
}

export interface IndexExpression extends Span {
  type: 'IndexExpression';
  object: Expression;
  index: Expression;
  safe: boolean;
}

export interface BinaryExpression extends Span {
  type: 'BinaryExpression';
  /** Groovy operator as written: `+ - * / % ** == != < > <= >= <=> =~ ==~ && || & | ^ << >> >>> in instanceof as ?: ..` etc. */
  operator: string;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends Span {
  type: 'UnaryExpression';
  /** `!`, `-`, `++`, …; `*` for a spread argument; a cast `(String) x` has the operator `(String)`. */
  operator: string;
  prefix: boolean;
  argument: Expression;
}

export interface TernaryExpression extends Span {
  type: 'TernaryExpression';
  test: Expression;
  consequent: Expression;
  alternate: Expression;
}

export interface AssignmentExpression extends Span {
  type: 'AssignmentExpression';
  /** `=`, `+=`, `-=`, `?=`, … */
  operator: string;
  /** The assigned name or path; for Groovy's multiple assignment `(a, b) = f()` a ListLiteral of Identifiers spanning the parentheses. */
  target: Expression;
  value: Expression;
}

export interface ParenthesizedExpression extends Span {
  type: 'ParenthesizedExpression';
  expression: Expression;
}

export interface NewExpression extends Span {
  type: 'NewExpression';
  typeName: string;
  args: Argument[];
}

export type Node =
  | Program
  | Statement
  | Expression
  | StringChunk
  | Interpolation
  | Annotation
  | Argument
  | MapEntry
  | Parameter
  | CatchClause
  | VariableDeclarator;
