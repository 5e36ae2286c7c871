/**
 * The ReDoS check of `npm run lint` (eslint-plugin-regexp, see eslint.config.mjs) fails on a
 * planted super-linear pattern in server/src or client/src, and on a pattern built at run time
 * without a justification; a linear pattern passes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './corpus';

/** Lints `code` as if it were that file of the repository (the file is not written, so nothing can leak into a build). */
async function lintPlanted(relativeFile: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relativeFile) });
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('robustness: the lint step refuses super-linear regular expressions (#14 ReDoS class)', function () {
  this.timeout(60_000);

  it('fails on a planted backtracking pattern in server/src (the old suppression regex)', async () => {
    const messages = await lintPlanted('server/src/__planted_redos.ts', 'export const DIRECTIVE = /^\\s*disable(?:\\s+([\\w\\s,-]*))?$/;\n');
    assert.ok(
      messages.some((m) => m.startsWith('regexp/no-super-linear-backtracking')),
      messages.join('\n'),
    );
  });

  it('fails on a planted quadratic-move pattern in client/src', async () => {
    const messages = await lintPlanted('client/src/__planted_redos.ts', "export const strip = (word: string) => word.replace(/[<>=~!].*$/, '');\n");
    assert.ok(
      messages.some((m) => m.startsWith('regexp/no-super-linear-move')),
      messages.join('\n'),
    );
  });

  it('fails on a RegExp built at run time without an inline justification', async () => {
    const messages = await lintPlanted(
      'server/src/__planted_redos.ts',
      "export const byName = (name: string) => new RegExp(`^\\\\s*name:\\\\s*${name}$`, 'm');\n",
    );
    assert.ok(
      messages.some((m) => m.startsWith('no-restricted-syntax')),
      messages.join('\n'),
    );
  });

  it('passes a linear pattern', async () => {
    assert.deepEqual(await lintPlanted('server/src/__planted_redos.ts', 'export const DIRECTIVE = /^\\s*disable(?:\\s([\\w\\s,-]*))?$/;\n'), []);
  });
});
