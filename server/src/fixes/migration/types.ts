/**
 * What a migration plan is, and the records the planner keeps while it reads a stage.
 */
import type { ShellStep, Stage, Step } from '../../model';
import type * as ast from '../../parser/ast';
import type { TextEdit } from '../apply';
import type { RegistryCredentialsMode } from '../../registry';
import type { FileEdits, KanikoContainerSettings } from '../podRewrite';
import type { ShellUnit } from '../shellUnits';
import type { Value } from '../values';
import type { ReasonCode } from './reasons';

export type MigrationSettings = KanikoContainerSettings & {
  /** Pushes to registries other than ECR: keep the Jenkins credential (default) or mount a Secret. */
  registryCredentials?: RegistryCredentialsMode;
  /** `docker build --cache-from X` → Kaniko's layer cache (`--cache=true --cache-repo`); off: dropped with a note. */
  kanikoCache?: boolean;
  /** Whether a `yamlFile` pod may be edited in its file (default yes); no where only the Jenkinsfile can be written. */
  editYamlFiles?: boolean;
};

export interface StageMigration {
  stage: Stage;
  edits: TextEdit[];
  /** Edits of other files: the pod's `yamlFile`, applied together with `edits`. */
  files?: FileEdits[];
  /** One paragraph for the refactor preview and the CLI. */
  summary: string;
  /** What the migration did beyond the summary, and why (options dropped, housekeeping removed, …). */
  notes: string[];
  /** What the user must do next: create the ConfigMap or Secret, remove a container kept for now, migrate other users of a shared pod file. */
  nextSteps: string[];
}

export interface BlockedMigration {
  stage: Stage;
  /** What kind of obstacle it is: a stable code (see reasons.ts and docs/migration.md). */
  code: ReasonCode;
  /** Why the stage is not migrated, with the line: shown in hover and by the CLI. */
  blocked: string;
}

export type MigrationPlan = StageMigration | BlockedMigration;

export function isBlocked(plan: MigrationPlan): plan is BlockedMigration {
  return 'blocked' in plan;
}

export class Blocked {
  constructor(
    readonly code: ReasonCode,
    readonly reason: string,
  ) {}
}

export function block(code: ReasonCode, reason: string): never {
  throw new Blocked(code, reason);
}

export interface BuildSpec {
  /** `-t` values and the Docker Pipeline image name: identity keys → values. */
  tags: Array<{ key: string; value: Value }>;
  dockerfile?: { value: Value; text: string };
  context: { value: Value; text: string };
  flags: Value[];
  dropped: string[];
}

export interface BuildRecord {
  step: Step;
  spec: BuildSpec;
  /** Docker Pipeline: the image name and variable. */
  name?: Value;
  variable?: string;
  /** Shell: the unit holding `docker build`. */
  unit?: ShellUnit;
  destinations: Array<{ value: Value; step: Step }>;
  executor?: Value;
}

export type Line = { text: string; level: number };
export type RegistryWrapper = { call: ast.CallExpression; name: string; url?: ast.Expression; credentials?: ast.Expression };
export type Fate =
  | { kind: 'keep' }
  | { kind: 'remove' }
  | { kind: 'executor'; builds: BuildRecord[] }
  | { kind: 'replace'; lines: Line[] }
  | { kind: 'unwrap'; closure: ast.ClosureExpression }
  | { kind: 'script'; step: ShellStep; units: Map<ShellUnit, UnitFate> };
export type UnitFate = 'keep' | 'remove' | { replace: BuildRecord };

export type UnitKind = 'keep' | 'build' | 'push' | 'tag' | 'login' | 'ecr-login' | 'aws-install' | 'cleanup';
