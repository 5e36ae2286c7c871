/**
 * Migration of a stage that builds with a Docker daemon (privileged dind, or the node's
 * socket) to Kaniko, as text edits: the pod's daemon container becomes a Kaniko container,
 * the build/push sequence becomes one `/kaniko/executor` call, AWS CLI installs and registry
 * logins go. Where it cannot be done safely the plan says why instead of guessing.
 */
import type { JenkinsModel, Stage } from '../model';
import { Planner } from './migration/planner';
import { Blocked, type MigrationPlan, type MigrationSettings } from './migration/types';
export * from './migration/types';
export { REASONS, REASON_CODES, type ReasonCode } from './migration/reasons';
export { findMigratableStages, isPodUnit, podUnitFor, unitWord, type PodUnit } from './migration/scope';

export function planStageMigration(model: JenkinsModel, stage: Stage, settings: MigrationSettings): MigrationPlan {
  try {
    return new Planner(model, stage, settings).plan();
  } catch (error) {
    if (error instanceof Blocked) return { stage, code: error.code, blocked: error.reason };
    // A bug must not take the editor down: report it as a reason not to migrate.
    return { stage, code: 'internal-error', blocked: `internal error while planning the migration: ${error instanceof Error ? error.message : String(error)}` };
  }
}
