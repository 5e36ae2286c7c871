export { applyEdits, findConflict, normalizeEdits, sortEdits, type ApplyResult, type TextEdit } from './apply';
export {
  findMigratableStages,
  podUnitFor,
  isPodUnit,
  unitWord,
  isBlocked,
  planStageMigration,
  REASONS,
  REASON_CODES,
  type ReasonCode,
  type BlockedMigration,
  type MigrationPlan,
  type MigrationSettings,
  type PodUnit,
  type StageMigration,
} from './migration';
export {
  disableFile,
  disableNextLine,
  quickFixesFor,
  removeAwsCliInstall,
  rewriteEcrGetLogin,
  safeFixEdits,
  type FindingRef,
  type QuickFix,
} from './quickfixes';
export { fixText, type FixOutcome, type FixSettings } from './fixFile';
