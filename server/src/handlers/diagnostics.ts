/**
 * Diagnostics: pushed after an adaptive pause, or answered when the client pulls them.
 *
 * The pause depends on how fast the document is being edited, measured against what a check of
 * it costs (the last check's time): an edit after a quiet spell longer than two checks is checked
 * at once, so a keystroke shows its diagnostics after one check; during a burst of edits the check
 * waits until the typing has paused for as long as a check takes (at most 150 ms), so the server
 * is busy at most about half the time and a fast typist never has checks piling up. At most one
 * check per document is pending; a result for an old version is dropped rather than published.
 */
import { performance } from 'node:perf_hooks';
import { CodeLensRefreshRequest, LSPErrorCodes, ResponseError, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { describe, guard, guardNotification } from './guard';
import { isPodFileDocument } from './podFiles';

/** Longest pause, for documents whose check is slow (a megabyte file). */
export const MAX_DIAGNOSTICS_DELAY_MS = 150;
/** Shortest cost assumed, so a burst of edits arriving together waits for its end. */
const MIN_COST_MS = 5;

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Milliseconds the last check of each document took. */
  private readonly cost = new Map<string, number>();
  /** When each document last changed (performance.now()). */
  private readonly lastChange = new Map<string, number>();

  constructor(private readonly context: ServerContext) {}

  /** Wires document events and the pull handler. */
  listen(): void {
    const { connection, documents, log } = this.context;
    const { podFiles } = this.context;
    documents.onDidOpen(
      guardNotification(log, 'textDocument/didOpen', (event) => (isPodFileDocument(event.document) ? podFiles.opened(event.document.uri) : undefined)),
    );
    // Also fired on didOpen; a document not checked yet has no cost, so it is checked at once.
    documents.onDidChangeContent(
      guardNotification(log, 'textDocument/didChange', (change) =>
        isPodFileDocument(change.document) ? this.podFileChanged(change.document.uri) : this.schedule(change.document.uri),
      ),
    );
    documents.onDidClose(
      guardNotification(log, 'textDocument/didClose', async (event) => {
        if (!isPodFileDocument(event.document)) return this.closed(event.document.uri);
        // Forgotten at once, before any round trip to the client: a didOpen of the same URI meanwhile
        // must stay open, and a failed refresh must not leave it behind.
        const realPath = podFiles.pathOf(event.document.uri);
        podFiles.closed(event.document.uri);
        // The Jenkinsfiles that read it go back to the file on disk.
        if (realPath !== undefined) await this.podPathChanged(realPath);
      }),
    );
    connection.languages.diagnostics.on(guard(log, 'textDocument/diagnostic', (params) => this.pull(params.textDocument.uri)));
  }

  /**
   * A pod file open in the editor changed (or opened, or closed): the open Jenkinsfiles that read it
   * are checked again, as if they had been edited.
   */
  private async podFileChanged(uri: string): Promise<void> {
    const realPath = this.context.podFiles.pathOf(uri);
    if (realPath !== undefined) await this.podPathChanged(realPath);
  }

  /** The pod file at real path `realPath` reads differently now: its readers are checked again. */
  private async podPathChanged(realPath: string): Promise<void> {
    const { host, service, documents, connection, features } = this.context;
    const readers = host.readersOf(realPath).filter((reader) => documents.get(reader) !== undefined);
    for (const reader of readers) {
      service.forget(reader);
      this.schedule(reader);
    }
    if (readers.length === 0) return;
    if (features.pullDiagnostics && features.diagnosticsRefresh) await connection.languages.diagnostics.refresh();
    if (features.codeLensRefresh) await connection.sendRequest(CodeLensRefreshRequest.type);
  }

  /** Checks every open document again (settings changed). */
  recheckAll(): void {
    for (const document of this.context.documents.all()) if (!isPodFileDocument(document)) this.schedule(document.uri, 0);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The pause before a document is checked after an edit now (see the file comment). */
  private delayAfterEdit(uri: string): number {
    const now = performance.now();
    const previous = this.lastChange.get(uri);
    this.lastChange.set(uri, now);
    // Before a first check, guess from the size (about 50 KB a millisecond); a few ms at least, so
    // edits that arrive together (a paste, a replayed burst) are one check, not one each.
    const cost = Math.max(MIN_COST_MS, this.cost.get(uri) ?? (this.context.documents.get(uri)?.getText().length ?? 0) / 50_000);
    if (previous === undefined || now - previous > 2 * cost) return 0;
    return Math.min(MAX_DIAGNOSTICS_DELAY_MS, Math.ceil(cost));
  }

  private schedule(uri: string, delay = this.delayAfterEdit(uri)): void {
    if (this.context.features.pullDiagnostics) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.publish(uri).catch((error: unknown) => this.context.log(`Diagnostics for ${uri} failed: ${describe(error)}`));
      }, delay),
    );
  }

  private async publish(uri: string): Promise<void> {
    const { documents, settings, service, connection } = this.context;
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const documentSettings = await settings.for(uri);
    const current = documents.get(uri);
    if (current?.version !== version) return;
    const started = performance.now();
    const diagnostics = this.context.positions.diagnosticsOut(current, service.diagnostics({ uri, text: current.getText(), version }, documentSettings));
    // Published only if the document is still open at the version checked, so a stale result never shows.
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
    this.cost.set(uri, performance.now() - started);
  }

  private async pull(uri: string): Promise<DocumentDiagnosticReport> {
    const { documents, settings, service } = this.context;
    const document = documents.get(uri);
    if (!document || isPodFileDocument(document)) return { kind: 'full', items: [] };
    const version = document.version;
    const documentSettings = await settings.for(uri);
    const current = documents.get(uri);
    if (current?.version !== version) {
      // The client asks again for the new version rather than receive a stale report.
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed while it was checked.', { retriggerRequest: true });
    }
    return {
      kind: 'full',
      items: this.context.positions.diagnosticsOut(current, service.diagnostics({ uri, text: current.getText(), version }, documentSettings)),
    };
  }

  private async closed(uri: string): Promise<void> {
    const { settings, service, connection, features } = this.context;
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.cost.delete(uri);
    this.lastChange.delete(uri);
    settings.forget(uri);
    service.forget(uri);
    this.context.host.forgetReader(uri);
    if (!features.pullDiagnostics) await connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
