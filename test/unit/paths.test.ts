import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInsideFolder } from '../../server/src/paths';
import { RepositoryRoots, resolveInsideRoot } from '../../server/src/service/node-host';

describe('paths: isInsideFolder', () => {
  const root = path.resolve('/work/repo');
  it('inside below the folder, not beside or above it; the folder itself only with orSame', () => {
    assert.ok(isInsideFolder(root, path.join(root, 'ci/pod.yaml')));
    assert.ok(!isInsideFolder(root, path.resolve('/work/other/pod.yaml')));
    assert.ok(!isInsideFolder(root, path.resolve('/work')));
    assert.ok(!isInsideFolder(root, path.resolve('/work/repo-2/pod.yaml')));
    assert.ok(!isInsideFolder(root, root));
    assert.ok(isInsideFolder(root, root, true));
  });

  it('a name that only starts with two dots is inside', () => {
    assert.ok(isInsideFolder(root, path.join(root, '..data/pod.yaml')));
    assert.ok(isInsideFolder(root, path.join(root, '..pod.yaml')));
  });

  it('resolveInsideRoot reads a file in a folder whose name starts with two dots (a Kubernetes ConfigMap mount has ..data)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jka-paths-'));
    try {
      fs.mkdirSync(path.join(dir, '..data'));
      fs.writeFileSync(path.join(dir, '..data/pod.yaml'), 'kind: Pod\n');
      const target = resolveInsideRoot(dir, '..data/pod.yaml');
      assert.ok('path' in target, JSON.stringify(target));
      assert.ok('refused' in resolveInsideRoot(dir, '../pod.yaml'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('node-host: RepositoryRoots', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jka-roots-'));
    fs.mkdirSync(path.join(dir, 'repo/jenkins'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the nearest folder with .git, and keeps the answer for its time to live', () => {
    const folder = path.join(dir, 'repo/jenkins');
    const kept = new RepositoryRoots(60_000);
    const fresh = new RepositoryRoots(-1);
    const outer = kept.of(folder);
    assert.ok(outer === undefined || !isInsideFolder(dir, outer, true), String(outer));
    fs.mkdirSync(path.join(dir, 'repo/.git'));
    assert.equal(kept.of(folder), outer, 'a kept answer is given until it expires');
    assert.equal(fresh.of(folder), path.join(dir, 'repo'), 'an expired answer is looked up again');
    kept.clear();
    assert.equal(kept.of(folder), path.join(dir, 'repo'));
  });
});
