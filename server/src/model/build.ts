/**
 * Builds the Jenkins model from the syntax tree, for declarative and scripted pipelines.
 * Pure: the only outside input is `readFile` for `yamlFile`, which the caller sandboxes.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { kanikoImage } from '../kaniko/images';
import { parse } from '../parser';
import type * as ast from '../parser/ast';
import { childNodes } from '../parser/walk';
import { concatText, stringText, type MappedText } from '../parser/strings';
import {
  argName,
  booleanValue,
  calleeName,
  calleePath,
  closureBodies,
  closureCalls,
  literalValue,
  namedArg,
  positionalArgs,
} from './ast-helpers';
import { splitShell } from './shell';
import type { Container, ContainerRef, DockerStep, JenkinsModel, Pod, ShellStep, Span, Stage, Step, VariableValue, Volume } from './types';
import { mapPair, mapValue, parseEmbeddedYaml, podSpec, scalarString, seqItems, stringList, yamlNodeSpan, yamlPairSpan } from './yaml';

export interface BuildOptions {
  /** Reads a `yamlFile` path relative to the Jenkinsfile; returns undefined when absent or not allowed. */
  readFile?: (relativePath: string) => string | undefined;
  /** A parse of the same text, to reuse. */
  parseResult?: ast.ParseResult;
}

interface Context {
  stage?: Stage;
  pod?: Pod;
  container?: string;
  /** What a `stage` directly inside this scope is a child of. */
  stageContainer?: Stage['container'];
}

const DOCKER_IMAGE_METHODS = new Set(['push', 'inside', 'run', 'withRun', 'tag']);
const PIPELINE_BLOCKS = new Set(['pipeline']);
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
  private readonly variables = new Map<string, VariableValue>();
  /** Variables bound to Docker images: `def img = docker.build(…)`. */
  private readonly imageVariables = new Set<string>();
  private pipeline?: ast.CallExpression;
  private pipelinePod?: Pod;
  private sawScripted = false;

  constructor(
    private readonly text: string,
    private readonly parseResult: ast.ParseResult,
    private readonly options: BuildOptions,
  ) {}

  build(): JenkinsModel {
    this.collectVariables(this.parseResult.program.body, false, 0);
    this.visitStatements(this.parseResult.program.body, {});
    const kind = this.pipeline ? 'declarative' : this.sawScripted ? 'scripted' : 'unknown';
    return {
      text: this.text,
      parse: this.parseResult,
      kind,
      pipeline: this.pipeline,
      pipelinePod: this.pipelinePod,
      stages: this.stages,
      rootStages: this.stages.filter((s) => !s.parent),
      pods: this.pods,
      steps: this.steps,
      variables: this.variables,
      containerRefs: this.containerRefs,
    };
  }

  // -- variables --------------------------------------------------------------

  /** Records every string assigned to a name anywhere, so `yaml podSpec` and `"${REGISTRY}"` can be resolved. */
  private collectVariables(statements: ast.Statement[], environment: boolean, depth: number): void {
    if (depth > 200) return;
    for (const statement of statements) {
      if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          if (declarator.init) this.recordVariable(declarator.name.name, declarator.init, environment, declarator);
        }
      }
      this.forEachChild(
        statement,
        (expr) => this.collectFromExpression(expr, environment, depth + 1),
        (body) => this.collectVariables(body, environment, depth + 1),
      );
    }
  }

  private collectFromExpression(expr: ast.Expression, environment: boolean, depth: number): void {
    if (depth > 200) return;
    if (expr.type === 'AssignmentExpression' && expr.operator === '=' && expr.target.type === 'Identifier') {
      this.recordVariable(expr.target.name, expr.value, environment, expr);
    }
    if (expr.type === 'CallExpression') {
      const isEnvironment = expr.callee.type === 'Identifier' && expr.callee.name === 'environment';
      for (const closure of closureBodies(expr)) this.collectVariables(closure.body, environment || isEnvironment, depth + 1);
      for (const arg of expr.args) if (arg.value.type !== 'ClosureExpression') this.collectFromExpression(arg.value, environment, depth + 1);
    }
  }

  private recordVariable(name: string, expression: ast.Expression, environment: boolean, span: Span): void {
    this.variables.set(name, { name, expression, text: this.stringValue(expression, 0), environment, span: { start: span.start, end: span.end } });
  }

  /**
   * Visits the expressions and nested statements of a statement (not closures inside expressions),
   * through the parser's own list of children. Class bodies are not pipeline code.
   */
  private forEachChild(statement: ast.Statement, onExpression: (expr: ast.Expression) => void, onStatements: (body: ast.Statement[]) => void): void {
    if (statement.type === 'ClassDeclaration') return;
    for (const { node, kind } of childNodes(statement)) {
      switch (kind) {
        case 'CatchClause':
          onStatements((node as ast.CatchClause).body.body);
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
          if (STATEMENT_TYPES.has(kind)) onStatements([node as ast.Statement]);
          else onExpression(node as ast.Expression);
      }
    }
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

  // -- structure ----------------------------------------------------------------

  private visitStatements(statements: ast.Statement[], ctx: Context): void {
    for (const statement of statements) this.visitStatement(statement, ctx);
  }

  private visitStatement(statement: ast.Statement, ctx: Context): void {
    switch (statement.type) {
      case 'ExpressionStatement':
        this.visitExpression(statement.expression, ctx);
        return;
      case 'VariableDeclaration':
        for (const declarator of statement.declarations) {
          if (declarator.init) this.visitExpression(declarator.init, ctx, declarator.name.name);
        }
        return;
      case 'ClassDeclaration':
        return;
      default:
        this.forEachChild(
          statement,
          (expr) => this.visitExpression(expr, ctx),
          (body) => this.visitStatements(body, ctx),
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
        for (const element of expr.elements) this.visitExpression(element, ctx, undefined, depth + 1);
        return;
      case 'MapLiteral':
        for (const entry of expr.entries) this.visitExpression(entry.value, ctx, undefined, depth + 1);
        return;
      default:
        return;
    }
  }

  private visitCall(call: ast.CallExpression, ctx: Context, assignedTo: string | undefined, depth: number): void {
    // Receivers first, so `docker.build(x).push()` records the build before the push.
    if (call.callee.type === 'PropertyAccess') this.visitExpression(call.callee.object, ctx, undefined, depth + 1);

    const path = calleePath(call);
    const name = call.callee.type === 'Identifier' ? call.callee.name : undefined;

    if (name && PIPELINE_BLOCKS.has(name) && !ctx.stage && !this.pipeline) {
      this.pipeline = call;
      this.visitScope(call, { ...ctx, stageContainer: 'stages' });
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
        this.visitClosures(call, { ...ctx, stageContainer: ctx.stageContainer === 'matrix' ? 'matrix' : 'stages' });
        return;
      case 'parallel':
        this.visitClosures(call, { ...ctx, stageContainer: 'parallel' });
        this.visitArgs(call, ctx, depth);
        return;
      case 'matrix':
        this.visitClosures(call, { ...ctx, stageContainer: 'matrix' });
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
        this.visitClosures(call, { ...ctx, container: containerName ?? ctx.container });
        return;
      }
      case 'sh':
      case 'bat':
      case 'powershell':
        this.recordShellStep(call, name, ctx);
        return;
      default:
        break;
    }

    if (path && path.startsWith('docker.')) {
      const method = path.slice('docker.'.length);
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

  private visitArgs(call: ast.CallExpression, ctx: Context, depth: number): void {
    for (const arg of call.args) {
      if (arg.value.type === 'ClosureExpression') this.visitStatements(arg.value.body, ctx);
      else this.visitExpression(arg.value, ctx, undefined, depth + 1);
    }
  }

  private visitClosures(call: ast.CallExpression, ctx: Context): void {
    for (const closure of call.closures) this.visitStatements(closure.body, ctx);
  }

  /** Visits a scope whose `agent` directive applies to everything in it, wherever it is written. */
  private visitScope(call: ast.CallExpression, ctx: Context): void {
    const scoped = { ...ctx };
    for (const closure of call.closures) {
      for (const statement of closure.body) {
        const expr = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
        if (expr?.type === 'CallExpression' && calleeName(expr) === 'agent' && expr.callee.type === 'Identifier') {
          this.visitAgent(expr, scoped);
        }
      }
      for (const statement of closure.body) {
        const expr = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
        if (expr?.type === 'CallExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'agent') continue;
        this.visitStatement(statement, scoped);
      }
    }
  }

  private visitAgent(call: ast.CallExpression, ctx: Context): void {
    for (const closure of call.closures) {
      for (const inner of closureCalls(closure)) {
        if (calleeName(inner) !== 'kubernetes' || inner.callee.type !== 'Identifier') continue;
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
  }

  private visitStage(call: ast.CallExpression, ctx: Context): void {
    const nameArg = positionalArgs(call)[0] ?? namedArg(call, 'name');
    const nameText = nameArg ? this.stringValue(nameArg.value, 0) : undefined;
    const stage: Stage = {
      name: nameText?.text ?? (nameArg ? this.text.slice(nameArg.value.start, nameArg.value.end) : ''),
      call,
      nameSpan: nameArg ? { start: nameArg.value.start, end: nameArg.value.end } : { start: call.start, end: call.start },
      body: call.closures[0],
      parent: ctx.stage,
      children: [],
      container: ctx.stageContainer ?? 'scripted',
      pod: ctx.pod,
      steps: [],
    };
    if (!this.pipeline) this.sawScripted = true;
    ctx.stage?.children.push(stage);
    this.stages.push(stage);
    this.visitScope(call, { stage, pod: ctx.pod, container: ctx.container, stageContainer: this.pipeline ? undefined : 'scripted' });
  }

  // -- pods -----------------------------------------------------------------------

  private newPod(call: ast.CallExpression, origin: Pod['origin'], ctx: Context): Pod {
    const pod: Pod = { id: this.pods.length, call, origin, containers: [], volumes: [], parent: ctx.pod };
    this.pods.push(pod);
    return pod;
  }

  /** Settings of `kubernetes { label 'x'; yaml pod }` (closure form) or `kubernetes(label: 'x', yaml: pod)`. */
  private settings(call: ast.CallExpression): Map<string, { value: ast.Expression; call?: ast.CallExpression; span: Span }> {
    const settings = new Map<string, { value: ast.Expression; call?: ast.CallExpression; span: Span }>();
    for (const arg of call.args) {
      const key = argName(arg);
      if (key) settings.set(key, { value: arg.value, span: { start: arg.start, end: arg.end } });
    }
    for (const closure of call.closures) {
      for (const inner of closureCalls(closure)) {
        const key = inner.callee.type === 'Identifier' ? inner.callee.name : undefined;
        const value = inner.args[0]?.value ?? inner.closures[0];
        if (key && value && !settings.has(key)) settings.set(key, { value, call: inner, span: { start: inner.start, end: inner.end } });
      }
    }
    return settings;
  }

  private podFromKubernetes(call: ast.CallExpression, ctx: Context): Pod {
    const settings = this.settings(call);
    const pod = this.newPod(call, 'kubernetes', ctx);
    this.applyPodSettings(pod, call, settings);
    return pod;
  }

  private visitPodTemplate(call: ast.CallExpression, ctx: Context): void {
    this.sawScripted = this.sawScripted || !this.pipeline;
    const settings = new Map<string, { value: ast.Expression; call?: ast.CallExpression; span: Span }>();
    for (const arg of call.args) {
      const key = argName(arg);
      if (key) settings.set(key, { value: arg.value, span: { start: arg.start, end: arg.end } });
    }
    const pod = this.newPod(call, 'podTemplate', ctx);
    this.applyPodSettings(pod, call, settings);
    this.visitClosures(call, { ...ctx, pod, container: undefined });
  }

  private applyPodSettings(pod: Pod, call: ast.CallExpression, settings: Map<string, { value: ast.Expression; call?: ast.CallExpression; span: Span }>): void {
    pod.label = settings.has('label') ? this.stringValue(settings.get('label')!.value, 0)?.text : undefined;
    pod.inheritFrom = settings.has('inheritFrom') ? this.stringValue(settings.get('inheritFrom')!.value, 0)?.text : undefined;
    const defaultContainer = settings.get('defaultContainer');
    if (defaultContainer) {
      const nameText = this.stringValue(defaultContainer.value, 0);
      if (nameText) {
        const refCall = defaultContainer.call ?? call;
        pod.defaultContainer = { name: nameText.text, span: { start: defaultContainer.value.start, end: defaultContainer.value.end }, call: refCall };
        this.containerRefs.push({ name: nameText.text, span: pod.defaultContainer.span, call: refCall, kind: 'defaultContainer', pod });
      }
    }

    const yamlSetting = settings.get('yaml');
    if (yamlSetting) {
      const text = this.stringValue(yamlSetting.value, 0, 'standIn');
      if (text) {
        pod.yaml = parseEmbeddedYaml(text, yamlSetting.value, this.literalOf(yamlSetting.value), 'yaml');
        pod.origin = pod.origin === 'kubernetes' ? 'yaml' : pod.origin;
      }
    }
    const yamlFile = settings.get('yamlFile');
    if (yamlFile && !pod.yaml) {
      const path = this.stringValue(yamlFile.value, 0)?.text;
      const content = path !== undefined ? this.options.readFile?.(path) : undefined;
      if (path !== undefined && content !== undefined) {
        pod.yaml = parseEmbeddedYaml(plainMappedText(content), yamlFile.value, undefined, 'yamlFile', path);
        pod.origin = 'yamlFile';
      }
    }
    if (pod.yaml) this.containersFromYaml(pod);

    for (const key of ['containers', 'containerTemplates']) {
      const setting = settings.get(key);
      if (setting?.value.type === 'ListLiteral') {
        for (const element of setting.value.elements) if (element.type === 'CallExpression') this.containerFromTemplate(pod, element);
      }
    }
    // Declarative `containerTemplate { … }` / `containerTemplate(name: …)` entries inside `kubernetes { }`.
    for (const closure of call.closures) {
      for (const inner of closureCalls(closure)) {
        const innerName = calleeName(inner);
        if (innerName === 'containerTemplate') this.containerFromTemplate(pod, inner);
        if (innerName === 'containerTemplates' && inner.args[0]?.value.type === 'ListLiteral') {
          for (const element of inner.args[0].value.elements) if (element.type === 'CallExpression') this.containerFromTemplate(pod, element);
        }
      }
    }
    const volumes = settings.get('volumes');
    if (volumes?.value.type === 'ListLiteral') {
      for (const element of volumes.value.elements) if (element.type === 'CallExpression') this.volumeFromCall(pod, element);
    }
  }

  private containersFromYaml(pod: Pod): void {
    const yaml = pod.yaml!;
    const spec = podSpec(yaml);
    if (!spec) return;
    for (const item of seqItems(mapValue(spec, 'containers'))) {
      if (!isMap(item)) continue;
      pod.containers.push(this.containerFromYamlMap(pod, item));
    }
    for (const item of seqItems(mapValue(spec, 'volumes'))) {
      if (!isMap(item)) continue;
      const volume: Volume = { pod, name: scalarString(mapValue(item, 'name')), kind: 'other', span: yamlNodeSpan(yaml, item), node: item };
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
      command: stringList(mapValue(item, 'command')),
      args: stringList(mapValue(item, 'args')),
      tty: scalarString(mapValue(item, 'tty')) === 'true',
      volumeMounts: [],
      span: yamlNodeSpan(yaml, item),
      node: item,
      isDind: false,
      isKaniko: false,
      kanikoHasShell: false,
    };
    const securityContext = mapValue(item, 'securityContext');
    const privileged = mapPair(securityContext, 'privileged');
    if (privileged && isScalar(privileged.value)) {
      const span = yamlPairSpan(yaml, privileged);
      const value = privileged.value.value;
      // Jenkins reads pod YAML as YAML 1.1, where `yes` and `on` are booleans too.
      if (span) container.privileged = { value: value === true || /^(true|yes|on)$/i.test(String(value)), span };
    }
    for (const mount of seqItems(mapValue(item, 'volumeMounts'))) {
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
    const settings = this.settings(call);
    const str = (key: string) => {
      const setting = settings.get(key);
      return setting ? this.stringValue(setting.value, 0)?.text : undefined;
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
      command: command ? command.split(/\s+/).filter(Boolean) : [],
      args: args ? args.split(/\s+/).filter(Boolean) : [],
      tty: booleanValue(settings.get('ttyEnabled')?.value) === true,
      volumeMounts: [],
      span: { start: call.start, end: call.end },
      node: call,
      isDind: false,
      isKaniko: false,
      kanikoHasShell: false,
    };
    if (privileged) {
      const value = booleanValue(privileged.value);
      if (value !== undefined) container.privileged = { value, span: privileged.span };
    }
    classifyContainer(container);
    pod.containers.push(container);
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
      return arg ? this.stringValue(arg.value, 0)?.text : undefined;
    };
    const volume: Volume = { pod, kind, mountPath: str('mountPath'), span: { start: call.start, end: call.end }, node: call };
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
    const arg = positionalArgs(call)[0] ?? namedArg(call, 'name');
    if (!arg) return undefined;
    const name = this.stringValue(arg.value, 0)?.text;
    if (name === undefined) return undefined;
    this.containerRefs.push({ name, span: { start: arg.value.start, end: arg.value.end }, call, kind, pod });
    return name;
  }

  private stepBase(call: ast.CallExpression, ctx: Context) {
    const pod = ctx.pod;
    return {
      call,
      stage: ctx.stage,
      pod,
      containerName: ctx.container ?? pod?.defaultContainer?.name ?? 'jnlp',
      explicitContainer: ctx.container !== undefined,
    };
  }

  private pushStep(step: Step): void {
    this.steps.push(step);
    step.stage?.steps.push(step);
  }

  private recordShellStep(call: ast.CallExpression, step: ShellStep['step'], ctx: Context): void {
    const scriptArg = namedArg(call, 'script') ?? positionalArgs(call)[0];
    const scriptExpression = scriptArg?.value.type === 'MapLiteral' ? undefined : scriptArg?.value;
    const script = scriptExpression ? this.stringValue(scriptExpression, 0) : undefined;
    const shellStep: ShellStep = {
      kind: 'shell',
      ...this.stepBase(call, ctx),
      step,
      scriptExpression,
      literal: scriptExpression ? this.literalOf(scriptExpression) : undefined,
      script,
      commands: script && step === 'sh' ? splitShell(script.text) : [],
    };
    this.pushStep(shellStep);
  }

  private recordDockerStep(call: ast.CallExpression, method: DockerStep['method'], ctx: Context, assignedTo?: string, receiver?: ast.Expression): void {
    this.pushStep({ kind: 'docker', ...this.stepBase(call, ctx), method, args: call.args, assignedTo, receiver });
  }
}

/** Span of a string literal's text between its quotes (the whole expression otherwise). */
export function contentSpan(expr: ast.Expression): Span {
  if (expr.type === 'StringLiteral') return { start: expr.contentStart, end: expr.contentEnd };
  return { start: expr.start, end: expr.end };
}

function overlapsInterpolation(interpolations: readonly Span[], range: [number, number, number] | null | undefined): boolean {
  return !!range && interpolations.some((i) => i.start < range[1] && i.end > range[0]);
}

function classifyContainer(container: Container): void {
  const image = (container.image ?? '').toLowerCase();
  const runs = [...container.command, ...container.args].join(' ');
  container.isDind = /dind/.test(image) || /(^|[\s/])dockerd(\s|$)/.test(runs);
  // The image alone decides: a `/busybox/cat` command does not add a shell to a non-debug image.
  const kaniko = kanikoImage(container.image);
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

