/**
 * `editOut` turns the service's UTF-16 columns into the client's encoding against each file's own
 * text: the open buffer, or the text the edit was planned on. A file with neither cannot be
 * converted: for a UTF-8 client the edit is blocked with the reason, never sent with UTF-16 columns.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editOut } from '../../../server/src/handlers/commands';
import type { ServerContext } from '../../../server/src/handlers/context';
import { codecFor, type Encoding } from '../../../server/src/handlers/positions';

const jenkinsfileUri = 'file:///repo/Jenkinsfile';

function contextFor(encoding: Encoding, open: TextDocument[] = []): ServerContext {
  const documents = new Map(open.map((d) => [d.uri, d]));
  return { positions: codecFor(encoding), documents: { get: (uri: string) => documents.get(uri) } } as unknown as ServerContext;
}

/** Replaces `é` of `# ✓ é` (UTF-16 columns 4 to 5, UTF-8 bytes 6 to 8) on line 0 of `uri`. */
function editOf(uri: string): WorkspaceEdit {
  const range = { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } };
  return { documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range, newText: 'e' }] }] };
}

describe('editOut', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-editout-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('converts a pod file against the text its edit was planned on, to byte columns of its own line, without reading the disk', () => {
    const file = path.join(dir, 'pod.yaml');
    // The disk holds other text (it changed after the edit was made): its line would give other bytes.
    fs.writeFileSync(file, '# é\nkind: Pod\n');
    const uri = pathToFileURL(file).href;
    const planned = new Map([[uri, '# ✓ é\nkind: Pod\n']]);
    const out = editOut(contextFor('utf-8'), jenkinsfileUri, editOf(uri), (u) => planned.get(u));
    assert.ok(!('blocked' in out));
    const change = out.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.edits[0].range, { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } });
  });

  it('blocks a UTF-8 edit of a pod file on disk that it was not planned on here: it reads no file', () => {
    const file = path.join(dir, 'pod.yaml');
    fs.writeFileSync(file, '# ✓ é\nkind: Pod\n');
    const out = editOut(contextFor('utf-8'), jenkinsfileUri, editOf(pathToFileURL(file).href));
    assert.ok('blocked' in out, JSON.stringify(out));
  });

  it('blocks a UTF-8 edit of a file with no text to convert against (not open, not on disk)', () => {
    const uri = pathToFileURL(path.join(dir, 'gone.yaml')).href;
    const out = editOut(contextFor('utf-8'), jenkinsfileUri, editOf(uri));
    assert.ok('blocked' in out, JSON.stringify(out));
    assert.match(out.blocked, /gone\.yaml cannot be read to convert the edit to utf-8 columns/);
  });

  it('blocks a UTF-8 edit of a Jenkinsfile that is no longer open (plain changes too)', () => {
    const out = editOut(contextFor('utf-8'), jenkinsfileUri, {
      changes: { [jenkinsfileUri]: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, newText: 'e' }] },
    });
    assert.ok('blocked' in out);
  });

  it('passes UTF-16 edits through untouched, whatever can be read', () => {
    const edit = editOf(pathToFileURL(path.join(dir, 'gone.yaml')).href);
    assert.equal(editOut(contextFor('utf-16'), jenkinsfileUri, edit), edit);
  });

  it('converts an open buffer, not the disk', () => {
    const uri = pathToFileURL(path.join(dir, 'open.yaml')).href;
    const open = TextDocument.create(uri, 'yaml', 3, '# ✓✓ café\n');
    const range = { start: { line: 0, character: 6 }, end: { line: 0, character: 7 } };
    const out = editOut(contextFor('utf-8', [open]), jenkinsfileUri, {
      documentChanges: [{ textDocument: { uri, version: 3 }, edits: [{ range, newText: 'x' }] }],
    });
    assert.ok(!('blocked' in out));
    assert.deepEqual((out.documentChanges![0] as TextDocumentEdit).edits[0].range, { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } });
  });
});
