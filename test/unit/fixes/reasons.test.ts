import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASON_CODES, REASONS } from '../../../server/src/fixes';
import { daemonVerbCode } from '../../../server/src/fixes/migration/reasons';
import { REPO_ROOT } from '../robustness/corpus';

describe('migration reason codes', () => {
  it('docs/migration.md explains every code, and no code that does not exist', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'migration.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Reason codes'));
    const table = section.slice(0, section.indexOf('\n## ', 3) > 0 ? section.indexOf('\n## ', 3) : undefined);
    const documented = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...documented].sort(), [...REASON_CODES].sort());
  });

  it('each code says what it means and what to change', () => {
    for (const code of REASON_CODES) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(REASONS[code].means.length > 10 && REASONS[code].change.length > 5, code);
    }
  });

  it('names the docker verbs that need a daemon by what they do', () => {
    assert.equal(daemonVerbCode('run'), 'runs-container');
    assert.equal(daemonVerbCode('container run', 'container'), 'runs-container');
    assert.equal(daemonVerbCode('compose', 'docker-compose'), 'docker-compose');
    assert.equal(daemonVerbCode('compose', 'compose'), 'docker-compose');
    assert.equal(daemonVerbCode('buildx build', 'buildx'), 'buildx');
    assert.equal(daemonVerbCode('manifest create', 'manifest'), 'manifest');
    assert.equal(daemonVerbCode('save'), 'daemon-command');
  });
});
