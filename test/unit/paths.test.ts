import assert from 'node:assert/strict';
import * as fs from 'node:fs';
// The module object itself (the namespace import above is a copy with getters), for counting existsSync calls.
import nodeFs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileUri, fileUriPath, folderOf, isInsideFolder, isPlainPath, localPathOf, relativeNamer, resolveIn } from '../../server/src/paths';
import { createNodeHost, readYamlFileInside, RepositoryRoots, resolveInsideRoot } from '../../server/src/service/node-host';

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

  it('folders passed on the way up share the answer: a sibling looks only at its own folder', () => {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, '.git'));
    for (const sub of ['a/x', 'a/y']) fs.mkdirSync(path.join(repo, sub), { recursive: true });
    const looked: string[] = [];
    const realExists = nodeFs.existsSync;
    (nodeFs as { existsSync: unknown }).existsSync = (file: string) => (looked.push(path.relative(dir, file)), realExists(file));
    try {
      const roots = new RepositoryRoots(60_000);
      assert.equal(roots.of(path.join(repo, 'a/x')), repo);
      assert.deepEqual(looked, ['repo/a/x/.git', 'repo/a/.git', 'repo/.git']);
      looked.length = 0;
      assert.equal(roots.of(path.join(repo, 'a/y')), repo);
      assert.deepEqual(looked, ['repo/a/y/.git'], 'its parent answered from the first walk');
      looked.length = 0;
      assert.equal(roots.of(path.join(repo, 'a')), repo);
      assert.equal(roots.of(repo), repo);
      assert.deepEqual(looked, []);
    } finally {
      (nodeFs as { existsSync: unknown }).existsSync = realExists;
    }
  });

  it('a shared answer expires with the look that found it', () => {
    for (const sub of ['repo/a/x', 'repo/a/y']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    let now = 0;
    const roots = new RepositoryRoots(5000, () => now);
    const outer = roots.of(path.join(dir, 'repo/a/x'));
    assert.ok(outer === undefined || !isInsideFolder(dir, outer, true), String(outer));
    fs.mkdirSync(path.join(dir, 'repo/.git'));
    now = 4000;
    assert.equal(roots.of(path.join(dir, 'repo/a/y')), outer, "answered from its parent's answer, still fresh");
    now = 5001;
    assert.equal(roots.of(path.join(dir, 'repo/a/y')), path.join(dir, 'repo'), 'looked up again: older than the TTL since the look at 0');
  });

  it('answers what a look at every folder up to the root answers, in any order of folders (.git folders and files)', () => {
    const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const next = random(17);
    const folders = [''];
    for (let i = 0; i < 60; i++) {
      const folder = path.join(folders[Math.floor(next() * folders.length)], `d${i}`);
      fs.mkdirSync(path.join(dir, folder));
      folders.push(folder);
      if (next() < 0.15) fs.mkdirSync(path.join(dir, folder, '.git'));
      else if (next() < 0.05) fs.writeFileSync(path.join(dir, folder, '.git'), 'gitdir: /elsewhere\n');
    }
    const kept = new RepositoryRoots(60_000);
    const fresh = new RepositoryRoots(-1);
    for (let i = 0; i < 200; i++) {
      const folder = path.join(dir, folders[Math.floor(next() * folders.length)]);
      assert.equal(kept.of(folder), fresh.of(folder), folder);
    }
  });
});

describe("node-host: real paths under a yamlFile root are those of Node's walk in JS", () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jka-real-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** resolveInsideRoot as it was written with fs.realpathSync (the reference). */
  const byJsWalk = (rootPath: string, relativePath: string) => {
    try {
      const realRoot = fs.realpathSync(rootPath);
      const target = fs.realpathSync(path.resolve(realRoot, relativePath));
      if (!isInsideFolder(realRoot, target)) return { refused: `'${relativePath}' leads to ${target}, outside ${realRoot}` };
      if (!fs.statSync(target).isFile()) return { refused: `'${relativePath}' is not a regular file` };
      return { path: target, uri: pathToFileURL(target).href };
    } catch (error) {
      return { refused: `'${relativePath}' cannot be found under ${rootPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
  };

  it('links in and out, relative and absolute, through linked folders, dangling, in a loop, a file used as a folder, missing', () => {
    const repo = path.join(root, 'repo');
    fs.mkdirSync(path.join(repo, 'ci/sub'), { recursive: true });
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(repo, 'ci/pod.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(repo, 'ci/sub/pod.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(root, 'outside/pod.yaml'), 'kind: Pod\n');
    fs.symlinkSync('sub/pod.yaml', path.join(repo, 'ci/in.yaml'));
    fs.symlinkSync(path.join(root, 'outside/pod.yaml'), path.join(repo, 'ci/out.yaml'));
    fs.symlinkSync('../../outside', path.join(repo, 'ci/outdir'));
    fs.symlinkSync('ci', path.join(repo, 'alias'));
    fs.symlinkSync('nowhere.yaml', path.join(repo, 'ci/dangling.yaml'));
    fs.symlinkSync('loop-b.yaml', path.join(repo, 'ci/loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(repo, 'ci/loop-b.yaml'));
    fs.symlinkSync(repo, path.join(root, 'repo-link'));
    const paths = [
      'ci/pod.yaml',
      'ci/in.yaml',
      'ci/out.yaml',
      'ci/outdir/pod.yaml',
      'alias/sub/pod.yaml',
      'alias/../ci/pod.yaml',
      'ci/sub/../pod.yaml',
      'ci/dangling.yaml',
      'ci/loop-a.yaml',
      'ci/pod.yaml/x',
      'ci/missing.yaml',
      'missing/pod.yaml',
      'ci',
      'ci/sub/',
      '../outside/pod.yaml',
      'ci/./pod.yaml',
    ];
    for (const rootPath of [repo, path.join(root, 'repo-link'), path.join(root, 'missing-root')]) {
      for (const relativePath of paths) {
        assert.deepEqual(resolveInsideRoot(rootPath, relativePath), byJsWalk(rootPath, relativePath), `${rootPath} ${relativePath}`);
      }
    }
  });

  it('reads (which skip realpath for a path that is not there) read what resolveInsideRoot finds, and nothing where it refuses', () => {
    const repo = path.join(root, 'repo');
    fs.mkdirSync(path.join(repo, 'ci/sub'), { recursive: true });
    // The repository root the reads use, whatever holds the temporary folder (a checkout, say).
    fs.mkdirSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(repo, 'Jenkinsfile'), 'pipeline {}\n');
    fs.writeFileSync(path.join(repo, 'ci/pod.yaml'), 'kind: Pod\n');
    fs.writeFileSync(path.join(repo, 'ci/sub/pod.yaml'), 'kind: Pod # sub\n');
    fs.writeFileSync(path.join(root, 'outside/pod.yaml'), 'kind: Pod # outside\n');
    fs.symlinkSync('sub/pod.yaml', path.join(repo, 'ci/in.yaml'));
    fs.symlinkSync(path.join(root, 'outside/pod.yaml'), path.join(repo, 'ci/out.yaml'));
    fs.symlinkSync('nowhere.yaml', path.join(repo, 'ci/dangling.yaml'));
    fs.symlinkSync('loop-b.yaml', path.join(repo, 'ci/loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(repo, 'ci/loop-b.yaml'));
    const paths = ['ci/pod.yaml', 'ci/in.yaml', 'ci/out.yaml', 'ci/dangling.yaml', 'ci/loop-a.yaml', 'ci/pod.yaml/x', 'ci/missing.yaml'];
    paths.push('missing/pod.yaml', 'ci', '../outside/pod.yaml', 'ci/./pod.yaml', 'ci//sub/pod.yaml', '', '/etc/passwd');
    const jenkinsfile = path.join(repo, 'Jenkinsfile');
    const host = createNodeHost();
    for (const relativePath of paths) {
      const found = resolveInsideRoot(repo, relativePath);
      const expected = 'path' in found ? fs.readFileSync(found.path, 'utf8') : undefined;
      assert.equal(readYamlFileInside(jenkinsfile, relativePath), expected, relativePath);
      assert.equal(host.readYamlFile!(fileUri(jenkinsfile), relativePath), expected, relativePath);
    }
    // The migration's look at the same paths still gives realpath's reason.
    assert.deepEqual(host.yamlFileTarget(fileUri(jenkinsfile), 'ci/missing.yaml'), { refused: `'ci/missing.yaml' cannot be found under ${repo} (ENOENT)` });
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

  it('folderOf(file) is path.dirname(path.resolve(file)), for plain paths by their text', () => {
    for (const file of paths) assert.equal(folderOf(file), path.dirname(path.resolve(file)), file);
    assert.ok(isPlainPath('/tmp/perf/tree/repo-0001/Jenkinsfile'));
    assert.ok(!isPlainPath('/tmp/perf/../tree') && !isPlainPath('/tmp//tree') && !isPlainPath('/tmp/tree/') && !isPlainPath('tmp/tree'));
    assert.equal(folderOf('/tmp/perf/tree/repo-0001/Jenkinsfile'), '/tmp/perf/tree/repo-0001');
    assert.equal(folderOf('/Jenkinsfile'), '/');
  });

  it('resolveIn(folder, relative) is path.resolve(folder, relative), for plain paths by their text', () => {
    const folders = ['/', '/a', '/a/b/repo-01', '/a/./b', '/a/', 'a', ...paths.slice(0, 60)];
    const relatives = ['.git', 'ci/pod.yaml', '..data/pod.yaml', '...', 'a/../b', './a', 'a//b', 'a/', '', ...paths.slice(60, 400)];
    for (const folder of folders)
      for (const relative of relatives) assert.equal(resolveIn(folder, relative), path.resolve(folder, relative), `${folder} + ${relative}`);
    assert.equal(resolveIn('/tmp/perf/tree/repo-0001', 'ci/build-pod.yaml'), '/tmp/perf/tree/repo-0001/ci/build-pod.yaml');
    assert.equal(resolveIn('/', '.git'), '/.git');
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
