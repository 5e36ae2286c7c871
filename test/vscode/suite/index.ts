// Entry point VS Code loads as `extensionTestsPath`: runs every *.test.js beside this file with
// mocha inside the extension host, where the `vscode` module exists.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // Output goes through the workbench log, which shows escape codes literally.
    color: false,
    timeout: 60_000,
    // JKA_VSCODE_GREP: only the tests whose full title matches (while writing one; CI runs them all).
    ...(process.env.JKA_VSCODE_GREP ? { grep: process.env.JKA_VSCODE_GREP } : {}),
  });
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) {
    mocha.addFile(path.join(__dirname, name));
  }
  if (testFiles.length === 0) {
    throw new Error(`no *.test.js files in ${__dirname}`);
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} extension-host test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
