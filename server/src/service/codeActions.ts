/**
 * Code actions and code lenses: the migration to Kaniko and the per-line quick fixes,
 * as LSP objects built from the pure edits in ../fixes.
 * (Filled in by the migration work; the LSP server already routes requests here.)
 */
import type { CodeAction, CodeActionContext, CodeLens, Range } from 'vscode-languageserver-types';
import type { Analysis } from './analysis';
import type { Settings } from './settings';

export function getCodeActions(_analysis: Analysis, _range: Range, _context: CodeActionContext, _settings: Settings): CodeAction[] {
  return [];
}

export function getCodeLenses(_analysis: Analysis, _settings: Settings): CodeLens[] {
  return [];
}
