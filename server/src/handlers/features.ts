/** Language features: thin calls into the service, positions converted at the edge. */
import type { CodeAction } from 'vscode-languageserver/node';
import { documentInput, type ServerContext } from './context';
import { editOut, forClient } from './commands';
import { guard } from './guard';

export function registerFeatureHandlers(context: ServerContext): void {
  const { connection, documents, service, settings, log } = context;
  // The codec is chosen in `initialize`, after these handlers are registered: read it at call time.
  const codec = () => context.positions;

  connection.onHover(
    guard(log, 'textDocument/hover', async ({ textDocument, position }) => {
      const document = documentInput(context, textDocument.uri);
      if (!document) return null;
      const open = documents.get(textDocument.uri);
      const hover = service.hover(document, codec().in(open, position), await settings.for(textDocument.uri));
      return codec().out(open, hover);
    }),
  );

  connection.onDocumentSymbol(
    guard(log, 'textDocument/documentSymbol', ({ textDocument }) => {
      const document = documentInput(context, textDocument.uri);
      return document ? codec().out(documents.get(textDocument.uri), service.documentSymbols(document)) : [];
    }),
  );

  connection.onFoldingRanges(
    guard(log, 'textDocument/foldingRange', ({ textDocument }) => {
      const document = documentInput(context, textDocument.uri);
      // Folding ranges are whole lines (no characters sent), the same in every encoding.
      return document ? service.foldingRanges(document) : [];
    }),
  );

  connection.onCompletion(
    guard(log, 'textDocument/completion', ({ textDocument, position }) => {
      const document = documentInput(context, textDocument.uri);
      if (!document) return null;
      const open = documents.get(textDocument.uri);
      return codec().out(open, service.completion(document, codec().in(open, position)));
    }),
  );

  connection.onCodeAction(
    guard(log, 'textDocument/codeAction', async ({ textDocument, range, context: actionContext }) => {
      const document = documentInput(context, textDocument.uri);
      if (!document) return [];
      const open = documents.get(textDocument.uri);
      const request = codec().in(open, { range, actionContext });
      const actions = service.codeActions(document, request.range, request.actionContext, await settings.for(textDocument.uri));
      const wanted = actionContext.only ? actions.filter((action) => kindMatches(action, actionContext.only!)) : actions;
      // Each file of an edit is converted against its own text (a yamlFile pod is another file).
      return wanted.map(({ edit, ...action }) => {
        const converted = codec().out(open, action);
        if (!edit) return converted;
        const out = editOut(context, textDocument.uri, edit);
        // Columns that cannot be given in the client's encoding: shown greyed out, with why.
        return 'blocked' in out
          ? { title: converted.title, kind: converted.kind, disabled: { reason: out.blocked } }
          : { ...converted, edit: forClient(context, out) };
      });
    }),
  );

  connection.onCodeLens(
    guard(log, 'textDocument/codeLens', async ({ textDocument }) => {
      const document = documentInput(context, textDocument.uri);
      return document ? codec().out(documents.get(textDocument.uri), service.codeLenses(document, await settings.for(textDocument.uri))) : [];
    }),
  );
}

/** `quickfix` matches `quickfix` and `quickfix.x`; `source.fixAll` matches our fix-all kind. */
function kindMatches(action: CodeAction, only: string[]): boolean {
  const kind = action.kind ?? '';
  return only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}
