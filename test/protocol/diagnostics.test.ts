import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, DocumentDiagnosticRequest, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, TestClient, positionAt } from './client';

const SEED_PATH = path.join(REPO_ROOT, 'test/fixtures/seed/before.Jenkinsfile');
const SEED = fs.readFileSync(SEED_PATH, 'utf8');
const DOCS = 'https://github.com/jenkinsfile-kaniko/jenkinsfile-kaniko-assistant/blob/main/docs/rules/';

const codes = (diagnostics: Diagnostic[]): string[] => [...new Set(diagnostics.map((d) => String(d.code)))].sort();
const byCode = (diagnostics: Diagnostic[], code: string): Diagnostic[] => diagnostics.filter((d) => d.code === code);

describe('protocol: diagnostics', function () {
  let client: TestClient | undefined;
  afterEach(() => client?.kill());

  it('publishes the seed Jenkinsfile findings with source, code and codeDescription', async () => {
    client = await TestClient.start();
    const uri = 'file:///seed/Jenkinsfile';
    await client.open(uri, SEED, 1);
    const published = await client.diagnosticsFor(uri, 1);

    for (const code of ['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed']) {
      const found = byCode(published.diagnostics, code);
      assert.ok(found.length > 0, `expected ${code} in ${codes(published.diagnostics).join(', ')}`);
      for (const diagnostic of found) {
        assert.equal(diagnostic.source, 'jenkinsfile-kaniko');
        assert.deepEqual(diagnostic.codeDescription, { href: `${DOCS}${code}.md` });
        assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 0);
      }
    }
    const [dind] = byCode(published.diagnostics, 'dind-privileged');
    assert.equal(dind.severity, DiagnosticSeverity.Warning);
    assert.equal(dind.range.start.line, positionAt(SEED, 'privileged: true').line);
    const [getLogin] = byCode(published.diagnostics, 'ecr-get-login-removed');
    assert.equal(getLogin.range.start.line, positionAt(SEED, 'aws ecr get-login').line);
    assert.equal(await client.stop(), 0);
  });

  it('clears a diagnostic when a didChange removes its cause, and publishes only the latest version', async () => {
    client = await TestClient.start();
    const uri = 'file:///seed/change/Jenkinsfile';
    await client.open(uri, SEED, 1);
    const first = await client.diagnosticsFor(uri, 1);
    assert.ok(byCode(first.diagnostics, 'ecr-get-login-removed').length > 0);

    // Three quick edits, the last of which removes `aws ecr get-login`.
    const line = positionAt(SEED, "sh '$(aws ecr get-login").line;
    const lineEnd = SEED.split('\n')[line].length;
    const from = client.diagnostics.all.length;
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    await client.change(uri, 4, [{ range: { start: { line, character: 0 }, end: { line, character: lineEnd } }, text: "            sh 'echo logged in'" }]);
    const latest = await client.diagnosticsFor(uri, 4, from);

    assert.deepEqual(byCode(latest.diagnostics, 'ecr-get-login-removed'), []);
    assert.ok(byCode(latest.diagnostics, 'dind-privileged').length > 0, 'the other findings stay');
    // Whatever was published in between came in version order, never an older one after a newer one.
    const versions = client.diagnostics.all
      .slice(from)
      .filter((p) => p.uri === uri)
      .map((p) => p.version ?? 0);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(versions[versions.length - 1], 4);
  });

  it('clears diagnostics when the document closes', async () => {
    client = await TestClient.start();
    const uri = 'file:///seed/close/Jenkinsfile';
    await client.open(uri, SEED, 1);
    assert.ok((await client.diagnosticsFor(uri, 1)).diagnostics.length > 0);
    const from = client.diagnostics.all.length;
    await client.close(uri);
    const cleared = await client.diagnostics.next((p) => p.uri === uri, from);
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('applies rule severities from workspace/configuration and re-validates on didChangeConfiguration', async () => {
    let rules: Record<string, string> = { 'dind-privileged': 'error', 'aws-cli-per-run-install': 'off', 'ecr-get-login-removed': 'hint' };
    client = await TestClient.start({ configuration: (items) => items.map((item) => (item.section === 'jenkinsfileKaniko' ? { rules } : null)) });
    const uri = 'file:///seed/settings/Jenkinsfile';
    await client.open(uri, SEED, 1);
    const published = await client.diagnosticsFor(uri, 1);

    const items = await client.configurationRequests.next(() => true);
    assert.deepEqual(items, [{ scopeUri: uri, section: 'jenkinsfileKaniko' }]);
    assert.equal(byCode(published.diagnostics, 'dind-privileged')[0].severity, DiagnosticSeverity.Error);
    assert.deepEqual(byCode(published.diagnostics, 'aws-cli-per-run-install'), []);
    assert.equal(byCode(published.diagnostics, 'ecr-get-login-removed')[0].severity, DiagnosticSeverity.Hint);

    rules = { 'dind-privileged': 'information' };
    const from = client.diagnostics.all.length;
    await client.changeConfiguration();
    const after = await client.diagnosticsFor(uri, 1, from);
    assert.equal(byCode(after.diagnostics, 'dind-privileged')[0].severity, DiagnosticSeverity.Information);
    assert.equal(byCode(after.diagnostics, 'aws-cli-per-run-install')[0].severity, DiagnosticSeverity.Warning);
    assert.equal(client.configurationRequests.all.length, 2, 'settings are asked again after a change, once');
  });

  it('logs a bad setting once and uses the default in its place', async () => {
    const settings = { rules: { 'dind-privileged': 'loud' }, kanikoKeepAlive: 'forever' };
    client = await TestClient.start({ configuration: (items) => items.map(() => settings) });
    const uri = 'file:///seed/bad-settings/Jenkinsfile';
    await client.open(uri, SEED, 1);
    const first = await client.diagnosticsFor(uri, 1);
    assert.equal(byCode(first.diagnostics, 'dind-privileged')[0].severity, DiagnosticSeverity.Warning);

    const from = client.diagnostics.all.length;
    await client.changeConfiguration();
    await client.diagnosticsFor(uri, 1, from);
    const about = (text: string) => client!.logs.all.filter((log) => log.message.includes(text));
    assert.equal(about("'loud'").length, 1);
    assert.equal(about("'forever'").length, 1);
  });

  it('takes settings from initializationOptions and didChangeConfiguration when the client has no workspace/configuration', async () => {
    client = await TestClient.start({ initializationOptions: { jenkinsfileKaniko: { rules: { 'dind-privileged': 'error' } } } });
    const uri = 'file:///seed/push-settings/Jenkinsfile';
    await client.open(uri, SEED, 1);
    assert.equal(byCode((await client.diagnosticsFor(uri, 1)).diagnostics, 'dind-privileged')[0].severity, DiagnosticSeverity.Error);

    const from = client.diagnostics.all.length;
    await client.changeConfiguration({ jenkinsfileKaniko: { rules: { 'dind-privileged': 'off' } } });
    const after = await client.diagnosticsFor(uri, 1, from);
    assert.deepEqual(byCode(after.diagnostics, 'dind-privileged'), []);
  });

  it('answers textDocument/diagnostic for a client that pulls, and does not push to it', async () => {
    client = await TestClient.start({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } } });
    assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
      identifier: 'jenkinsfile-kaniko',
      interFileDependencies: false,
      workspaceDiagnostics: false,
    });
    const uri = 'file:///seed/pull/Jenkinsfile';
    await client.open(uri, SEED, 1);
    const report = (await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.deepEqual(
      codes(report.items).filter((c) => ['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed'].includes(c)),
      ['aws-cli-per-run-install', 'dind-privileged', 'ecr-get-login-removed'],
    );
    const unknown = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: 'file:///not/open' } });
    assert.deepEqual(unknown, { kind: 'full', items: [] });
    await client.close(uri);
    assert.equal(await client.stop(), 0);
    assert.deepEqual(client.diagnostics.all, [], 'a pulling client gets no pushed diagnostics');
  });
});
