export { RULES, RULES_BY_ID } from './registry';
export * from './types';
export { runRules, type RuleDiagnostic, type RunOptions } from './runner';
