// Hover and outline as VS Code asks for them (the same providers the editor UI uses).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticCode, openDocument, ownDiagnostics, waitForDiagnostics } from './util';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function flatten(symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((symbol) => [symbol, ...flatten(symbol.children)]);
}

describe('hover and outline', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openDocument('Jenkinsfile');
    await waitForDiagnostics(document.uri, (all) => ownDiagnostics(all).some((d) => diagnosticCode(d) === 'dind-privileged'));
  });
  after(closeAllEditors);

  it('explains the privileged dind finding and links its rule page on hover', async () => {
    const position = document.positionAt(document.getText().indexOf('privileged: true') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hoverText(hovers ?? []);
    assert.match(text, /Kaniko/);
    assert.match(text, /docs\/rules\/dind-privileged\.md/);
  });

  it("names a container's image when hovering container('dind')", async () => {
    const position = document.positionAt(document.getText().indexOf("container('dind')") + "container('".length + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    assert.match(hoverText(hovers ?? []), /docker:18\.05-dind/);
  });

  it('outlines the pipeline with its Build stage and the stage pod container', async () => {
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    const names = flatten(symbols).map((symbol) => symbol.name);
    assert.ok(
      names.some((name) => /pipeline/i.test(name)),
      `outline: ${names.join(', ')}`,
    );
    assert.ok(
      names.some((name) => /Build/.test(name)),
      `outline: ${names.join(', ')}`,
    );
    assert.ok(
      names.some((name) => /dind/.test(name)),
      `outline: ${names.join(', ')}`,
    );
    const build = flatten(symbols).find((symbol) => /Build/.test(symbol.name))!;
    assert.ok(build.range.contains(document.positionAt(document.getText().indexOf('privileged: true'))));
  });
});
