import type { RuleDiagnostic } from '../../rules';

export interface Position {
  line: number;
  character: number;
}

export interface FileReport {
  file: string;
  text: string;
  diagnostics: Array<Pick<RuleDiagnostic, 'ruleId' | 'severity' | 'message' | 'start' | 'end'>>;
  /** Offset → 0-based LSP position in this file. */
  positionAt(offset: number): Position;
}
