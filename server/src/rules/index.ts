export { RULES, RULES_BY_ID, offersCodeAction, rulesOffering, type RuleData, type RuleId } from './registry';
export * from './types';
export { diagnosticsOf, runRules, type RuleDiagnostic, type RuleDiagnosticOf, type RunOptions } from './runner';
