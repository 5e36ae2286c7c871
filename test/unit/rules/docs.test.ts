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
    const pages = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, RULES.map((r) => r.meta.id).sort());
  });
});
