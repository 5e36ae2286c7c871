#!/usr/bin/env node
'use strict';
// The npm package's `jenkinsfile-kaniko`: starts the bundled CLI (../lib/cli.js) with V8's code
// cache, so that every run after the first skips compiling the bundle (about a third of what a
// one-file `check` adds to Node's own start; bench/RESULTS.md). It is done here with vm.Script's
// cachedData, the same on every Node version, in one file per bundle, Node version and command
// under the user's cache folder. Any problem with the cache (none yet, unwritable folder, data
// V8 rejects) means an ordinary compile, never a failure. Only this package's own bundle is
// compiled here; JENKINSFILE_KANIKO_NO_COMPILE_CACHE=1 turns the cache off.
// Staged by scripts/npm-package.mjs from scripts/cli-launcher.cjs.
const fs = require('node:fs');
const path = require('node:path');
// node:module's Module itself; `require('node:module')` would load more of Node first (~0.6 ms).
const Module = module.constructor;

/** The bundle's SHA-256, filled in when the package is staged: V8 checks only the source's length. */
const BUNDLE_HASH = '__BUNDLE_HASH__';
const bundle = path.join(__dirname, '..', 'lib', 'cli.js');

/**
 * One cache per command: the data holds what the run that wrote it compiled, so a first
 * `--version` or `fix` must not leave `check` compiling its own code on every later run.
 */
const COMMANDS = new Set(['check', 'fix', 'configmap', 'credentials']);
/** server/src/cli/io.ts's CHECK_WORKER_FLAG: what a worker thread of `check --jobs` is started with. */
const CHECK_WORKER_FLAG = '--internal-check-worker';

function cacheFile() {
  // $HOME is what os.homedir() answers first on POSIX; node:os is loaded only without it.
  const base = process.env.XDG_CACHE_HOME || path.join((process.platform !== 'win32' && process.env.HOME) || require('node:os').homedir(), '.cache');
  // A worker thread of `check --jobs` runs check's code: it reads check's cache, not --version's.
  const command = process.argv[2] === CHECK_WORKER_FLAG ? 'check' : COMMANDS.has(process.argv[2]) ? process.argv[2] : 'other';
  return path.join(base, 'jenkinsfile-kaniko', `cli-${BUNDLE_HASH.slice(0, 16)}-${process.version}-${process.arch}-${command}.v8cache`);
}

/**
 * lib/cli.js is the bundle inside Node's CommonJS wrapper, written out when the package is staged
 * (scripts/npm-package.mjs), so its text compiles as it is: no shebang to strip and no 470 KB
 * wrapped copy to build at every start.
 */
function load(file) {
  const vm = require('node:vm');
  let cachedData;
  try {
    if (file) cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(fs.readFileSync(bundle, 'utf8'), { filename: bundle, cachedData });
  const module = new Module(bundle, null);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(path.dirname(bundle));
  module.loaded = true;
  // The bundle's __filename is this launcher: what it names is the file that starts the CLI (check
  // --jobs starts its worker threads from it, with this cache too); lib/cli.js alone runs nothing.
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, __filename, __dirname);
  // Only the main thread writes: worker threads (check --jobs) compiled only part of the code, and
  // would race it. Loaded only here, when there is something to write, to keep warm starts lean.
  const threads = file && (cachedData === undefined || script.cachedDataRejected) ? require('node:worker_threads') : undefined;
  if (threads && threads.isMainThread) {
    // After the run, so the data holds the functions the run compiled, not only the top level.
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        // Own name per process and thread, and 'wx': two writers never write into one temporary file.
        const temporary = `${file}.${process.pid}-${threads.threadId}.tmp`;
        fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        fs.renameSync(temporary, file);
      } catch {
        // A read-only home or a full disk: the next run compiles again.
      }
    });
  }
  return module.exports;
}

const off = process.env.JENKINSFILE_KANIKO_NO_COMPILE_CACHE === '1' || BUNDLE_HASH.startsWith('__');
load(off ? undefined : cacheFile()).runCommandLine();
