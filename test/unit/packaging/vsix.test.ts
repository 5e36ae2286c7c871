import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './repo';
import { ZipEntry, zipEntries, zipEntryContent } from './zip';

const root = repoRoot();
const VSIX = join(root, 'dist', 'jenkinsfile-kaniko-assistant.vsix');
/** Well above today's size; a jump past it means something unbundled slipped in. */
const SIZE_BUDGET_BYTES = 1024 * 1024; // the .vsix target of issue 8: under 1 MiB

/** Modules a bundle may still require: Node's own, and (client only) the extension host's `vscode`. */
function externalRequires(bundle: string): string[] {
  const required = new Set<string>();
  for (const match of bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    required.add(match[1]);
  }
  const builtin = new Set(builtinModules);
  return [...required].filter((name) => !builtin.has(name.replace(/^node:/, ''))).sort();
}

// Slow: bundles with esbuild and zips with vsce (a few seconds here, more on a cold CI disk).
describe('npm run package', function () {
  this.timeout(180_000);

  let zip: Buffer;
  let entries: ZipEntry[];
  let names: string[];
  const content = (name: string): string => {
    const entry = entries.find((e) => e.name === name);
    assert.ok(entry, `${name} is not in the .vsix`);
    return zipEntryContent(zip, entry).toString('utf8');
  };

  before(function () {
    const run = spawnSync('npm run package', { cwd: root, shell: true, encoding: 'utf8' });
    assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}\n${run.stderr}`);
    zip = readFileSync(VSIX);
    entries = zipEntries(zip);
    names = entries.map((e) => e.name);
  });

  it('ships the client bundle named by package.json main', () => {
    const shipped = JSON.parse(content('extension/package.json'));
    assert.equal(shipped.main, './dist/client.js');
    assert.ok(names.includes('extension/dist/client.js'));
  });

  it('ships the language server bundle', () => {
    assert.ok(names.includes('extension/dist/server.js'), 'dist/server.js missing: it is bundled from server/src/server.ts once that file exists');
  });

  it('ships self-contained bundles: the client needs only vscode, the server nothing', () => {
    assert.deepEqual(externalRequires(content('extension/dist/client.js')), ['vscode']);
    assert.deepEqual(externalRequires(content('extension/dist/server.js')), []);
  });

  it('ships the grammar, language configuration and icon', () => {
    assert.ok(
      names.some((n) => /^extension\/syntaxes\/[^/]+\.json$/.test(n)),
      'no grammar under syntaxes/',
    );
    assert.ok(names.includes('extension/language-configuration.json'));
    assert.ok(names.includes('extension/images/icon.png'));
  });

  it('ships README, LICENSE and CHANGELOG', () => {
    // vsce renames them: readme.md, changelog.md, LICENSE.txt.
    assert.ok(
      names.some((n) => /^extension\/readme\.md$/i.test(n)),
      'no README',
    );
    assert.ok(
      names.some((n) => /^extension\/license(\.txt)?$/i.test(n)),
      'no LICENSE',
    );
    assert.ok(
      names.some((n) => /^extension\/changelog\.md$/i.test(n)),
      'no CHANGELOG',
    );
  });

  it('ships no node_modules, sources, tests, source maps or build leftovers', () => {
    const unwanted = names.filter(
      (n) =>
        /(^|\/)node_modules\//.test(n) ||
        /\.(ts|mts|cts|map|vsix)$/.test(n) ||
        /^extension\/(client|server|test|out|bench|examples|scripts|\.ci|\.cache|docs\/dev|docs\/images)\//.test(n) ||
        /^extension\/(tsconfig\.json|esbuild\.mjs|\.mocharc\.json|package-lock\.json)$/.test(n),
    );
    assert.deepEqual(unwanted, []);
  });

  it(`stays under ${SIZE_BUDGET_BYTES / 1024 / 1024} MiB`, () => {
    assert.ok(zip.length < SIZE_BUDGET_BYTES, `${zip.length} bytes`);
  });
});
