// Stages the npm package `jenkinsfile-kaniko` in dist/npm: the CLI and the language server as one
// bundled file each (esbuild, production; the CLI's behind a small launcher), README, LICENSE and a
// package.json made from the repository's (name, version, links, engines) with no dependencies at
// all. The repository's own package.json is the VS Code extension's manifest and stays private.
//
//   node scripts/npm-package.mjs          stage dist/npm
//   node scripts/npm-package.mjs --pack   also `npm pack` it; prints the tarball's path
//   npm publish dist/npm                  (at release; see docs/release.md)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'dist', 'npm');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'bin'), { recursive: true });
// The language server's bin is its bundle. The CLI starts many times a day (pre-commit, CI): its bin
// is a launcher that runs the bundle (lib/cli.js) with V8's code cache, keyed by the bundle's hash
// (see scripts/cli-launcher.cjs).
const bins = ['jenkinsfile-kaniko', 'jenkinsfile-kaniko-language-server'];
mkdirSync(join(stage, 'lib'), { recursive: true });
copyFileSync(join(root, 'dist', 'server.js'), join(stage, 'bin', 'jenkinsfile-kaniko-language-server.js'));
// lib/cli.js: the bundle inside Node's CommonJS wrapper (as Module.wrap writes it), without its
// shebang, which the launcher compiles as it stands (see scripts/cli-launcher.cjs).
const cliBody = readFileSync(join(root, 'dist', 'cli.js'), 'utf8').replace(/^#!.*/, '');
const cliBundle = Buffer.from(`(function (exports, require, module, __filename, __dirname) { ${cliBody}\n});`);
writeFileSync(join(stage, 'lib', 'cli.js'), cliBundle);
const launcher = readFileSync(join(root, 'scripts', 'cli-launcher.cjs'), 'utf8').replace(
  '__BUNDLE_HASH__',
  createHash('sha256').update(cliBundle).digest('hex'),
);
writeFileSync(join(stage, 'bin', 'jenkinsfile-kaniko.js'), launcher);
for (const name of bins) chmodSync(join(stage, 'bin', `${name}.js`), 0o755);
for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) copyFileSync(join(root, file), join(stage, file));

const npmManifest = {
  name: 'jenkinsfile-kaniko',
  version: manifest.version,
  description:
    'Lints Jenkinsfiles for privileged Docker-in-Docker, Docker sockets and per-run AWS CLI installs, migrates the build to Kaniko, and generates its ECR ConfigMap. CLI and language server.',
  keywords: manifest.keywords,
  homepage: manifest.homepage,
  bugs: manifest.bugs,
  repository: manifest.repository,
  license: manifest.license,
  bin: Object.fromEntries(bins.map((name) => [name, `bin/${name}.js`])),
  files: ['bin/', 'lib/', 'CHANGELOG.md'],
  engines: { node: manifest.engines.node },
};
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(npmManifest, null, 2)}\n`);

if (process.argv.includes('--pack')) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', join(root, 'dist')], { cwd: stage, encoding: 'utf8' });
  const [packed] = JSON.parse(out);
  process.stdout.write(`${join(root, 'dist', packed.filename)}\n`);
} else {
  process.stdout.write(`${stage}\n`);
}
