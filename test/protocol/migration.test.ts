import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  ExecuteCommandRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocumentEdit,
  type ApplyWorkspaceEditParams,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient, positionAt } from './client';

const SEED = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile'), 'utf8');
const MIGRATE = 'jenkinsfileKaniko.migrateToKaniko';

/** Text of the edit for `uri`, whichever shape the server chose. */
function newTexts(edit: WorkspaceEdit, uri: string): string {
  if (edit.changes) return (edit.changes[uri] ?? []).map((e) => e.newText).join('\n');
  return (edit.documentChanges ?? [])
    .filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri)
    .flatMap((c) => c.edits.map((e) => ('newText' in e ? e.newText : '')))
    .join('\n');
}

describe('protocol: migration to Kaniko', function () {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('offers the migration as a code lens, a quick fix on the findings and a fix-all', async () => {
    client = await TestClient.start({ capabilities: { workspace: { workspaceEdit: { documentChanges: true } } } });
    const uri = 'file:///migrate/lens/Jenkinsfile';
    await client.open(uri, SEED);
    const { diagnostics } = await client.diagnosticsFor(uri, 1);

    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      lenses?.map((l) => [l.command?.command, l.command?.arguments]),
      [[MIGRATE, [uri, 'Build']]],
    );

    const dind = diagnostics.find((d) => d.code === 'dind-privileged') as Diagnostic;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: dind.range,
      context: { diagnostics: [dind] },
    })) as CodeAction[];
    const migrate = actions.find((a) => a.title === "Migrate stage 'Build' to Kaniko" && a.kind === 'quickfix');
    assert.ok(migrate?.edit?.documentChanges, 'versioned edits for a client that takes them');
    assert.match(newTexts(migrate.edit, uri), /\/kaniko\/executor/);

    const fixAll = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.ok(fixAll.length > 0 && fixAll.every((a) => a.kind === 'source.fixAll.jenkinsfile-kaniko'));
  });

  it('applies the migration through workspace/applyEdit when the code lens command runs', async () => {
    const received: ApplyWorkspaceEditParams[] = [];
    client = await TestClient.start({
      applyEdit: (params) => {
        received.push(params);
        return { applied: true };
      },
    });
    const uri = 'file:///migrate/command/Jenkinsfile';
    await client.open(uri, SEED);
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [uri, 'Build'] })) as {
      applied: boolean;
      summary: string;
      nextSteps: string[];
    };
    assert.equal(result.applied, true);
    assert.match(result.summary, /Kaniko/);
    // What the user must do next travels with the result, apart from the summary and notes.
    assert.ok(
      result.nextSteps.some((step) => /^Create the ConfigMap 'docker-config' \(jenkinsfile-kaniko configmap/.test(step)),
      result.nextSteps.join('\n'),
    );
    assert.equal(received.length, 1);
    assert.equal(received[0].label, "Migrate stage 'Build' to Kaniko");
    // This client did not announce documentChanges: plain changes, keyed by uri.
    assert.ok(received[0].edit.changes?.[uri]);
    assert.equal(received[0].edit.documentChanges, undefined);
    assert.match(newTexts(received[0].edit, uri), /\/kaniko\/executor/);
  });

  it('answers with the edit when the client cannot apply edits, and with an error when the stage cannot be migrated', async () => {
    client = await TestClient.start();
    const uri = 'file:///migrate/no-apply/Jenkinsfile';
    await client.open(uri, SEED);
    const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [uri] })) as {
      applied: boolean;
      edit: WorkspaceEdit;
    };
    assert.equal(result.applied, false);
    assert.match(newTexts(result.edit, uri), /\/kaniko\/executor/);

    const blockedUri = 'file:///migrate/blocked/Jenkinsfile';
    const blocked = SEED.replace('customImage.push()', "customImage.push()\n              sh 'docker run --rm app'");
    await client.open(blockedUri, blocked);
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [blockedUri, 'Build'] }),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed && /docker run/.test(error.message),
    );
    // The hover on the finding says why.
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: blockedUri },
      position: positionAt(blocked, 'privileged: true', 2),
    });
    assert.match((hover?.contents as MarkupContent).value, /cannot be migrated to Kaniko automatically \(`runs-container`\): .*docker run/);
    await assert.rejects(
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: MIGRATE, arguments: [42] }),
      (error: unknown) => error instanceof ResponseError,
    );
  });
});
