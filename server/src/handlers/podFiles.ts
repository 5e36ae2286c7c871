/**
 * Pod YAML files the client has open. A client attached to YAML buffers too (Neovim or Helix
 * configured for `yaml`, see docs/editors.md) syncs them like any document: they are not linted as
 * Jenkinsfiles; a Jenkinsfile's `yamlFile` reads the buffer instead of the disk, the migration
 * plans from it and sends its edit for that buffer's version; an edit of the buffer re-checks the
 * Jenkinsfiles that read it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { localPathOf } from '../paths';
import type { OpenFile } from '../service';

/** Files watched for changes on disk, as the VS Code client's own watcher does. */
export const POD_FILE_GLOB = '**/*.{yaml,yml}';

/** A YAML document (by language or by name): a pod file, never a Jenkinsfile. */
export function isPodFileDocument(document: Pick<TextDocument, 'languageId' | 'uri'>): boolean {
  return document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.split(/[?#]/, 1)[0]);
}

export class OpenPodFiles {
  /** Open pod files: URI → real path (as `yamlFile` targets are resolved), or the plain path of a file not on disk. */
  private readonly paths = new Map<string, string>();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  opened(uri: string): void {
    const file = localPathOf(uri);
    if (file === undefined) return;
    let real = path.resolve(file);
    try {
      real = fs.realpathSync(real);
    } catch {
      // Not on disk (a new buffer): no yamlFile resolves to it.
    }
    this.paths.set(uri, real);
  }

  closed(uri: string): void {
    this.paths.delete(uri);
  }

  /** The real path of an open pod file, as `yamlFile` targets are named. */
  pathOf(uri: string): string | undefined {
    return this.paths.get(uri);
  }

  /** The open buffer of the file at real path `realPath`. */
  openFile(realPath: string): OpenFile | undefined {
    for (const [uri, known] of this.paths) {
      if (known !== realPath) continue;
      const document = this.documents.get(uri);
      if (document) return { uri, text: document.getText(), version: document.version };
    }
    return undefined;
  }
}
