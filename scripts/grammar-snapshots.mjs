// The snapshot half of `npm run test:grammar`: vscode-tmgrammar-snap over test/grammar/snap/*.Jenkinsfile
// and over the seed Jenkinsfile, which lives once, in test/fixtures/seed. The tool reads each case's
// .snap from beside the case, so every case is staged in a temporary folder next to its committed
// snapshot from test/grammar/snap/. A missing snapshot fails here (the tool would quietly write one).
//
//   node scripts/grammar-snapshots.mjs [-u]     -u: regenerate the snapshots into test/grammar/snap/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const snapDir = join(root, 'test', 'grammar', 'snap');
/** Cases kept elsewhere, by the name their snapshot has in test/grammar/snap/. */
const casesElsewhere = { 'before.Jenkinsfile': join(root, 'test', 'fixtures', 'seed', 'before.Jenkinsfile') };

const args = process.argv.slice(2);
const update = args.includes('-u') || args.includes('--updateSnapshot');
if (args.some((arg) => arg !== '-u' && arg !== '--updateSnapshot')) {
  console.error('usage: node scripts/grammar-snapshots.mjs [-u]');
  process.exit(2);
}

const cases = new Map(Object.entries(casesElsewhere));
for (const name of readdirSync(snapDir).filter((file) => file.endsWith('.Jenkinsfile'))) {
  if (cases.has(name)) {
    console.error(`test/grammar/snap/${name} duplicates ${relative(root, cases.get(name))}: remove one of them`);
    process.exit(1);
  }
  cases.set(name, join(snapDir, name));
}

const staging = mkdtempSync(join(tmpdir(), 'jka-grammar-snap-'));
let status = 1;
try {
  for (const [name, source] of cases) {
    copyFileSync(source, join(staging, name));
    const snapshot = join(snapDir, `${name}.snap`);
    if (existsSync(snapshot)) {
      copyFileSync(snapshot, join(staging, `${name}.snap`));
    } else if (!update) {
      throw new Error(`test/grammar/snap/${name}.snap is missing: generate it with -u, review it and commit it`);
    }
    console.log(`${relative(root, source)} → ${join(staging, name)}`);
  }
  const tool = createRequire(import.meta.url).resolve('vscode-tmgrammar-test/dist/snapshot.js');
  const run = spawnSync(
    process.execPath,
    [tool, '-g', 'syntaxes/jenkinsfile.tmLanguage.json', '-s', 'source.jenkinsfile', ...(update ? ['-u'] : []), join(staging, '*.Jenkinsfile')],
    { cwd: root, stdio: 'inherit' },
  );
  status = run.status ?? 1;
  if (status === 0 && update) {
    for (const name of cases.keys()) {
      copyFileSync(join(staging, `${name}.snap`), join(snapDir, `${name}.snap`));
      console.log(`updated test/grammar/snap/${name}.snap`);
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
process.exit(status);
