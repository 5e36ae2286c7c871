import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileUri, fileUriPath, isInsideFolder, localPathOf, relativeNamer } from '../../server/src/paths';
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

/** Random POSIX paths over segments that exercise the shortcuts' limits: dots, escapes, doubled slashes, non-ASCII. */
function randomPaths(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const segments = [
    'a',
    'b',
    'repo-01',
    'Jenkinsfile',
    '.',
    '..',
    '...',
    '.git',
    '..data',
    '',
    'x y',
    'p%20q',
    'h#1',
    'q?x',
    'ä',
    'back\\slash',
    'a~b_c-d.e',
    'tab\t',
    '日本',
  ];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    for (let k = next(5); k >= 0; k--) parts.push(segments[next(segments.length)]);
    paths.push((next(8) === 0 ? '' : '/') + parts.join('/') + (next(10) === 0 ? '/' : ''));
  }
  return paths;
}

describe('paths: fileUri, fileUriPath and relativeNamer give what Node gives', () => {
  const paths = randomPaths(5000, 17);

  it('fileUri is pathToFileURL(…).href, and fileUriPath turns it back as fileURLToPath does', () => {
    for (const file of paths) {
      const expected = pathToFileURL(file).href;
      assert.equal(fileUri(file), expected, file);
      assert.equal(fileUriPath(expected), fileURLToPath(expected), expected);
    }
    assert.equal(fileUri('/tmp/perf/tree/repo-0001/Jenkinsfile'), 'file:///tmp/perf/tree/repo-0001/Jenkinsfile');
    assert.throws(
      () => fileUriPath('file://host/a'),
      (error: NodeJS.ErrnoException) => error.code === 'ERR_INVALID_FILE_URL_HOST',
    );
  });

  it("localPathOf: a file URI's path as fileURLToPath gives it; undefined for other schemes and for file URIs Node refuses", () => {
    for (const file of paths.slice(0, 500)) assert.equal(localPathOf(pathToFileURL(file).href), fileURLToPath(pathToFileURL(file).href));
    assert.equal(localPathOf('file:///home/me/My%20Repo/Jenkinsfile'), '/home/me/My Repo/Jenkinsfile');
    assert.equal(localPathOf('untitled:Untitled-1'), undefined);
    assert.equal(localPathOf('vscode-vfs://github/org/repo/Jenkinsfile'), undefined);
    assert.equal(localPathOf('/home/me/Jenkinsfile'), undefined);
    assert.equal(localPathOf('file://host/a'), undefined);
    assert.equal(localPathOf('file:///a%2Fb'), undefined);
  });

  it('relativeNamer(from)(file) is path.relative(from, file) || file, from above, below, beside and at the files', () => {
    const froms = ['/', '/a', '/a/b', '/a/b/repo-01', '/b/x y', '/a/./b', 'a', '.', ...randomPaths(40, 5)];
    for (const from of froms) {
      const named = relativeNamer(from);
      // Twice: the second time from the folders it keeps.
      for (const file of [...paths, ...paths]) assert.equal(named(file), path.relative(from, file) || file, `${from} → ${file}`);
    }
  });
});
