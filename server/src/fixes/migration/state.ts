/**
 * The planner's state: the stage, its model and settings, the builds found, the fate of each
 * statement, and the small readers every section uses (lines, values of expressions).
 */
import type { Container, JenkinsModel, Pod, ShellStep, ShellWord, Stage } from '../../model';
import { lineNumberOf } from '../../lines';
import type * as ast from '../../parser/ast';
import { stringText, type MappedText } from '../../parser/strings';
import type { JenkinsCredentialUse, RegistryCredentialsPlan } from '../../registry';
import type { TextEdit } from '../apply';
import type { ShellUnit } from '../shellUnits';
import { SyntaxIndex, type ListedStatement, syntaxOf } from '../syntax';
import { detectIndentUnit } from '../text';
import { concatValues, valueFromMapped, type Value } from '../values';
import { isPodUnit, unitWord } from './scope';
import { type MigrationSettings, type BuildRecord, type RegistryWrapper, type Fate, type UnitKind, block } from './types';

/** The stage being planned and what the planner has found so far; each section of the planner extends it. */
export abstract class PlannerState {
  protected readonly text: string;
  protected readonly syntax: SyntaxIndex;
  protected readonly comments: readonly ast.Comment[];
  protected readonly unit: string;
  protected readonly edits: TextEdit[] = [];
  protected readonly fates = new Map<ast.Statement, Fate>();
  /** Edits renaming a container reference: dropped when the reference goes with a removed wrapper. */
  protected readonly retargets = new Set<TextEdit>();
  protected readonly resolved = new Map<ast.Statement, Fate>();
  protected readonly builds: BuildRecord[] = [];
  /** Image names and tags (as written, without quotes) → the build that produces them. */
  protected readonly aliases = new Map<string, BuildRecord>();
  protected readonly unitKinds = new Map<ShellStep, Array<{ unit: ShellUnit; kind: UnitKind }>>();
  protected readonly notes: string[] = [];
  protected readonly nextSteps: string[] = [];
  protected readonly counts = { awsInstall: 0, ecrLogin: 0, dockerLogin: 0, cleanup: 0 };
  /** Daemon housekeeping commands removed (`docker version`, `docker info`, …), as written. */
  protected readonly housekeeping = new Set<string>();
  protected ecrHint = false;
  protected daemon!: Container;
  protected daemonContainers: Container[] = [];
  protected wrapExecutor = false;
  /** The Docker client the build ran in, removed from the pod: nothing else runs in it after the migration. */
  protected removedClient?: Container;
  /** Why the Docker client the build ran in stays (for the note), when it does. */
  protected keptClientReason?: string;
  /** Docker client env removed from the podTemplate's own `envVars` (DOCKER_HOST, …), for the summary. */
  protected readonly podEnvReleased: string[] = [];
  /** Jenkins credentials the stage used for registries: `withRegistry(url, id)`, `docker login` inside `withCredentials`. */
  protected readonly jenkinsCredentials: JenkinsCredentialUse[] = [];
  /** How the pushes authenticate, decided by registry/ (planRegistryCredentials). */
  protected credentials!: RegistryCredentialsPlan;
  protected wrappers?: RegistryWrapper[];

  constructor(
    protected readonly model: JenkinsModel,
    protected readonly stage: Stage,
    protected readonly settings: MigrationSettings,
  ) {
    this.text = model.text;
    this.syntax = syntaxOf(model);
    this.comments = model.parse.comments;
    this.unit = detectIndentUnit(model.text);
  }

  /** What reasons call the unit: `stage`, or `pod` for a pod migrated as a whole. */
  protected unitWord(): string {
    return unitWord(this.stage);
  }

  /** The pods this unit migrates: the stage's pod, or every pod of a group read from one source. */
  protected unitPods(): readonly Pod[] {
    if (isPodUnit(this.stage) && this.stage.pods) return this.stage.pods;
    return this.stage.pod ? [this.stage.pod] : [];
  }

  /** The 1-based line of `offset`, as reasons name it. */
  protected line(offset: number): number {
    return lineNumberOf(this.text, offset);
  }

  protected containerOf(pod: Pod | undefined, name: string): Container | undefined {
    for (let current = pod; current; current = current.origin === 'podTemplate' ? current.parent : undefined) {
      const found = current.containers.find((c) => c.name === name);
      if (found) return found;
    }
    return undefined;
  }

  protected statementOf(call: ast.CallExpression, what: string): ListedStatement {
    const entry = this.syntax.isWholeStatement(call);
    if (!entry) block('shell-form', `${what} at line ${this.line(call.start)} is part of a larger expression`);
    return entry;
  }

  protected setFate(statement: ast.Statement, fate: Fate): void {
    const existing = this.fates.get(statement);
    if (existing && existing.kind === 'executor' && fate.kind === 'remove') return;
    this.fates.set(statement, fate);
  }

  /** A Groovy expression as a value: literals as text, anything else as an interpolation. */
  protected expressionValue(expr: ast.Expression): Value {
    if (expr.type === 'StringLiteral') {
      const mapped = stringText(expr, this.text, { interpolation: 'verbatim' });
      return valueFromMapped(mapped, 0, mapped.text.length);
    }
    // `registry + ":$BUILD_NUMBER"`: string concatenation (one side a string literal) reads as one string.
    if (expr.type === 'BinaryExpression' && expr.operator === '+' && (expr.left.type === 'StringLiteral' || expr.right.type === 'StringLiteral')) {
      return concatValues(this.expressionValue(expr.left), this.expressionValue(expr.right));
    }
    const source = this.text.slice(expr.start, expr.end);
    if (/[{}\n"']/.test(source))
      block('expression-name', `line ${this.line(expr.start)}: cannot carry the expression \`${source.slice(0, 40)}\` into the executor command`);
    return [{ kind: 'groovy', source }];
  }

  /** The mapped text of a string-valued expression (a literal, or a variable holding one). */
  protected mappedOf(expr: ast.Expression): MappedText | undefined {
    if (expr.type === 'StringLiteral') return stringText(expr, this.text, { interpolation: 'verbatim' });
    if (expr.type === 'Identifier') return this.model.variables.get(expr.name)?.text;
    return undefined;
  }

  protected wordValue(step: ShellStep, word: ShellWord): Value {
    return valueFromMapped(step.script!, word.start, word.end);
  }

  /** A value with known variables filled in (`${tag}`, `${env.REGISTRY}`, `$REGISTRY`), to recognise registries. */
  protected expanded(value: Value, depth = 0): string {
    const lookup = (name: string): string | undefined => {
      const variable = this.model.variables.get(name);
      if (!variable?.text || depth > 5) return undefined;
      return this.expanded(valueFromMapped(variable.text, 0, variable.text.text.length), depth + 1);
    };
    return value
      .map((segment) => {
        if (segment.kind === 'groovy') {
          const name = /^(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(segment.source)?.[1];
          return (name && lookup(name)) ?? '${' + segment.source + '}';
        }
        return segment.text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (all, name: string) => {
          const variable = this.model.variables.get(name);
          return variable?.environment ? (lookup(name) ?? all) : all;
        });
      })
      .join('');
  }
}
