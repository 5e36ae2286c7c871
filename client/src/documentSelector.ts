// Pure data (no `vscode` import) so unit tests can check it against the manifest.
import {
  hasJenkinsfileName,
  isGroovyPath,
  isJenkinsfilePath,
  JENKINSFILE_FILENAME_PATTERNS,
  JENKINSFILE_FILENAMES,
  looksLikePipeline,
} from '../../server/src/shared/jenkinsfiles';

/** The language id this extension contributes. */
export const JENKINSFILE_LANGUAGE = 'jenkinsfile';

/**
 * VS Code opens `Jenkinsfile` as Groovy unless our language wins, so Groovy documents are
 * served too, but only when their name says they are Jenkinsfiles: the names and patterns the
 * manifest gives the language (server/src/shared/jenkinsfiles.ts, the one rule), as globs.
 */
export const JENKINSFILE_GLOBS: readonly string[] = [...JENKINSFILE_FILENAMES, ...JENKINSFILE_FILENAME_PATTERNS].map((name) =>
  name.startsWith('**/') ? name : `**/${name}`,
);

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

/** Groovy files whose content may be a pipeline (`ci/build.groovy`, `vars/buildImage.groovy`): `isJenkinsfileDocument` decides. */
export const GROOVY_PIPELINE_GLOB = '**/*.groovy';

export function jenkinsfileDocumentSelector(): JenkinsfileDocumentFilter[] {
  const selector: JenkinsfileDocumentFilter[] = [];
  for (const scheme of SERVED_SCHEMES) {
    selector.push({ language: JENKINSFILE_LANGUAGE, scheme });
    for (const pattern of [...JENKINSFILE_GLOBS, GROOVY_PIPELINE_GLOB]) {
      selector.push({ language: 'groovy', scheme, pattern });
    }
  }
  return selector;
}

/** What `isJenkinsfileDocument` reads of a `vscode.TextDocument`. */
export interface DocumentLike {
  readonly languageId: string;
  readonly uri: { readonly scheme: string; readonly path: string };
  getText(): string;
}

/**
 * Whether a document the selector matched is a Jenkinsfile by the one rule
 * (server/src/shared/jenkinsfiles.ts), which globs cannot say: a `.groovy` file only when its
 * content is a pipeline, and not `Jenkinsfile.md` or `Jenkinsfile.bak`, which the manifest's
 * `Jenkinsfile*` pattern opens in the jenkinsfile language. A file the user put in that
 * language by hand (no Jenkinsfile name at all) is served.
 */
export function isJenkinsfileDocument(document: DocumentLike): boolean {
  if (document.uri.scheme === 'untitled') return true;
  const path = document.uri.path;
  if (isJenkinsfilePath(path)) return true;
  if (isGroovyPath(path)) return looksLikePipeline(document.getText());
  return document.languageId === JENKINSFILE_LANGUAGE && !hasJenkinsfileName(path);
}
