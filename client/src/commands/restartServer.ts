import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { COMMANDS } from '../../../server/src/shared/protocol';

export function registerRestartServer(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      try {
        if (client.state === State.Running) {
          await client.restart();
        } else {
          // Not started yet, stopped, or a failed start: start() covers all of these and
          // returns the pending promise while a start is already under way.
          await client.start();
        }
      } catch (error) {
        client.error('Restarting the Jenkinsfile Kaniko language server failed', error, 'force');
      }
    }),
  );
}
