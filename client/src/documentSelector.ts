// Pure data (no `vscode` import) so unit tests can check it against the manifest.
import { JENKINSFILE_FILENAME_PATTERNS, JENKINSFILE_FILENAMES } from '../../server/src/shared/jenkinsfiles';

/** The language id this extension contributes. */
export const JENKINSFILE_LANGUAGE = 'jenkinsfile';

/**
 * VS Code opens `Jenkinsfile` as Groovy unless our language wins, so Groovy documents are
 * served too, but only when their name says they are Jenkinsfiles: the names and patterns the
 * manifest gives the language (server/src/shared/jenkinsfiles.ts, the one rule), as globs.
 */
export const JENKINSFILE_GLOBS: readonly string[] = [...JENKINSFILE_FILENAMES, ...JENKINSFILE_FILENAME_PATTERNS].map((name) => (name.startsWith('**/') ? name : `**/${name}`));

/**
 * `file` and `untitled` for ordinary use; `vscode-vfs` for virtual workspaces (GitHub/Azure
 * Repos), which the manifest declares supported. Other schemes (`git:` diffs, output panes,
 * `vscode-userdata`) are left out so a diff view does not get a second set of diagnostics.
 */
export const SERVED_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-vfs'];

export interface JenkinsfileDocumentFilter {
  readonly language: string;
  readonly scheme: string;
  readonly pattern?: string;
}

export function jenkinsfileDocumentSelector(): JenkinsfileDocumentFilter[] {
  const selector: JenkinsfileDocumentFilter[] = [];
  for (const scheme of SERVED_SCHEMES) {
    selector.push({ language: JENKINSFILE_LANGUAGE, scheme });
    for (const pattern of JENKINSFILE_GLOBS) {
      selector.push({ language: 'groovy', scheme, pattern });
    }
  }
  return selector;
}
