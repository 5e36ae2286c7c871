import * as vscode from 'vscode';
import { COMMANDS } from '../../../server/src/shared/protocol';

/** The walkthrough's first step: the example Jenkinsfile, opened unsaved so the workspace stays untouched. */
export function registerOpenExample(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openExample, async () => {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'docs', 'walkthrough', 'example.Jenkinsfile'));
      const document = await vscode.workspace.openTextDocument({ language: 'jenkinsfile', content: Buffer.from(bytes).toString('utf8') });
      return vscode.window.showTextDocument(document);
    }),
  );
}
