/**
 * Builds the Jenkins model from the syntax tree, for declarative and scripted pipelines.
 * Pure: the only outside input is `readFile` for `yamlFile`, which the caller sandboxes.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { runsDockerDaemon } from '../docker/daemon';
import { kanikoImage } from '../kaniko/images';
import { indexAtOrBefore } from '../lines';
import { parse } from '../parser';
import type * as ast from '../parser/ast';
import { forEachChildNode } from '../parser/walk';
import { concatText, stringText, type MappedText } from '../parser/strings';
import { argName, booleanValue, calleeName, calleePath, firstClosure, firstPositionalArg, isClosureArgument, literalValue, namedArg } from './ast-helpers';
import { ModelMemo } from './memo';
import { splitShell } from './shell';
import type {
  Container,
  ContainerRef,
  DockerAgent,
  DockerStep,
  DockerWrapper,
  JenkinsModel,
  Pod,
  ShellStep,
  Span,
  Stage,
  Step,
  VariableValue,
  Volume,
} from './types';
import { mapPair, mapValue, parseEmbeddedYaml, podSpec, scalarString, seqItems, stringList, yamlNodeSpan, yamlPairSpan } from './yaml';

export interface BuildOptions {
  /**
   * Reads a `yamlFile` (or `readTrusted('…')`/`readFile('…')`) path relative to the repository
   * root, as Jenkins does; returns undefined when absent or not allowed.
   */
  readFile?: (relativePath: string) => string | undefined;
  /** Where `readFile` starts, in words ("the repository root `/x` (…)"), for hovers. */
  yamlRoot?: string;
  /** A parse of the same text, to reuse. */
  parseResult?: ast.ParseResult;
}

/**
 * Where the walk is. Every context has all six fields, in one order (one hidden class): the visit
 * functions read them on every call, and contexts of mixed shapes made those reads polymorphic.
 */
class Context {
  // Declared, not class fields: a class field is defined as undefined before the constructor
  // assigns it, which doubles the stores of every context the walk makes.
  declare stage: Stage | undefined;
  declare pod: Pod | undefined;
  declare container: string | undefined;
  /** What a `stage` directly inside this scope is a child of. */
  declare stageBlock: Stage['parentBlock'] | undefined;
  /** Inside a same-file method reached by a call: its closure parameters bound to the closures passed. */
  declare bindings: Map<string, BoundClosure> | undefined;
  /** Calls to same-file methods that led here, outermost first. */
  declare via: ast.CallExpression[] | undefined;

  constructor(
    stage: Stage | undefined,
    pod: Pod | undefined,
    container: string | undefined,
    stageBlock: Stage['parentBlock'] | undefined,
    bindings: Map<string, BoundClosure> | undefined,
    via: ast.CallExpression[] | undefined,
  ) {
    this.stage = stage;
    this.pod = pod;
    this.container = container;
    this.stageBlock = stageBlock;
    this.bindings = bindings;
    this.via = via;
  }

  static root(): Context {
    return new Context(undefined, undefined, undefined, undefined, undefined, undefined);
  }

  copy(): Context {
    return new Context(this.stage, this.pod, this.container, this.stageBlock, this.bindings, this.via);
  }

  withStageBlock(stageBlock: Stage['parentBlock'] | undefined): Context {
    return new Context(this.stage, this.pod, this.container, stageBlock, this.bindings, this.via);
  }

  withStage(stage: Stage, stageBlock: Stage['parentBlock'] | undefined): Context {
    return new Context(stage, this.pod, this.container, stageBlock, this.bindings, this.via);
  }

  withContainer(container: string | undefined): Context {
    return new Context(this.stage, this.pod, container, this.stageBlock, this.bindings, this.via);
  }

  /** In a pod's block: its containers, none chosen yet. */
  inPod(pod: Pod): Context {
    return new Context(this.stage, pod, undefined, this.stageBlock, this.bindings, this.via);
  }

  /** With these bindings, reached through `via` (the calls of same-file methods that lead here). */
  withBindings(bindings: Map<string, BoundClosure> | undefined, via: ast.CallExpression[] | undefined): Context {
    return new Context(this.stage, this.pod, this.container, this.stageBlock, bindings, via);
  }
}

/** A closure passed to a same-file method, with the bindings where it was written. */
interface BoundClosure {
  closure: ast.ClosureExpression;
  bindings?: Map<string, BoundClosure>;
  invoked: boolean;
}

/** A method (`def f() { … }`) or closure variable (`def f = { … }`) of the script, followed from its calls. */
interface LocalFunction {
  name: string;
  params: string[];
  body: ast.Statement[];
  /** The declaration's span (the whole `def f(…) { … }` or `def f = { … }`). */
  span: Span;
  reached: boolean;
}

/** How many same-file calls deep the model follows, and how many method bodies it walks at most. */
const MAX_CALL_DEPTH = 8;
const MAX_FUNCTION_VISITS = 500;

const DOCKER_IMAGE_METHODS = new Set(['push', 'inside', 'run', 'withRun', 'tag']);
const STATEMENT_TYPES = new Set<string>([
  'ExpressionStatement',
  'VariableDeclaration',
  'BlockStatement',
  'IfStatement',
  'TryStatement',
  'ForStatement',
  'WhileStatement',
  'ReturnStatement',
  'JumpStatement',
  'ThrowStatement',
  'MethodDeclaration',
  'ClassDeclaration',
  'ImportStatement',
]);

export function buildModel(text: string, options: BuildOptions = {}): JenkinsModel {
  const parseResult = options.parseResult ?? parse(text);
  const builder = new ModelBuilder(text, parseResult, options);
  return builder.build();
}

class ModelBuilder {
  private readonly stages: Stage[] = [];
  private readonly pods: Pod[] = [];
  private readonly steps: Step[] = [];
  private readonly containerRefs: ContainerRef[] = [];
  private readonly dockerAgents: DockerAgent[] = [];
  private readonly dockerWrappers: DockerWrapper[] = [];
  private readonly variables = new Map<string, VariableValue>();
  /** Variables bound to Docker images: `def img = docker.build(…)`. */
  private readonly imageVariables = new Set<string>();
  private pipeline?: ast.CallExpression;
  private pipelinePod?: Pod;
  private sawScripted = false;
  /** Top-level methods and closure variables of the script, by name. */
  private readonly functions = new Map<string, LocalFunction>();
  private functionVisits = 0;
  /** Offsets of the `=` operators (or, without the parser's list, of every `=` in the text), ascending: where the variable pass looks for assignments. */
  private equalsOffsets: number[] = [];
  /**
   * A helper's body is walked once per call, so the same step, stage or pod call may be met
   * again: the first meeting (in walk order) defines it, later ones reuse it.
   */
  private readonly stepCalls = new Set<ast.CallExpression>();
  private readonly stageByCall = new Map<ast.CallExpression, Stage>();
  private readonly podByCall = new Map<ast.CallExpression, Pod>();
  private readonly refCalls = new Set<ast.Expression>();

  constructor(
    private readonly text: string,
    private readonly parseResult: ast.ParseResult,
    private readonly options: BuildOptions,
  ) {}

  build(): JenkinsModel {
    // The parser's `=` tokens leave out the many `=` inside strings (`--destination=…`, `KEY=value` in
    // `sh` scripts), whose statements the variable pass would otherwise walk down to the string.
    this.equalsOffsets = this.parseResult.equalsOperators ?? equalsOffsets(this.text);
    if (this.equalsOffsets.length > 0) this.collectVariables(this.parseResult.program.body, false, 0);
    this.collectFunctions(this.parseResult.program.body);
    this.visitStatements(this.parseResult.program.body, Context.root());
    // Helpers no call reached still hold steps: they count, outside any pod or stage.
    if (this.functions.size > 0) for (const fn of this.functions.values()) if (!fn.reached) this.visitStatements(fn.body, Context.root());
    // Followed calls meet steps and stages out of document order.
    sortByCallStart(this.steps);
    sortByCallStart(this.dockerAgents);
    sortByCallStart(this.dockerWrappers);
    sortByCallStart(this.stages);
    const stages = this.stages;
    const rootStages: Stage[] = [];
    for (let i = 0; i < stages.length; i++) {
      sortByCallStart(stages[i].steps);
      sortByCallStart(stages[i].children);
      if (!stages[i].parent) rootStages.push(stages[i]);
    }
    sortContainerRefs(this.containerRefs);
    const kind = this.pipeline ? 'declarative' : this.sawScripted ? 'scripted' : 'unknown';
    return {
      text: this.text,
      parse: this.parseResult,
      kind,
      pipeline: this.pipeline,
      pipelinePod: this.pipelinePod,
      stages: this.stages,
      rootStages,
      pods: this.pods,
      steps: this.steps,
      variables: this.variables,
      containerRefs: this.containerRefs,
      dockerAgents: this.dockerAgents,
      dockerWrappers: this.dockerWrappers,
      memo: new ModelMemo(),
    };
  }

  // -- variables --------------------------------------------------------------

  /** Records every string assigned to a name anywhere, so `yaml podSpec` and `"${REGISTRY}"` can be resolved. */
  private collectVariables(statements: ast.Statement[], environment: boolean, depth: number): void {
    if (depth > 200) return;
    for (let i = 0; i < statements.length; i++) this.collectStatementVariables(statements[i], environment, depth);
  }

  private collectStatementVariables(statement: ast.Statement, environment: boolean, depth: number): void {
    if (depth > 200) return;
    // Every assignment and initialised declaration has its `=` inside its statement: most
    // statements have none, and their whole subtree is skipped.
    if (!this.hasEqualsIn(statement.start, statement.end)) return;
    // The two statements most code is made of, read directly: the generic walk below (the same
    // children in the same order) costs two closures and a lookup of the node's fields each.
    if (statement.type === 'ExpressionStatement') {
      this.collectFromExpression(statement.expression, environment, depth + 1);
      return;
    }
    if (statement.type === 'VariableDeclaration') {
      const declarations = statement.declarations;
      for (let i = 0; i < declarations.length; i++) {
        const declarator = declarations[i];
        if (declarator.init) this.recordVariable(declarator.name.name, declarator.init, environment, declarator);
      }
      for (let i = 0; i < declarations.length; i++) {
        const init = declarations[i].init;
        if (init) this.collectFromExpression(init, environment, depth + 1);
      }
      if (statement.tupleInit) this.collectFromExpression(statement.tupleInit, environment, depth + 1);
      return;
    }
    this.forEachChild(
      statement,
      (expr) => this.collectFromExpression(expr, environment, depth + 1),
      (inner) => this.collectStatementVariables(inner, environment, depth + 1),
    );
  }

  private collectFromExpression(expr: ast.Expression, environment: boolean, depth: number): void {
    if (depth > 200) return;
    if (expr.type === 'AssignmentExpression' && expr.operator === '=' && expr.target.type === 'Identifier') {
      this.recordVariable(expr.target.name, expr.value, environment, expr);
    }
    if (expr.type === 'CallExpression') {
      const inner = environment || (expr.callee.type === 'Identifier' && expr.callee.name === 'environment');
      // closureBodies' order (closure arguments, then trailing closures) without building its list.
      const args = expr.args;
      for (let i = 0; i < args.length; i++)
        if (isClosureArgument(args[i])) this.collectVariables((args[i].value as ast.ClosureExpression).body, inner, depth + 1);
      const closures = expr.closures;
      for (let i = 0; i < closures.length; i++) this.collectVariables(closures[i].body, inner, depth + 1);
      for (let i = 0; i < args.length; i++) if (!isClosureArgument(args[i])) this.collectFromExpression(args[i].value, environment, depth + 1);
    } else if (expr.type === 'ClosureExpression') {
      this.collectVariables(expr.body, environment, depth + 1);
    } else if (expr.type === 'MapLiteral') {
      const entries = expr.entries;
      for (let i = 0; i < entries.length; i++) this.collectFromExpression(entries[i].value, environment, depth + 1);
    }
  }

  /** Whether the text has a `=` in `[start, end)` (a binary search in the offsets of all of them). */
  private hasEqualsIn(start: number, end: number): boolean {
    // The last `=` before `end`, if any, decides (an empty list gives undefined: false).
    const last = this.equalsOffsets[indexAtOrBefore(this.equalsOffsets, end - 1)];
    return last >= start && last < end;
  }

  private recordVariable(name: string, expression: ast.Expression, environment: boolean, span: Span): void {
    this.variables.set(name, { name, expression, text: this.stringValue(expression, 0), environment, span: { start: span.start, end: span.end } });
  }

  /**
   * Visits the expressions and nested statements of a statement (not closures inside expressions),
   * through the parser's own list of children. Class bodies are not pipeline code.
   */
  private forEachChild(statement: ast.Statement, onExpression: (expr: ast.Expression) => void, onStatement: (statement: ast.Statement) => void): void {
    if (statement.type === 'ClassDeclaration') return;
    forEachChildNode(statement, statement.type, (node, kind) => {
      switch (kind) {
        case 'CatchClause':
          for (const inner of (node as ast.CatchClause).body.body) onStatement(inner);
          break;
        case 'VariableDeclarator': {
          const init = (node as ast.VariableDeclarator).init;
          if (init) onExpression(init);
          break;
        }
        case 'Annotation':
        case 'Argument':
        case 'MapEntry':
        case 'Parameter':
          break;
        default:
          if (STATEMENT_TYPES.has(kind)) onStatement(node as ast.Statement);
          else onExpression(node as ast.Expression);
      }
    });
  }

  /** The text of a string-valued expression, mapped to the source; undefined when not statically known. */
  stringValue(expr: ast.Expression, depth: number, interpolation: 'verbatim' | 'standIn' = 'verbatim'): MappedText | undefined {
    if (depth > 20) return undefined;
    switch (expr.type) {
      case 'StringLiteral':
        return stringText(expr, this.text, { interpolation });
      case 'ParenthesizedExpression':
        return this.stringValue(expr.expression, depth + 1, interpolation);
      case 'BinaryExpression':
        return expr.operator === '+' ? concatText(expr, this.text, { interpolation }) : undefined;
      case 'Identifier': {
        const variable = this.variables.get(expr.name);
        return variable && variable.expression !== expr ? this.stringValue(variable.expression, depth + 1, interpolation) : undefined;
      }
      case 'CallExpression': {
        // `'''…'''.stripIndent()`, `.trim()`, `.stripIndent().trim()`
        if (expr.callee.type !== 'PropertyAccess' || expr.args.length > 0) return undefined;
        const inner = this.stringValue(expr.callee.object, depth + 1, interpolation);
        if (!inner) return undefined;
        switch (expr.callee.property.name) {
          case 'stripIndent':
            return inner.stripIndent();
          case 'trim':
            return inner.trim();
          case 'toString':
            return inner;
          default:
            return undefined;
        }
      }
      default:
        return undefined;
    }
  }

  /**
   * `stringValue(expr, depth)?.text`, for the many callers that read only the text: a one-chunk
   * literal without escapes (most are) is its chunk's value, without building the offset mapping.
   */
  private stringValueText(expr: ast.Expression, depth: number): string | undefined {
    if (depth > 20) return undefined;
    if (expr.type === 'StringLiteral') {
      const parts = expr.parts;
      // stringText's one-chunk test (less its non-empty check: an empty chunk's text is '' either way).
      if (parts.length === 1 && parts[0].type === 'StringChunk' && parts[0].value.length === parts[0].end - parts[0].start) return parts[0].value;
    } else if (expr.type === 'Identifier') {
      const variable = this.variables.get(expr.name);
      return variable && variable.expression !== expr ? this.stringValueText(variable.expression, depth + 1) : undefined;
    }
    return this.stringValue(expr, depth)?.text;
  }

  /** The string literal behind an expression (through variables and `.stripIndent()`), for edits. */
  private literalOf(expr: ast.Expression, depth = 0): ast.StringLiteral | undefined {
    if (depth > 20) return undefined;
    if (expr.type === 'StringLiteral') return expr;
    if (expr.type === 'ParenthesizedExpression') return this.literalOf(expr.expression, depth + 1);
    if (expr.type === 'Identifier') {
      const variable = this.variables.get(expr.name);
      return variable && variable.expression !== expr ? this.literalOf(variable.expression, depth + 1) : undefined;
    }
    if (expr.type === 'CallExpression' && expr.callee.type === 'PropertyAccess' && expr.args.length === 0) {
      return this.literalOf(expr.callee.object, depth + 1);
    }
    return undefined;
  }

  // -- same-file functions ------------------------------------------------------

  /** `def f(…) { … }` and `def f = { … }` at the top level of the script. */
  private collectFunctions(statements: ast.Statement[]): void {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      if (statement.type === 'MethodDeclaration') {
        const name = statement.name.name;
        if (!this.functions.has(name)) {
          this.functions.set(name, { name, params: statement.params.map((p) => p.name.name), body: statement.body.body, span: statement, reached: false });
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          const init = declarator.init;
          if (init?.type === 'ClosureExpression' && !this.functions.has(declarator.name.name)) {
            this.functions.set(declarator.name.name, {
              name: declarator.name.name,
              params: init.params.map((p) => p.name.name),
              body: init.body,
              span: declarator,
              reached: false,
            });
          }
        }
      }
    }
  }

  /** The same-file function a call invokes: `helper(…)`, `helper …`, `this.helper(…)`. */
  private localFunction(call: ast.CallExpression): LocalFunction | undefined {
    const callee = call.callee;
    let name: string | undefined;
    if (callee.type === 'Identifier') name = callee.name;
    else if (callee.type === 'PropertyAccess' && callee.object.type === 'Identifier' && callee.object.name === 'this') name = callee.property.name;
    // `f.call(…)` on a closure variable.
    else if (callee.type === 'PropertyAccess' && callee.property.name === 'call' && callee.object.type === 'Identifier') name = callee.object.name;
    return name !== undefined ? this.functions.get(name) : undefined;
  }

  /** A closure parameter of the enclosing helper being invoked: `body()`, `body.call()`. */
  private boundClosure(call: ast.CallExpression, ctx: Context): BoundClosure | undefined {
    if (!ctx.bindings) return undefined;
    const callee = call.callee;
    if (callee.type === 'Identifier') return ctx.bindings.get(callee.name);
    if (callee.type === 'PropertyAccess' && callee.property.name === 'call' && callee.object.type === 'Identifier') return ctx.bindings.get(callee.object.name);
    return undefined;
  }

  /**
   * Follows a call into a same-file function with the caller's context (its pod, stage and
   * container), binding closures passed to it to its parameters. Closures the function never
   * invokes are walked where they were written. Recursion and depth are bounded.
   */
  private followCall(call: ast.CallExpression, fn: LocalFunction, ctx: Context, depth: number): boolean {
    const via = ctx.via ?? [];
    if (via.length >= MAX_CALL_DEPTH || this.functionVisits >= MAX_FUNCTION_VISITS) return false;
    if (via.some((c) => this.localFunction(c) === fn)) return false;
    this.functionVisits++;
    fn.reached = true;
    const closures: ast.ClosureExpression[] = [];
    const bindings = new Map<string, BoundClosure>();
    const positional = call.args.filter((a) => a.name === undefined).map((a) => a.value);
    // Groovy passes named arguments as one map first, then the positional ones, then trailing closures.
    const values: ast.Expression[] = [
      ...(call.args.some((a) => a.name !== undefined) ? [call.args.find((a) => a.name !== undefined)!.value] : []),
      ...positional,
      ...call.closures,
    ];
    values.forEach((value, i) => {
      if (value.type !== 'ClosureExpression') return;
      closures.push(value);
      const param = fn.params[i];
      if (param !== undefined) bindings.set(param, { closure: value, bindings: ctx.bindings, invoked: false });
    });
    for (const arg of call.args) if (arg.value.type !== 'ClosureExpression') this.visitExpression(arg.value, ctx, undefined, depth + 1);
    this.visitStatements(fn.body, ctx.withBindings(bindings, [...via, call]));
    for (const bound of bindings.values()) if (!bound.invoked) this.visitStatements(bound.closure.body, ctx);
    for (const closure of closures) if (![...bindings.values()].some((b) => b.closure === closure)) this.visitStatements(closure.body, ctx);
    return true;
  }

  // -- structure ----------------------------------------------------------------

  private visitStatements(statements: ast.Statement[], ctx: Context): void {
    for (let i = 0; i < statements.length; i++) this.visitStatement(statements[i], ctx);
  }

  private visitStatement(statement: ast.Statement, ctx: Context): void {
    switch (statement.type) {
      case 'ExpressionStatement':
        this.visitExpression(statement.expression, ctx);
        return;
      case 'VariableDeclaration':
        for (let i = 0; i < statement.declarations.length; i++) {
          const declarator = statement.declarations[i];
          const init = declarator.init;
          // A top-level closure variable is walked where it is called (see followCall).
          if (init?.type === 'ClosureExpression' && this.functions.get(declarator.name.name)?.span === declarator) continue;
          if (init) this.visitExpression(init, ctx, declarator.name.name);
        }
        if (statement.tupleInit) this.visitExpression(statement.tupleInit, ctx);
        return;
      case 'MethodDeclaration':
        // Walked where it is called, with the caller's pod and stage; unreached ones at the end.
        if (this.functions.get(statement.name.name)?.span === statement) return;
        this.visitStatements(statement.body.body, ctx);
        return;
      case 'ClassDeclaration':
        return;
      default:
        this.forEachChild(
          statement,
          (expr) => this.visitExpression(expr, ctx),
          (inner) => this.visitStatement(inner, ctx),
        );
    }
  }

  private visitExpression(expr: ast.Expression, ctx: Context, assignedTo?: string, depth = 0): void {
    if (depth > 300) return;
    switch (expr.type) {
      case 'CallExpression':
        this.visitCall(expr, ctx, assignedTo, depth);
        return;
      case 'AssignmentExpression':
        this.visitExpression(expr.value, ctx, expr.target.type === 'Identifier' ? expr.target.name : undefined, depth + 1);
        return;
      case 'BinaryExpression':
        this.visitExpression(expr.left, ctx, undefined, depth + 1);
        this.visitExpression(expr.right, ctx, undefined, depth + 1);
        return;
      case 'TernaryExpression':
        this.visitExpression(expr.test, ctx, undefined, depth + 1);
        this.visitExpression(expr.consequent, ctx, assignedTo, depth + 1);
        this.visitExpression(expr.alternate, ctx, assignedTo, depth + 1);
        return;
      case 'ParenthesizedExpression':
        this.visitExpression(expr.expression, ctx, assignedTo, depth + 1);
        return;
      case 'PropertyAccess':
        this.visitExpression(expr.object, ctx, undefined, depth + 1);
        return;
      case 'UnaryExpression':
        this.visitExpression(expr.argument, ctx, undefined, depth + 1);
        return;
      case 'ClosureExpression':
        this.visitStatements(expr.body, ctx);
        return;
      case 'ListLiteral':
        for (let i = 0; i < expr.elements.length; i++) this.visitExpression(expr.elements[i], ctx, undefined, depth + 1);
        return;
      case 'MapLiteral':
        for (let i = 0; i < expr.entries.length; i++) this.visitExpression(expr.entries[i].value, ctx, undefined, depth + 1);
        return;
      case 'IndexExpression':
        // `sh(…).split()[0]`
        this.visitExpression(expr.object, ctx, undefined, depth + 1);
        this.visitExpression(expr.index, ctx, undefined, depth + 1);
        return;
      case 'StringLiteral':
        // `"""${ sh(script: '…', returnStdout: true) }"""`
        for (let i = 0; i < expr.parts.length; i++) {
          const part = expr.parts[i];
          if (part.type === 'Interpolation' && part.expression) this.visitExpression(part.expression, ctx, undefined, depth + 1);
        }
        return;
      case 'NewExpression':
        for (let i = 0; i < expr.args.length; i++) this.visitExpression(expr.args[i].value, ctx, undefined, depth + 1);
        return;
      default:
        return;
    }
  }

  private visitCall(call: ast.CallExpression, ctx: Context, assignedTo: string | undefined, depth: number): void {
    // Receivers first, so `docker.build(x).push()` records the build before the push.
    if (call.callee.type === 'PropertyAccess') this.visitExpression(call.callee.object, ctx, undefined, depth + 1);
    else if (call.callee.type !== 'Identifier') this.visitExpression(call.callee, ctx, undefined, depth + 1);

    const bound = ctx.bindings ? this.boundClosure(call, ctx) : undefined;
    if (bound) {
      bound.invoked = true;
      this.visitArgs(call, ctx, depth);
      this.visitStatements(bound.closure.body, ctx.withBindings(bound.bindings, ctx.via));
      return;
    }
    // Most scripts have no methods of their own: no lookup then.
    const fn = this.functions.size > 0 ? this.localFunction(call) : undefined;
    if (fn && this.followCall(call, fn, ctx, depth)) return;

    const name = call.callee.type === 'Identifier' ? call.callee.name : undefined;

    if (name === 'pipeline' && !ctx.stage && !this.pipeline) {
      this.pipeline = call;
      this.visitScope(call, ctx.withStageBlock('stages'));
      return;
    }
    switch (name) {
      case 'agent':
        this.visitAgent(call, ctx);
        return;
      case 'stage':
        this.visitStage(call, ctx);
        return;
      case 'stages':
        // `matrix { stages { … } }`: those stages are the matrix's cells.
        this.visitClosures(call, ctx.withStageBlock(ctx.stageBlock === 'matrix' ? 'matrix' : 'stages'));
        return;
      case 'parallel':
        this.visitClosures(call, ctx.withStageBlock('parallel'));
        this.visitArgs(call, ctx, depth);
        return;
      case 'matrix':
        this.visitClosures(call, ctx.withStageBlock('matrix'));
        return;
      case 'steps':
        if (ctx.stage && !ctx.stage.stepsBlock) ctx.stage.stepsBlock = call;
        this.visitClosures(call, ctx);
        return;
      case 'podTemplate':
        this.visitPodTemplate(call, ctx);
        return;
      case 'node':
        this.sawScripted = this.sawScripted || !this.pipeline;
        this.visitArgs(call, ctx, depth);
        this.visitClosures(call, ctx);
        return;
      case 'container': {
        const containerName = this.recordContainerRef(call, 'container', ctx.pod);
        this.visitClosures(call, ctx.withContainer(containerName ?? ctx.container));
        return;
      }
      case 'sh':
      case 'bat':
      case 'powershell':
        this.recordShellStep(call, name, ctx);
        return;
      case 'withDockerRegistry':
      case 'withDockerServer':
        if (!this.dockerWrappers.some((w) => w.call === call)) this.dockerWrappers.push({ call, step: name, stage: ctx.stage, pod: ctx.pod });
        break;
      default:
        break;
    }

    // `docker.<method>(…)`; a longer path from `docker` (`docker.a.b(…)`) is none of the methods below.
    const method = dockerMethod(call);
    if (method !== undefined) {
      if (method === 'build' || method === 'withRegistry' || method === 'image' || method === 'withServer') {
        if (method !== 'withServer') this.recordDockerStep(call, method, ctx, assignedTo);
        if ((method === 'build' || method === 'image') && assignedTo) this.imageVariables.add(assignedTo);
      }
    } else if (call.callee.type === 'PropertyAccess' && DOCKER_IMAGE_METHODS.has(call.callee.property.name) && this.isImageExpression(call.callee.object)) {
      this.recordDockerStep(call, call.callee.property.name as DockerStep['method'], ctx, assignedTo, call.callee.object);
    }

    this.visitArgs(call, ctx, depth);
    this.visitClosures(call, ctx);
  }

  private isImageExpression(expr: ast.Expression): boolean {
    if (expr.type === 'Identifier') return this.imageVariables.has(expr.name);
    if (expr.type === 'CallExpression') {
      const path = calleePath(expr);
      return path === 'docker.build' || path === 'docker.image';
    }
    if (expr.type === 'ParenthesizedExpression') return this.isImageExpression(expr.expression);
    return false;
  }

  /** Arguments other than the closures passed positionally (visitClosures walks those, in their scope). */
  private visitArgs(call: ast.CallExpression, ctx: Context, depth: number): void {
    const args = call.args;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (isClosureArgument(arg)) continue;
      if (arg.value.type === 'ClosureExpression') this.visitStatements(arg.value.body, ctx);
      else this.visitExpression(arg.value, ctx, undefined, depth + 1);
    }
  }

  /** The call's closures, inside the parentheses or after them. */
  private visitClosures(call: ast.CallExpression, ctx: Context): void {
    // closureBodies' order without building its list: most calls have no closure at all.
    const args = call.args;
    for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) this.visitStatements((args[i].value as ast.ClosureExpression).body, ctx);
    const closures = call.closures;
    for (let i = 0; i < closures.length; i++) this.visitStatements(closures[i].body, ctx);
  }

  /** Visits a scope whose `agent` directive applies to everything in it, wherever it is written. */
  private visitScope(call: ast.CallExpression, ctx: Context): void {
    const scoped = ctx.copy();
    // closureBodies' order (closure arguments, then trailing closures) without building its list.
    const args = call.args;
    for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) this.visitScopeBody((args[i].value as ast.ClosureExpression).body, scoped);
    const closures = call.closures;
    for (let i = 0; i < closures.length; i++) this.visitScopeBody(closures[i].body, scoped);
  }

  /** One closure of a scope: its `agent` first, then the other statements in order. */
  private visitScopeBody(body: ast.Statement[], scoped: Context): void {
    for (let i = 0; i < body.length; i++) {
      const agent = agentCall(body[i]);
      if (agent) this.visitAgent(agent, scoped);
    }
    for (let i = 0; i < body.length; i++) if (!agentCall(body[i])) this.visitStatement(body[i], scoped);
  }

  private visitAgent(call: ast.CallExpression, ctx: Context): void {
    const args = call.args;
    for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) this.visitAgentBody((args[i].value as ast.ClosureExpression).body, ctx);
    const closures = call.closures;
    for (let i = 0; i < closures.length; i++) this.visitAgentBody(closures[i].body, ctx);
  }

  /** The command-style calls of an `agent { }` closure (closureCalls), read in place. */
  private visitAgentBody(body: ast.Statement[], ctx: Context): void {
    for (let i = 0; i < body.length; i++) {
      const statement = body[i];
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
      const inner = statement.expression;
      if (inner.callee.type !== 'Identifier') continue;
      const name = inner.callee.name;
      if (name === 'docker' || name === 'dockerfile') {
        this.recordDockerAgent(inner, name, ctx);
        continue;
      }
      if (name !== 'kubernetes') continue;
      const pod = this.podFromKubernetes(inner, ctx);
      if (ctx.stage) {
        ctx.stage.agentPod = pod;
        ctx.stage.pod = pod;
        pod.stage = ctx.stage;
      } else if (!this.pipelinePod) {
        this.pipelinePod = pod;
      }
      ctx.pod = pod;
      ctx.container = undefined;
    }
  }

  /** `docker { image 'x'; args '-v …' }`, `docker 'x'`, `dockerfile { args '…' }`; met once per call. */
  private recordDockerAgent(call: ast.CallExpression, kind: DockerAgent['kind'], ctx: Context): void {
    if (this.dockerAgents.some((agent) => agent.call === call)) return;
    const settings = this.settings(call);
    const image = settings.get('image')?.value ?? (kind === 'docker' ? firstPositionalArg(call)?.value : undefined);
    const args = settings.get('args')?.value;
    this.dockerAgents.push({
      call,
      kind,
      image: image && image.type !== 'ClosureExpression' ? this.stringValueText(image, 0) : undefined,
      args: args ? this.stringValue(args, 0) : undefined,
      stage: ctx.stage,
    });
  }

  private visitStage(call: ast.CallExpression, ctx: Context): void {
    const known = this.stageByCall.get(call);
    if (known) {
      this.visitScope(call, ctx.withStage(known, this.pipeline ? undefined : 'scripted'));
      return;
    }
    const nameArg = firstPositionalArg(call) ?? namedArg(call, 'name');
    const nameText = nameArg ? this.stringValueText(nameArg.value, 0) : undefined;
    const stage: Stage = {
      name: nameText ?? (nameArg ? this.text.slice(nameArg.value.start, nameArg.value.end) : ''),
      call,
      nameSpan: nameArg ? { start: nameArg.value.start, end: nameArg.value.end } : { start: call.start, end: call.start },
      body: firstClosure(call),
      parent: ctx.stage,
      children: [],
      parentBlock: ctx.stageBlock ?? 'scripted',
      // Fields set later are in the literal too: every stage has one hidden class (rules read stages everywhere).
      agentPod: undefined,
      pod: ctx.pod,
      stepsBlock: undefined,
      steps: [],
    };
    if (!this.pipeline) this.sawScripted = true;
    ctx.stage?.children.push(stage);
    this.stages.push(stage);
    this.stageByCall.set(call, stage);
    this.visitScope(call, ctx.withStage(stage, this.pipeline ? undefined : 'scripted'));
  }

  // -- pods -----------------------------------------------------------------------

  private newPod(call: ast.CallExpression, origin: Pod['origin'], ctx: Context): Pod {
    // Every field in the literal, those applyPodSettings and visitAgent set included: one hidden class for all pods.
    const pod: Pod = {
      id: this.pods.length,
      call,
      origin,
      label: undefined,
      inheritFrom: undefined,
      inheritFromSpan: undefined,
      yamlMergeStrategy: undefined,
      defaultContainer: undefined,
      yaml: undefined,
      yamlUnknown: undefined,
      containers: [],
      volumes: [],
      parent: ctx.pod,
      stage: undefined,
    };
    this.pods.push(pod);
    this.podByCall.set(call, pod);
    return pod;
  }

  /** Settings of `kubernetes { label 'x'; yaml pod }` (closure form) or `kubernetes(label: 'x', yaml: pod)`. */
  private settings(call: ast.CallExpression): Settings {
    const settings = argSettings(call);
    // closureBodies' order without building its list.
    const args = call.args;
    for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) addClosureSettings((args[i].value as ast.ClosureExpression).body, settings);
    const closures = call.closures;
    for (let i = 0; i < closures.length; i++) addClosureSettings(closures[i].body, settings);
    return settings;
  }

  private podFromKubernetes(call: ast.CallExpression, ctx: Context): Pod {
    const known = this.podByCall.get(call);
    if (known) return known;
    const settings = this.settings(call);
    const pod = this.newPod(call, 'kubernetes', ctx);
    this.applyPodSettings(pod, call, settings);
    return pod;
  }

  private visitPodTemplate(call: ast.CallExpression, ctx: Context): void {
    this.sawScripted = this.sawScripted || !this.pipeline;
    const known = this.podByCall.get(call);
    if (known) {
      this.visitClosures(call, ctx.inPod(known));
      return;
    }
    const settings = argSettings(call);
    const pod = this.newPod(call, 'podTemplate', ctx);
    this.applyPodSettings(pod, call, settings);
    this.visitClosures(call, ctx.inPod(pod));
  }

  private applyPodSettings(pod: Pod, call: ast.CallExpression, settings: Settings): void {
    pod.label = settings.has('label') ? this.stringValueText(settings.get('label')!.value, 0) : undefined;
    const inheritFrom = settings.get('inheritFrom')?.value;
    pod.inheritFrom = inheritFrom ? this.stringValueText(inheritFrom, 0) : undefined;
    if (inheritFrom) pod.inheritFromSpan = { start: inheritFrom.start, end: inheritFrom.end };
    const strategy = settings.get('yamlMergeStrategy')?.value;
    const strategyName = strategy?.type === 'CallExpression' ? calleeName(strategy) : undefined;
    if (strategyName === 'merge' || strategyName === 'override') pod.yamlMergeStrategy = strategyName;
    const defaultContainer = settings.get('defaultContainer');
    if (defaultContainer) {
      const name = this.stringValueText(defaultContainer.value, 0);
      if (name !== undefined) {
        const refCall = defaultContainer.call ?? call;
        pod.defaultContainer = { name, span: { start: defaultContainer.value.start, end: defaultContainer.value.end }, call: refCall };
        this.containerRefs.push({ name, span: pod.defaultContainer.span, call: refCall, kind: 'defaultContainer', pod });
      }
    }

    const yamlSetting = settings.get('yaml');
    if (yamlSetting) {
      const text = this.stringValue(yamlSetting.value, 0, 'standIn');
      const fileCall = text ? undefined : fileReadCall(yamlSetting.value);
      if (text) {
        pod.yaml = parseEmbeddedYaml(text, yamlSetting.value, this.literalOf(yamlSetting.value), 'yaml');
        pod.origin = pod.origin === 'kubernetes' ? 'yaml' : pod.origin;
      } else if (fileCall) {
        // `yaml readTrusted('ci/pod.yaml')` / `readFile(…)`: a file of the checkout, like yamlFile.
        this.yamlFromFile(pod, fileCall.path, fileCall.pathExpression);
        if (!pod.yaml) pod.yamlUnknown = `${fileCall.step}('${fileCall.path}') could not be read from ${this.options.yamlRoot ?? 'the repository root'}`;
      } else {
        pod.yamlUnknown = `its yaml comes from \`${clip(this.text.slice(yamlSetting.value.start, yamlSetting.value.end))}\`, which is only known when the pipeline runs`;
      }
    }
    const yamlFile = settings.get('yamlFile');
    if (yamlFile && !pod.yaml) {
      const path = this.stringValueText(yamlFile.value, 0);
      if (path !== undefined) this.yamlFromFile(pod, path, yamlFile.value);
      if (!pod.yaml) {
        pod.yamlUnknown =
          path === undefined
            ? `its yamlFile path \`${clip(this.text.slice(yamlFile.value.start, yamlFile.value.end))}\` is only known when the pipeline runs`
            : `its yamlFile '${path}' could not be read from ${this.options.yamlRoot ?? 'the repository root'}`;
      }
    }
    if (pod.yaml) {
      pod.yamlUnknown = undefined;
      this.containersFromYaml(pod);
    }

    this.containersFromList(pod, settings.get('containers'));
    this.containersFromList(pod, settings.get('containerTemplates'));
    // Declarative `containerTemplate { … }` / `containerTemplate(name: …)` entries inside `kubernetes { }`
    // (closureBodies' order without building its list).
    const args = call.args;
    for (let i = 0; i < args.length; i++) if (isClosureArgument(args[i])) this.containerTemplatesIn((args[i].value as ast.ClosureExpression).body, pod);
    const closures = call.closures;
    for (let i = 0; i < closures.length; i++) this.containerTemplatesIn(closures[i].body, pod);
    // A pod whose containers come from elsewhere: a template configured in Jenkins (label only),
    // a parent template, or a shared library.
    if (!pod.yamlUnknown && pod.containers.length === 0) {
      if (settings.has('inheritFrom')) pod.yamlUnknown = `it inherits from '${pod.inheritFrom ?? '…'}', which is defined outside this file`;
      else if (!pod.yaml) pod.yamlUnknown = 'it names no YAML and no containers here (a template configured in Jenkins or a shared library)';
    }
    const volumes = settings.get('volumes');
    if (volumes?.value.type === 'ListLiteral') {
      const elements = volumes.value.elements;
      for (let i = 0; i < elements.length; i++) {
        const element = elements[i];
        if (element.type === 'CallExpression') this.volumeFromCall(pod, element);
        // `[$class: 'HostPathVolume', hostPath: '/var/run/docker.sock', mountPath: …]`
        else if (element.type === 'MapLiteral') this.volumeFromMap(pod, element);
      }
    }
  }

  /** `containers: [containerTemplate(…), …]` (or the older map form `[[name: 'docker', …]]`). */
  private containersFromList(pod: Pod, setting: Setting | undefined): void {
    if (setting?.value.type !== 'ListLiteral') return;
    const elements = setting.value.elements;
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i];
      if (element.type === 'CallExpression') this.containerFromTemplate(pod, element);
      // The older map form: `containers: [[name: 'docker', image: 'docker:dind', privileged: true]]`.
      else if (element.type === 'MapLiteral') this.containerFromSettings(pod, mapSettings(element), element);
    }
  }

  /** `containerTemplate …` and `containerTemplates [containerTemplate(…), …]` calls of a pod's closure (closureCalls). */
  private containerTemplatesIn(body: ast.Statement[], pod: Pod): void {
    for (let i = 0; i < body.length; i++) {
      const statement = body[i];
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
      const inner = statement.expression;
      const innerName = calleeName(inner);
      if (innerName === 'containerTemplate') this.containerFromTemplate(pod, inner);
      const list = innerName === 'containerTemplates' && inner.args.length > 0 ? inner.args[0].value : undefined;
      if (list?.type === 'ListLiteral') {
        for (let j = 0; j < list.elements.length; j++)
          if (list.elements[j].type === 'CallExpression') this.containerFromTemplate(pod, list.elements[j] as ast.CallExpression);
      }
    }
  }

  private yamlFromFile(pod: Pod, path: string, expression: ast.Expression): void {
    const content = this.options.readFile?.(path);
    if (content === undefined) return;
    pod.yaml = parseEmbeddedYaml(plainMappedText(content), expression, undefined, 'yamlFile', path);
    if (this.options.yamlRoot) pod.yaml.root = this.options.yamlRoot;
    pod.origin = 'yamlFile';
  }

  private containersFromYaml(pod: Pod): void {
    const yaml = pod.yaml!;
    const spec = podSpec(yaml);
    if (!spec) return;
    const containers = seqItems(mapValue(spec, 'containers'));
    for (let i = 0; i < containers.length; i++) {
      const item = containers[i];
      if (isMap(item)) pod.containers.push(this.containerFromYamlMap(pod, item));
    }
    const volumes = seqItems(mapValue(spec, 'volumes'));
    for (let i = 0; i < volumes.length; i++) {
      const item = volumes[i];
      if (!isMap(item)) continue;
      const volume = newVolume(pod, scalarString(mapValue(item, 'name')), 'other', undefined, yamlNodeSpan(yaml, item), item);
      const hostPath = mapValue(item, 'hostPath');
      if (isMap(hostPath)) {
        volume.kind = 'hostPath';
        const pathNode = mapValue(hostPath, 'path');
        volume.hostPath = scalarString(pathNode);
        volume.hostPathSpan = yamlNodeSpan(yaml, pathNode as { range?: [number, number, number] });
      } else if (mapPair(item, 'emptyDir')) volume.kind = 'emptyDir';
      else if (mapPair(item, 'configMap')) {
        volume.kind = 'configMap';
        volume.configMapName = scalarString(mapValue(mapValue(item, 'configMap'), 'name'));
      } else if (mapPair(item, 'secret')) {
        volume.kind = 'secret';
        volume.secretName = scalarString(mapValue(mapValue(item, 'secret'), 'secretName'));
      } else if (mapPair(item, 'projected')) volume.kind = 'projected';
      else if (mapPair(item, 'persistentVolumeClaim')) volume.kind = 'persistentVolumeClaim';
      pod.volumes.push(volume);
    }
  }

  private containerFromYamlMap(pod: Pod, item: YAMLMap): Container {
    const yaml = pod.yaml!;
    const nameNode = mapValue(item, 'name');
    const imageNode = mapValue(item, 'image');
    const container: Container = {
      pod,
      origin: 'yaml',
      name: scalarString(nameNode),
      nameSpan: yamlNodeSpan(yaml, nameNode as never),
      image: scalarString(imageNode),
      imageSpan: yamlNodeSpan(yaml, imageNode as never),
      imageInterpolated: overlapsInterpolation(yaml.text.interpolations, (imageNode as { range?: [number, number, number] } | undefined)?.range),
      // privileged and env, set below, are in the literal too: one hidden class for all containers.
      privileged: undefined,
      command: stringList(mapValue(item, 'command')),
      args: stringList(mapValue(item, 'args')),
      tty: scalarString(mapValue(item, 'tty')) === 'true',
      env: undefined,
      volumeMounts: [],
      span: yamlNodeSpan(yaml, item),
      node: item,
      isDind: false,
      isKaniko: false,
      kanikoHasShell: false,
      kanikoImage: undefined,
    };
    const securityContext = mapValue(item, 'securityContext');
    const privileged = mapPair(securityContext, 'privileged');
    if (privileged && isScalar(privileged.value)) {
      const span = yamlPairSpan(yaml, privileged);
      const value = privileged.value.value;
      // Jenkins reads pod YAML as YAML 1.1, where `yes` and `on` are booleans too.
      if (span) container.privileged = { value: value === true || /^(true|yes|on)$/i.test(String(value)), span };
    }
    const env = seqItems(mapValue(item, 'env'));
    for (let i = 0; i < env.length; i++) {
      const variable = env[i];
      const name = isMap(variable) ? scalarString(mapValue(variable, 'name')) : undefined;
      if (name !== undefined) (container.env ??= []).push({ name, value: scalarString(mapValue(variable as YAMLMap, 'value')) });
    }
    const mounts = seqItems(mapValue(item, 'volumeMounts'));
    for (let i = 0; i < mounts.length; i++) {
      const mount = mounts[i];
      if (!isMap(mount)) continue;
      const span = yamlNodeSpan(yaml, mount);
      if (span) container.volumeMounts.push({ name: scalarString(mapValue(mount, 'name')), mountPath: scalarString(mapValue(mount, 'mountPath')), span });
    }
    classifyContainer(container);
    return container;
  }

  /** `containerTemplate(name: 'x', image: 'y', privileged: true)` or the closure form `containerTemplate { name 'x' … }`. */
  private containerFromTemplate(pod: Pod, call: ast.CallExpression): void {
    if (calleeName(call) !== 'containerTemplate') return;
    this.containerFromSettings(pod, this.settings(call), call);
  }

  /** A container from containerTemplate settings (a call's arguments or closure, or a map). */
  private containerFromSettings(pod: Pod, settings: Settings, node: ast.CallExpression | ast.MapLiteral): void {
    const call = node;
    const str = (key: string) => {
      const setting = settings.get(key);
      return setting ? this.stringValueText(setting.value, 0) : undefined;
    };
    const valueSpan = (key: string): Span | undefined => {
      const setting = settings.get(key);
      return setting ? { start: setting.value.start, end: setting.value.end } : undefined;
    };
    const privileged = settings.get('privileged');
    const command = str('command');
    const args = str('args');
    const container: Container = {
      pod,
      origin: 'containerTemplate',
      name: str('name'),
      nameSpan: valueSpan('name'),
      image: str('image'),
      imageSpan: valueSpan('image'),
      imageInterpolated: settings.has('image') && (this.stringValue(settings.get('image')!.value, 0)?.interpolations.length ?? 0) > 0,
      // privileged and env, set below, are in the literal too: the same hidden class as YAML containers.
      privileged: undefined,
      command: command ? command.split(/\s+/).filter(Boolean) : [],
      args: args ? args.split(/\s+/).filter(Boolean) : [],
      tty: booleanValue(settings.get('ttyEnabled')?.value) === true,
      env: undefined,
      volumeMounts: [],
      span: { start: call.start, end: call.end },
      node: call,
      isDind: false,
      isKaniko: false,
      kanikoHasShell: false,
      kanikoImage: undefined,
    };
    if (privileged) {
      const value = booleanValue(privileged.value);
      if (value !== undefined) container.privileged = { value, span: privileged.span };
    }
    // `envVars: [envVar(key: 'A', value: 'b'), containerEnvVar(key: …, value: …)]`
    const envVars = settings.get('envVars')?.value;
    if (envVars?.type === 'ListLiteral') {
      for (let i = 0; i < envVars.elements.length; i++) {
        const element = envVars.elements[i];
        if (element.type !== 'CallExpression') continue;
        const key = namedArg(element, 'key');
        const name = key ? this.stringValueText(key.value, 0) : undefined;
        const value = namedArg(element, 'value');
        if (name !== undefined) (container.env ??= []).push({ name, value: value ? this.stringValueText(value.value, 0) : undefined });
      }
    }
    classifyContainer(container);
    pod.containers.push(container);
  }

  /** `[$class: 'HostPathVolume', hostPath: '…', mountPath: '…']`: the map form of the volume calls below. */
  private volumeFromMap(pod: Pod, map: ast.MapLiteral): void {
    const settings = mapSettings(map);
    const kinds: Record<string, Volume['kind']> = {
      HostPathVolume: 'hostPath',
      EmptyDirVolume: 'emptyDir',
      ConfigMapVolume: 'configMap',
      SecretVolume: 'secret',
      PersistentVolumeClaim: 'persistentVolumeClaim',
    };
    const className = settings.has('$class') ? this.stringValueText(settings.get('$class')!.value, 0) : undefined;
    const kind = (className && kinds[className.split('.').pop()!]) || (settings.has('hostPath') ? 'hostPath' : 'other');
    const str = (key: string) => {
      const setting = settings.get(key);
      return setting ? this.stringValueText(setting.value, 0) : undefined;
    };
    const volume = newVolume(pod, undefined, kind, str('mountPath'), { start: map.start, end: map.end }, map);
    if (kind === 'hostPath') {
      volume.hostPath = str('hostPath');
      const value = settings.get('hostPath')?.value;
      if (value) volume.hostPathSpan = contentSpan(value);
    }
    if (kind === 'configMap') volume.configMapName = str('configMapName');
    if (kind === 'secret') volume.secretName = str('secretName');
    pod.volumes.push(volume);
  }

  /** `hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '…')` and friends. */
  private volumeFromCall(pod: Pod, call: ast.CallExpression): void {
    const kinds: Record<string, Volume['kind']> = {
      hostPathVolume: 'hostPath',
      emptyDirVolume: 'emptyDir',
      configMapVolume: 'configMap',
      secretVolume: 'secret',
      persistentVolumeClaim: 'persistentVolumeClaim',
    };
    const name = calleeName(call);
    const kind = (name && kinds[name]) || 'other';
    const str = (key: string) => {
      const arg = namedArg(call, key);
      return arg ? this.stringValueText(arg.value, 0) : undefined;
    };
    const volume = newVolume(pod, undefined, kind, str('mountPath'), { start: call.start, end: call.end }, call);
    if (kind === 'hostPath') {
      const arg = namedArg(call, 'hostPath');
      volume.hostPath = str('hostPath');
      if (arg) volume.hostPathSpan = contentSpan(arg.value);
    }
    if (kind === 'configMap') volume.configMapName = str('configMapName');
    if (kind === 'secret') volume.secretName = str('secretName');
    pod.volumes.push(volume);
  }

  // -- steps ------------------------------------------------------------------------

  private recordContainerRef(call: ast.CallExpression, kind: ContainerRef['kind'], pod: Pod | undefined): string | undefined {
    const arg = firstPositionalArg(call) ?? namedArg(call, 'name');
    if (!arg) return undefined;
    const name = this.stringValueText(arg.value, 0);
    if (name === undefined) return undefined;
    if (!this.refCalls.has(arg.value)) {
      this.refCalls.add(arg.value);
      this.containerRefs.push({ name, span: { start: arg.value.start, end: arg.value.end }, call, kind, pod });
    }
    return name;
  }

  private pushStep(step: Step): void {
    if (this.stepCalls.has(step.call)) return;
    this.stepCalls.add(step.call);
    this.steps.push(step);
    step.stage?.steps.push(step);
  }

  // Steps are plain literals with the common fields first (call, stage, pod, containerName,
  // explicitContainer, then `via` only when reached through calls), not spreads of a shared base:
  // unoptimised code copies a spread property by property.

  private recordShellStep(call: ast.CallExpression, step: ShellStep['step'], ctx: Context): void {
    // Met again through another call of its helper: the first meeting defines it (see pushStep).
    if (this.stepCalls.has(call)) return;
    const scriptArg = namedArg(call, 'script') ?? firstPositionalArg(call);
    const scriptExpression = scriptArg?.value.type === 'MapLiteral' ? undefined : scriptArg?.value;
    const script = scriptExpression ? this.stringValue(scriptExpression, 0) : undefined;
    const stage = ctx.stage;
    const pod = ctx.pod;
    const containerName = stepContainer(ctx);
    const explicitContainer = ctx.container !== undefined;
    const via = stepVia(ctx);
    const literal = scriptExpression ? this.literalOf(scriptExpression) : undefined;
    const commands = script && step === 'sh' ? splitShell(script.text) : [];
    const shellStep: ShellStep = via
      ? { kind: 'shell', call, stage, pod, containerName, explicitContainer, via, step, scriptExpression, literal, script, commands }
      : { kind: 'shell', call, stage, pod, containerName, explicitContainer, step, scriptExpression, literal, script, commands };
    this.pushStep(shellStep);
  }

  private recordDockerStep(call: ast.CallExpression, method: DockerStep['method'], ctx: Context, assignedTo?: string, receiver?: ast.Expression): void {
    if (this.stepCalls.has(call)) return;
    const stage = ctx.stage;
    const pod = ctx.pod;
    const containerName = stepContainer(ctx);
    const explicitContainer = ctx.container !== undefined;
    const via = stepVia(ctx);
    const args = call.args;
    // runArgs, set below for some methods, is in the literal: one hidden class for all Docker steps.
    const dockerStep: DockerStep = via
      ? { kind: 'docker', call, stage, pod, containerName, explicitContainer, via, method, args, assignedTo, receiver, runArgs: undefined }
      : { kind: 'docker', call, stage, pod, containerName, explicitContainer, method, args, assignedTo, receiver, runArgs: undefined };
    if (method === 'inside' || method === 'run' || method === 'withRun') {
      const options = firstPositionalArg(call)?.value;
      if (options && options.type !== 'ClosureExpression') dockerStep.runArgs = this.stringValue(options, 0);
    }
    this.pushStep(dockerStep);
  }
}

/** The container a step runs in: the enclosing `container('x')`, else the pod's default, else `jnlp`. */
function stepContainer(ctx: Context): string {
  return ctx.container ?? ctx.pod?.defaultContainer?.name ?? 'jnlp';
}

/** The calls that led to a step, when there are any. */
function stepVia(ctx: Context): ast.CallExpression[] | undefined {
  return ctx.via && ctx.via.length > 0 ? ctx.via : undefined;
}

const byCallStart = (a: { call: ast.CallExpression }, b: { call: ast.CallExpression }): number => a.call.start - b.call.start;

/** Sorts by call start (stably); lists mostly are in order already, which a loop tells without a comparator call per pair. */
function sortByCallStart(items: Array<{ call: ast.CallExpression }>): void {
  for (let i = 1; i < items.length; i++) {
    if (items[i - 1].call.start > items[i].call.start) {
      items.sort(byCallStart);
      return;
    }
  }
}

/** Container references by the start of their name (stably), sorted only when out of order. */
function sortContainerRefs(refs: ContainerRef[]): void {
  for (let i = 1; i < refs.length; i++) {
    if (refs[i - 1].span.start > refs[i].span.start) {
      refs.sort((a, b) => a.span.start - b.span.start);
      return;
    }
  }
}

/** `build` for the callee of `docker.build(…)`, `a.b` for `docker.a.b(…)`, undefined when the callee is not a path from `docker`. */
function dockerMethod(call: ast.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type !== 'PropertyAccess') return undefined;
  const object = callee.object;
  if (object.type === 'Identifier') return object.name === 'docker' ? callee.property.name : undefined;
  if (object.type !== 'PropertyAccess') return undefined;
  // Rare: a longer chain, read as calleePath does.
  const path = calleePath(call);
  return path !== undefined && path.startsWith('docker.') ? path.slice('docker.'.length) : undefined;
}

/** The `agent …` call a statement is, if it is one. */
function agentCall(statement: ast.Statement): ast.CallExpression | undefined {
  if (statement.type !== 'ExpressionStatement') return undefined;
  const expr = statement.expression;
  return expr.type === 'CallExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'agent' ? expr : undefined;
}

/** Offsets of every `=` in `text`, found by native search: for a parse result without its `=` operators. */
function equalsOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('='); i !== -1; i = text.indexOf('=', i + 1)) offsets.push(i);
  return offsets;
}

/** `readTrusted('ci/pod.yaml')` or `readFile('ci/pod.yaml')` / `readFile(file: '…')` with a literal path. */
function fileReadCall(expr: ast.Expression): { step: string; path: string; pathExpression: ast.Expression } | undefined {
  if (expr.type !== 'CallExpression' || expr.callee.type !== 'Identifier') return undefined;
  const step = expr.callee.name;
  if (step !== 'readTrusted' && step !== 'readFile') return undefined;
  const arg = firstPositionalArg(expr) ?? namedArg(expr, step === 'readFile' ? 'file' : 'path');
  const path = literalValue(arg?.value);
  return path !== undefined && arg ? { step, path, pathExpression: arg.value } : undefined;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? line.slice(0, 59) + '…' : line;
}

/**
 * A setting of a pod or container: a named argument (`label: 'x'`), a command-style call in its
 * closure (`label 'x'`, with `call`), or a map entry. One shape for all three.
 */
interface Setting {
  value: ast.Expression;
  call: ast.CallExpression | undefined;
  span: Span;
}

type Settings = Map<string, Setting>;

/** The named arguments of a call as settings. */
function argSettings(call: ast.CallExpression): Settings {
  const settings: Settings = new Map();
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const key = argName(arg);
    if (key) settings.set(key, { value: arg.value, call: undefined, span: { start: arg.start, end: arg.end } });
  }
  return settings;
}

/** The command-style calls of a configuration closure (closureCalls) as settings, where no earlier one set the key. */
function addClosureSettings(body: ast.Statement[], settings: Settings): void {
  for (let i = 0; i < body.length; i++) {
    const statement = body[i];
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
    const inner = statement.expression;
    const key = inner.callee.type === 'Identifier' ? inner.callee.name : undefined;
    const value = inner.args.length > 0 ? inner.args[0].value : inner.closures[0];
    if (key && value && !settings.has(key)) settings.set(key, { value, call: inner, span: { start: inner.start, end: inner.end } });
  }
}

/** The entries of a map literal as settings by key (`name: 'x'`, `'name': 'x'`, `$class: 'X'`). */
function mapSettings(map: ast.MapLiteral): Settings {
  const settings: Settings = new Map();
  const entries = map.entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const key = entry.key.type === 'Identifier' ? entry.key.name : literalValue(entry.key);
    if (key !== undefined && !settings.has(key)) settings.set(key, { value: entry.value, call: undefined, span: { start: entry.start, end: entry.end } });
  }
  return settings;
}

/** A volume with every field in one literal (those set after it too): one hidden class for all volumes. */
function newVolume(pod: Pod, name: string | undefined, kind: Volume['kind'], mountPath: string | undefined, span: Span | undefined, node: unknown): Volume {
  return { pod, name, kind, hostPath: undefined, hostPathSpan: undefined, mountPath, configMapName: undefined, secretName: undefined, span, node };
}

/** Span of a string literal's text between its quotes (the whole expression otherwise). */
export function contentSpan(expr: ast.Expression): Span {
  if (expr.type === 'StringLiteral') return { start: expr.contentStart, end: expr.contentEnd };
  return { start: expr.start, end: expr.end };
}

function overlapsInterpolation(interpolations: readonly Span[], range: [number, number, number] | null | undefined): boolean {
  if (!range) return false;
  for (let i = 0; i < interpolations.length; i++) if (interpolations[i].start < range[1] && interpolations[i].end > range[0]) return true;
  return false;
}

function classifyContainer(container: Container): void {
  container.isDind = runsDockerDaemon(container.image, [...container.command, ...container.args]);
  // The image alone decides: a `/busybox/cat` command does not add a shell to a non-debug image.
  const kaniko = (container.kanikoImage = kanikoImage(container.image));
  container.isKaniko = kaniko?.role === 'executor';
  // An interpolated tag (`executor:${VERSION}`) may well be a debug one: give it the benefit of the doubt.
  container.kanikoHasShell = container.isKaniko && (kaniko!.shell !== 'no' || container.imageInterpolated === true);
}

/** File text has no mapping into the Jenkinsfile; positions stay file-relative. */
function plainMappedText(text: string): MappedText {
  const make = (value: string, base: number): MappedText => ({
    text: value,
    interpolations: [],
    toSource: (offset: number) => base + Math.max(0, Math.min(offset, value.length)),
    slice: (start: number, end: number) => make(value.slice(start, end), base + start),
    stripIndent: () => make(value, base),
    trim: () => make(value, base),
  });
  return make(text, 0);
}
