/**
 * Property: re-bracing a pipeline in Allman style (every `{` of a call's closure or a statement's
 * block on a line of its own) changes no finding and no outline name. The re-bracer itself is
 * judged by the real Groovy 2.4: its output must read as the original does.
 * The rule tests run their inputs in Allman style too (test/unit/rules/helpers.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { buildModel } from '../../../server/src/model';
import { parse } from '../../../server/src/parser';
import { getDocumentSymbols } from '../../../server/src/service/symbols';
import { createAnalysis } from '../../../server/src/service/analysis';
import { lint } from '../rules/helpers';
import { toAllman } from './allman';
import { groovyOutlines } from './groovyOutline';
import { outlineProgram } from './outline';

const ROOT = path.join(__dirname, '../../../..');

/** Every pipeline the tests keep as files. */
function fixtures(): Array<{ name: string; text: string }> {
  const files: string[] = [];
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/Jenkinsfile|\.groovy$/.test(entry.name)) files.push(full);
    }
  };
  visit(path.join(ROOT, 'test/fixtures'));
  visit(path.join(ROOT, 'test/corpus'));
  files.push(path.join(ROOT, 'examples/Jenkinsfile'));
  return files.map((file) => ({ name: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }));
}

function outlineNames(text: string): string[] {
  const analysis = createAnalysis(TextDocument.create('file:///Jenkinsfile', 'jenkinsfile', 0, text), buildModel(text));
  const names: string[] = [];
  const visit = (symbols: DocumentSymbol[] | undefined, depth: number) => {
    for (const symbol of symbols ?? []) {
      names.push(`${'  '.repeat(depth)}${symbol.name}${symbol.detail ? ` (${symbol.detail})` : ''}`);
      visit(symbol.children, depth + 1);
    }
  };
  visit(getDocumentSymbols(analysis), 0);
  return names;
}

/** Findings as rule and underlined text: offsets move when braces do, the characters do not. */
function findings(text: string): string[] {
  return lint(text).map((d) => `${d.ruleId}: ${text.slice(d.start, d.end)}`);
}

describe('Allman style: re-bracing a pipeline changes no finding and no outline name', function () {
  this.timeout(120_000);
  const all = fixtures();
  let groovy: Record<string, string>;

  before(() => {
    const sources: Record<string, string> = {};
    for (const f of all) {
      sources[f.name] = f.text;
      sources[f.name + ' (Allman)'] = toAllman(f.text);
    }
    groovy = groovyOutlines(sources);
  });

  it('has fixtures to re-brace, and moves braces in them', () => {
    assert.ok(all.length >= 20, `only ${all.length} fixtures`);
    const moved = all.filter((f) => toAllman(f.text) !== f.text);
    assert.ok(moved.length >= all.length * 0.9, `only ${moved.length} of ${all.length} fixtures changed`);
  });

  it('moves only braces: the text without line breaks and spaces is unchanged', () => {
    for (const f of all) assert.equal(toAllman(f.text).replace(/\s+/g, ''), f.text.replace(/\s+/g, ''), f.name);
  });

  for (const f of all) {
    it(f.name, () => {
      const allman = toAllman(f.text);
      // The re-bracer is right: Groovy reads the Allman text as it reads the original.
      if (!groovy[f.name].startsWith('ERROR')) assert.equal(groovy[f.name + ' (Allman)'], groovy[f.name], 'Groovy reads the re-braced text differently');
      // Our parser reads both alike.
      assert.equal(outlineProgram(parse(allman).program), outlineProgram(parse(f.text).program), 'our parser reads the re-braced text differently');
      assert.deepEqual(findings(allman), findings(f.text));
      assert.deepEqual(outlineNames(allman), outlineNames(f.text));
    });
  }
});
