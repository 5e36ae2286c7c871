/**
 * The Jenkins model: what a pipeline means, built from the syntax tree.
 *
 * One shape serves declarative and scripted pipelines. All positions are offsets into
 * the Jenkinsfile text (UTF-16, end exclusive), including those of YAML and shell text
 * embedded in string literals, which are mapped back through escapes and interpolations.
 */
import type { ParsedNode } from 'yaml';
import type { KanikoImage } from '../kaniko/images';
import type * as ast from '../parser/ast';
import type { MappedText } from '../parser/strings';
import type { ModelMemo } from './memo';
import type { ShellCommand } from './shell';

export type Span = ast.Span;

export interface JenkinsModel {
  readonly text: string;
  readonly parse: ast.ParseResult;
  /** `declarative` when a top-level `pipeline { }` exists, `scripted` when stages/nodes/podTemplates exist without it. */
  readonly kind: 'declarative' | 'scripted' | 'unknown';
  /** The top-level `pipeline { }` call, if any. */
  readonly pipeline?: ast.CallExpression;
  /** Pod of the pipeline-level `agent { kubernetes { } }`. */
  readonly pipelinePod?: Pod;
  /** Every stage in document order, nested ones included. */
  readonly stages: Stage[];
  /** Top-level stages (those without a parent stage). */
  readonly rootStages: Stage[];
  /** Every pod definition in document order. */
  readonly pods: Pod[];
  /** Every `sh`/`bat`/`powershell` and Docker Pipeline step in document order. */
  readonly steps: Step[];
  /** String values assigned to names: `def x = '…'`, `x = "…"`, `environment { X = '…' }`. Last one wins. */
  readonly variables: Map<string, VariableValue>;
  /** `container('x')` and `defaultContainer 'x'` references, for hover, completion and migration. */
  readonly containerRefs: ContainerRef[];
  /** `agent { docker { … } }` and `agent { dockerfile { … } }`: stages that run in a container of the node's Docker daemon. */
  readonly dockerAgents: DockerAgent[];
  /**
   * Docker Pipeline steps that wrap a block (`withDockerRegistry`, `withDockerServer`), with the
   * pod and stage they run in. Kept apart from `steps`: the migration reads those wrappers itself.
   */
  readonly dockerWrappers: DockerWrapper[];
  /** What rules and fixes derive from this model, computed once and kept with it (model/memo.ts). */
  readonly memo: ModelMemo;
}

export interface DockerWrapper {
  call: ast.CallExpression;
  step: 'withDockerRegistry' | 'withDockerServer';
  stage?: Stage;
  pod?: Pod;
}

/** A declarative Docker agent: the stage (or pipeline) runs in a container that the agent's Docker daemon starts. */
export interface DockerAgent {
  /** The `docker { }` / `docker(…)` / `dockerfile { }` call inside `agent { }`. */
  call: ast.CallExpression;
  kind: 'docker' | 'dockerfile';
  /** `image` when given as a string we can read. */
  image?: string;
  /** `args`: extra `docker run` options, mapped to the source, when it is a string we can read. */
  args?: MappedText;
  /** Stage whose agent it is; undefined for the pipeline's own agent. */
  stage?: Stage;
}

export interface VariableValue {
  name: string;
  /** The assigned expression (a string literal, a concatenation, `'…'.stripIndent()`, …). */
  expression: ast.Expression;
  /** Its text when it is a string we can read, mapped to the source. */
  text?: MappedText;
  /** Declared in a declarative `environment { }` block. */
  environment: boolean;
  span: Span;
}

export interface Stage {
  name: string;
  /** The `stage(…)` call. */
  call: ast.CallExpression;
  /** Span of the stage name argument (the string literal). */
  nameSpan: Span;
  /** The stage's closure body, if written. */
  body?: ast.ClosureExpression;
  parent?: Stage;
  children: Stage[];
  /** The block the stage is written in: `stages { }`, `parallel { }`, a `matrix`'s `stages { }`, or scripted code. */
  parentBlock: 'stages' | 'parallel' | 'matrix' | 'scripted';
  /** Pod from this stage's own `agent { kubernetes { } }`. */
  agentPod?: Pod;
  /** Pod the stage's steps run in: its own agent, else the closest enclosing one (stage, pipeline, podTemplate). */
  pod?: Pod;
  /** `steps { }` closure (declarative). */
  stepsBlock?: ast.CallExpression;
  /** Steps directly in this stage (not in child stages). */
  steps: Step[];
}

export type PodOrigin = 'yaml' | 'yamlFile' | 'podTemplate' | 'kubernetes';

export interface Pod {
  /** Index in `JenkinsModel.pods`. */
  id: number;
  /** The call that declares it: `kubernetes { }` (declarative agent) or `podTemplate(…)`. */
  call: ast.CallExpression;
  origin: PodOrigin;
  /** `label` value, when given as a literal. */
  label?: string;
  /** `inheritFrom` value, recorded but not resolved. */
  inheritFrom?: string;
  /** The `inheritFrom` value expression (for ranges). */
  inheritFromSpan?: Span;
  /** `yamlMergeStrategy merge()` / `override()` (the plugin's default is override). */
  yamlMergeStrategy?: 'merge' | 'override';
  defaultContainer?: { name: string; span: Span; call: ast.CallExpression };
  /** Embedded or file YAML, when the pod has any. */
  yaml?: EmbeddedYaml;
  /**
   * Why this pod's containers cannot be known from here (a `yaml` parameter or method result, a
   * `yamlFile` that cannot be read, `inheritFrom`, a label-only template): hovers and completion
   * then say "the pod's YAML is not known here" instead of "no container named …".
   */
  yamlUnknown?: string;
  containers: Container[];
  volumes: Volume[];
  /** The pod enclosing this one (nested podTemplate), if any. */
  parent?: Pod;
  /** Stage that declared this pod as its agent, if any. */
  stage?: Stage;
}

/** One parsed YAML document: its root node, `yaml`'s own node classes (`isMap`, `isSeq`, … work), with source ranges. */
export interface YamlDocument {
  contents: ParsedNode | null;
}

export interface EmbeddedYaml {
  /** The expression that supplies the YAML (string literal, variable reference, `'…'.stripIndent()`). */
  expression: ast.Expression;
  /** The string literal holding the YAML text, when it lives in this file. */
  literal?: ast.StringLiteral;
  /** `yaml`, `podTemplate(yaml:)` or `yamlFile`; file YAML has no source mapping into the Jenkinsfile. */
  from: 'yaml' | 'yamlFile';
  /** Path given to `yamlFile` (or `readTrusted`/`readFile`), relative to the repository root as Jenkins reads it. */
  file?: string;
  /** For file YAML: the root the path was read from, in words ("the repository root `/x` (…)"). */
  root?: string;
  /** The YAML text (stand-ins replace `${…}` interpolations, so offsets stay true). */
  text: MappedText;
  /** Parsed documents (their root nodes). */
  documents: YamlDocument[];
  /** Syntax errors mapped to the Jenkinsfile. */
  errors: Array<{ message: string; start: number; end: number }>;
}

export type ContainerOrigin = 'yaml' | 'containerTemplate';

export interface Container {
  pod: Pod;
  origin: ContainerOrigin;
  name?: string;
  nameSpan?: Span;
  image?: string;
  imageSpan?: Span;
  /** The image text holds `${…}` interpolations (as same-length stand-ins in `image` for YAML pods). */
  imageInterpolated?: boolean;
  /** `securityContext.privileged` (YAML) or `privileged:` (containerTemplate): key through value. */
  privileged?: { value: boolean; span: Span };
  command: string[];
  args: string[];
  /** `tty: true` / `ttyEnabled: true`. */
  tty: boolean;
  /** Environment set on the container: YAML `env` (`value` only; `valueFrom` has none), `envVars: [envVar(key:, value:)]`. */
  env?: Array<{ name: string; value?: string }>;
  volumeMounts: Array<{ name?: string; mountPath?: string; span: Span }>;
  /** Whole container (YAML sequence item or `containerTemplate(…)` call) in the Jenkinsfile; absent for yamlFile pods. */
  span?: Span;
  /** The YAML map node (yaml pods), the call (containerTemplate) or the map literal (`containers: [[name: …, image: …]]`). */
  node: unknown;
  /** Docker daemon container: image `docker:*dind*` or runs `dockerd`. */
  isDind: boolean;
  /** Kaniko executor image (any registry, any fork). */
  isKaniko: boolean;
  /** Kaniko image that has a shell (`:debug`, `*-debug`). */
  kanikoHasShell: boolean;
  /** `kanikoImage(image)`, read once when the container is classified: several Kaniko rules ask for it. */
  kanikoImage: KanikoImage | undefined;
}

export interface Volume {
  pod: Pod;
  name?: string;
  kind: 'hostPath' | 'emptyDir' | 'configMap' | 'secret' | 'projected' | 'persistentVolumeClaim' | 'other';
  hostPath?: string;
  /** Span of the hostPath `path` value (YAML) or `hostPath:` argument value. */
  hostPathSpan?: Span;
  /** containerTemplate-style volumes carry their own mount path. */
  mountPath?: string;
  configMapName?: string;
  secretName?: string;
  span?: Span;
  node: unknown;
}

export interface ContainerRef {
  name: string;
  /** The string literal naming the container. */
  span: Span;
  call: ast.CallExpression;
  kind: 'container' | 'defaultContainer';
  pod?: Pod;
}

export type Step = ShellStep | DockerStep;

interface StepBase {
  call: ast.CallExpression;
  stage?: Stage;
  pod?: Pod;
  /** Container the step runs in: enclosing `container('x')`, else the pod's `defaultContainer`, else `jnlp`. */
  containerName: string;
  /** Whether `containerName` came from an explicit `container('x')`. */
  explicitContainer: boolean;
  /**
   * When the step sits in a same-file method or closure variable reached from a call (`buildImage()`
   * inside a pod): the calls that led to it, outermost first. Its pod, stage and container are
   * the first such call's (in document order); a helper no call reaches has none.
   */
  via?: ast.CallExpression[];
}

export interface ShellStep extends StepBase {
  kind: 'shell';
  /** `sh`, `bat` or `powershell`. */
  step: 'sh' | 'bat' | 'powershell';
  /** The script argument expression. */
  scriptExpression?: ast.Expression;
  /** The script literal, when the script is a string literal (possibly via a variable). */
  literal?: ast.StringLiteral;
  /** Script text with interpolations verbatim, mapped to the source; absent when not a literal. */
  script?: MappedText;
  /** Commands of the script, split as a shell would (roughly), positions in `script` coordinates. */
  commands: ShellCommand[];
}

export interface DockerStep extends StepBase {
  kind: 'docker';
  /**
   * `build`: `docker.build(name[, args])`; `withRegistry`: `docker.withRegistry(url[, credentialsId]) { }`;
   * `push`: `<image>.push([tag])`; `image`: `docker.image(name)`; `inside`/`run`/`withRun`: daemon uses of an image.
   */
  method: 'build' | 'withRegistry' | 'push' | 'image' | 'inside' | 'run' | 'withRun' | 'tag';
  args: ast.Argument[];
  /** Variable the result was assigned to (`def img = docker.build(…)`). */
  assignedTo?: string;
  /** For `push`/`inside`/…: the receiver expression (`img` in `img.push()`). */
  receiver?: ast.Expression;
  /** For `inside`/`run`/`withRun`: the `docker run` options (first argument), when it is a string we can read. */
  runArgs?: MappedText;
}
