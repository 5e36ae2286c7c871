import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../../server/src/rules';

const DOCS = path.join(__dirname, '../../../../docs/rules');

describe('rule docs', () => {
  const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');

  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id}.md exists, states the default severity and how to suppress and reconfigure it`, () => {
      const doc = fs.readFileSync(path.join(DOCS, `${id}.md`), 'utf8');
      assert.ok(doc.startsWith(`# ${id}\n`));
      assert.ok(doc.includes(`Default: **${rule.meta.defaultSeverity}**`));
      assert.ok(doc.includes(`// jenkinsfile-kaniko-disable-next-line ${id}`));
      assert.ok(doc.includes(`// jenkinsfile-kaniko-disable ${id}`));
      assert.ok(doc.includes(`"jenkinsfileKaniko.rules": { "${id}": `));
      assert.ok(doc.includes(`--rule ${id}=off`));
      assert.ok(doc.includes('**Range:**'));
      assert.match(doc, /\n(Fires|Hinted)( \([^)]*\))?:\n/);
      assert.match(doc, /\nFixed\b/);
    });

    it(`the index lists ${id} with its default severity`, () => {
      assert.ok(index.includes(`| [${id}](${id}.md) | ${rule.meta.defaultSeverity} |`));
    });
  }

  it('has no page for a rule that does not exist', () => {
    const pages = fs
      .readdirSync(DOCS)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, RULES.map((r) => r.meta.id).sort());
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');

  /** The rows of the first table after a heading, as arrays of cells. */
  function tableAfter(heading: string): string[][] {
    const start = readme.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `no '${heading}' in the README`);
    const lines = readme.slice(start).split('\n');
    const first = lines.findIndex((line) => line.startsWith('|'));
    const rows: string[][] = [];
    for (const line of lines.slice(first + 2)) {
      if (!line.startsWith('|')) break;
      rows.push(
        line
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.trim()),
      );
    }
    return rows;
  }

  it('the rules table lists every registered rule, in registry order, with its page and default severity', () => {
    const rows = tableAfter('## Rules').map(([rule, severity]) => `${rule} ${severity}`);
    assert.deepEqual(
      rows,
      RULES.map((rule) => `[${rule.meta.id}](docs/rules/${rule.meta.id}.md) ${rule.meta.defaultSeverity}`),
    );
  });

  it('the layer table names every folder under server/src', () => {
    const named = tableAfter('## How it is built')
      .map(([folder]) => folder)
      .join(' ');
    const root = path.join(__dirname, '../../../../server/src');
    const folders = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `server/src/${entry.name}`);
    assert.deepEqual(
      folders.filter((folder) => !named.includes(`\`${folder}\``)),
      [],
    );
  });
});
