// What VS Code shows for the seed Jenkinsfile: the findings with their codes, ranges, severities and
// rule links; findings that go away with their cause; severities that follow the settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, describeDiagnostics, diagnosticCode, openDocument, ownDiagnostics, setSetting, waitForDiagnostics } from './util';

const FILE = 'diagnostics/Jenkinsfile';

function withCode(diagnostics: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return ownDiagnostics(diagnostics).filter((d) => diagnosticCode(d) === code);
}

function lineOf(document: vscode.TextDocument, text: string): number {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in ${document.uri.path}`);
  return document.positionAt(offset).line;
}

describe('diagnostics', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await openDocument(FILE);
  });
  after(closeAllEditors);

  it('shows the seed findings with their source, code, rule link, severity and range', async () => {
    const expected = ['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed'];
    const diagnostics = await waitForDiagnostics(document.uri, (all) => expected.every((code) => withCode(all, code).length > 0));
    for (const code of expected) {
      for (const diagnostic of withCode(diagnostics, code)) {
        assert.equal(diagnostic.source, 'jenkinsfile-kaniko');
        assert.ok(typeof diagnostic.code === 'object', `${code} has no rule link`);
        assert.match(diagnostic.code.target.toString(), new RegExp(`docs/rules/${code}\\.md$`));
        assert.ok(diagnostic.message.length > 0);
      }
    }
    const [dind] = withCode(diagnostics, 'dind-privileged');
    assert.equal(dind.severity, vscode.DiagnosticSeverity.Warning, describeDiagnostics(diagnostics));
    assert.equal(document.getText(dind.range), 'privileged: true');
    const [getLogin] = withCode(diagnostics, 'ecr-get-login-removed');
    assert.equal(getLogin.range.start.line, lineOf(document, 'aws ecr get-login'));
    const awsCliLines = withCode(diagnostics, 'aws-cli-per-run-install').map((d) => d.range.start.line);
    assert.ok(awsCliLines.includes(lineOf(document, 'pip install awscli')), `aws-cli lines: ${awsCliLines.join(', ')}`);
  });

  it('drops a finding once an edit removes its cause, and brings it back on undo', async () => {
    const line = lineOf(document, 'aws ecr get-login');
    const editor = await vscode.window.showTextDocument(document);
    const edited = await editor.edit((builder) => builder.replace(document.lineAt(line).range, "            sh 'echo logged in'"));
    assert.ok(edited);
    await waitForDiagnostics(document.uri, (all) => withCode(all, 'ecr-get-login-removed').length === 0 && withCode(all, 'dind-privileged').length > 0);
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(document.uri, (all) => withCode(all, 'ecr-get-login-removed').length > 0);
    assert.equal(document.isDirty, false);
  });

  it('follows the jenkinsfileKaniko.rules setting for severities, and "off"', async () => {
    const restore = await setSetting('jenkinsfileKaniko', 'rules', {
      'dind-privileged': 'error',
      'ecr-get-login-removed': 'off',
    });
    try {
      const changed = await waitForDiagnostics(
        document.uri,
        (all) => withCode(all, 'dind-privileged')[0]?.severity === vscode.DiagnosticSeverity.Error && withCode(all, 'ecr-get-login-removed').length === 0,
      );
      assert.ok(withCode(changed, 'aws-cli-per-run-install').length > 0, 'other rules keep reporting');
    } finally {
      await restore();
    }
    await waitForDiagnostics(
      document.uri,
      (all) => withCode(all, 'dind-privileged')[0]?.severity === vscode.DiagnosticSeverity.Warning && withCode(all, 'ecr-get-login-removed').length > 0,
    );
  });
});
