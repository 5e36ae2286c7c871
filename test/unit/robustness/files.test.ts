/**
 * #14 items 1–5: `jenkinsfile-kaniko fix` never loses a byte. Real files, real permissions, a real
 * FIFO and a real file-size limit; the CLI runs in a child process wherever a failure could hang
 * or kill the test run, or needs another user.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
// The module object itself (the namespace import above is a copy with getters), for swapping fstatSync.
import nodeFs = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { readText, readTextFile } from '../../../server/src/cli/fileio';
import { writeTextFileAtomic } from '../../../server/src/cli/writeFile';
import { decodeBytes, encodeText, isLosslessUtf8Decoding } from '../../../server/src/bytes';
import { fixText } from '../../../server/src/fixes';
import { fixSettings, migrationFixtures, modelBuilder } from '../fixes/helpers';
import { REPO_ROOT } from './corpus';
import { Random } from './random';

const CLI = path.join(REPO_ROOT, 'bin', 'jenkinsfile-kaniko.js');
const seed = migrationFixtures().find((f) => f.name === 'seed')!;
const IMAGE = ['--kaniko-image', seed.settings.kanikoImage];
/** Only a hang trips this; the commands themselves take well under a second. */
const HANG_GUARD_MS = 60_000;
const NOBODY = 65534;

async function runInProcess(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const chunks: Buffer[] = [];
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stdoutBytes: (b) => chunks.push(Buffer.from(b)),
    stderr: (s) => (stderr += s),
    cwd,
    version: '0.0.0',
  });
  return { code, stdout, stderr, stdoutBytes: Buffer.concat(chunks) };
}

function runChild(cwd: string, argv: string[], options: { shellPrefix?: string; asUser?: number } = {}): SpawnSyncReturns<string> {
  const node = process.execPath;
  let command = node;
  let args = [CLI, ...argv];
  if (options.shellPrefix !== undefined) {
    command = 'bash';
    args = ['-c', `${options.shellPrefix}; exec "$0" "$@"`, node, CLI, ...argv];
  }
  if (options.asUser !== undefined) {
    args = [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', command, ...args];
    command = 'setpriv';
  }
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: HANG_GUARD_MS });
  assert.equal(result.error, undefined, `${command} ${args.join(' ')}: ${String(result.error)}`);
  return result;
}

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

describe('robustness: files the CLI reads and writes (#14 items 1–5)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-files-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('#14.1 bytes that are not UTF-8', () => {
    // Latin-1 é, a lone continuation byte, an overlong '/', an encoded surrogate, a cut 4-byte sequence.
    const FOREIGN = Buffer.from([0x2f, 0x2f, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf0, 0x9f, 0x98, 0x0a]);

    it('fix keeps every byte outside the edits, in the file and on --stdout', async () => {
      const before = Buffer.concat([FOREIGN, Buffer.from(seed.before), FOREIGN]);
      const expected = Buffer.concat([
        FOREIGN,
        Buffer.from(fixText('\n' + seed.before + '\n', fixSettings(seed.settings), modelBuilder()).text.slice(1, -1)),
        FOREIGN,
      ]);
      fs.writeFileSync(path.join(dir, 'Jenkinsfile'), before);
      const printed = await runInProcess(dir, 'fix', '--stdout', ...IMAGE, 'Jenkinsfile');
      assert.equal(printed.code, 0, printed.stderr);
      assert.ok(printed.stdoutBytes.equals(expected), 'stdout carries the same bytes as the file would');
      const written = await runInProcess(dir, 'fix', ...IMAGE, 'Jenkinsfile');
      assert.equal(written.code, 0, written.stderr);
      assert.match(written.stderr, /migrated stage 'Build'/);
      const after = fs.readFileSync(path.join(dir, 'Jenkinsfile'));
      assert.ok(after.equals(expected), 'the foreign bytes are still there, none became U+FFFD');
      assert.equal(after.indexOf(Buffer.from([0xef, 0xbf, 0xbd])), -1);
    });

    it('check reads such a file too, and its findings keep their lines', async () => {
      fs.writeFileSync(path.join(dir, 'Jenkinsfile'), Buffer.concat([FOREIGN, Buffer.from(seed.before)]));
      const { code, stdout } = await runInProcess(dir, 'check', '--format', 'json', 'Jenkinsfile');
      assert.equal(code, 1);
      const [report] = JSON.parse(stdout) as Array<{ diagnostics: Array<{ range: { start: { line: number } } }> }>;
      // The seed's findings, one line further down (the foreign line is the first, 0).
      assert.ok(report.diagnostics.length > 0 && report.diagnostics.every((d) => d.range.start.line >= 1));
    });

    it('any bytes decode and encode back to themselves', () => {
      const random = new Random(14);
      const special = [0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f, 0x0a, 0x0d, 0x27];
      for (let n = 0; n < 3000; n++) {
        const length = random.int(40);
        const bytes = Buffer.from(Array.from({ length }, () => (random.int(3) === 0 ? random.int(256) : special[random.int(special.length)])));
        const { text, utf8 } = decodeBytes(bytes);
        assert.ok(encodeText(text).equals(bytes), `bytes ${bytes.toString('hex')}`);
        assert.equal(utf8, Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes), `utf8 flag for ${bytes.toString('hex')}`);
      }
      assert.throws(() => encodeText('a\ud800b'), /lone surrogate/);
    });

    it("Node's replacing UTF-8 read of any bytes is decodeBytes' text, unless it holds U+FFFD (readText's fast path)", () => {
      const random = new Random(1414);
      // Lead bytes, continuations, overlong and surrogate starts, BOM and U+FFFD's own bytes.
      const special = [0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xbb, 0xbd, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f, 0x0a, 0x0d];
      const file = path.join(dir, 'bytes');
      let lossless = 0;
      let replaced = 0;
      const characters = ['a', '\n', '\r', 'é', 'ÿ', '日', '\ufffd', '\ufeff', '🐳', '\u0000'];
      for (let n = 0; n < 600; n++) {
        const length = random.int(24);
        let bytes =
          n % 2 === 0
            ? Buffer.from(Array.from({ length }, () => (random.int(3) === 0 ? random.int(256) : special[random.int(special.length)])))
            : Buffer.from(Array.from({ length }, () => random.pick(characters)).join(''));
        // Valid text with one byte changed, often at a sequence's edge.
        if (n % 4 === 3 && bytes.length > 0) bytes[random.int(bytes.length)] = random.pick(special);
        if (random.int(4) === 0) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        fs.writeFileSync(file, bytes);
        const fd = fs.openSync(file, 'r');
        let text: string;
        try {
          text = fs.readFileSync(fd, 'utf8');
        } finally {
          fs.closeSync(fd);
        }
        const decoded = decodeBytes(bytes);
        if (isLosslessUtf8Decoding(text)) {
          lossless++;
          assert.deepEqual({ text, utf8: true }, decoded, `bytes ${bytes.toString('hex')}`);
        } else {
          replaced++;
          assert.ok(!decoded.utf8 || decoded.text.includes('\uFFFD'), `only bytes that are not UTF-8, or U+FFFD itself: ${bytes.toString('hex')}`);
        }
      }
      assert.ok(lossless > 50 && replaced > 50, `both paths taken (${lossless}, ${replaced})`);
      assert.equal(isLosslessUtf8Decoding('\ufeffpipeline {}'), true);
      assert.equal(isLosslessUtf8Decoding('caf\ufffd'), false);
    });
  });

  describe('#14.2 atomic writes', () => {
    it('a file-size limit (ulimit -f) leaves the original whole and no temporary file', () => {
      // Bigger than the 1 KB limit once migrated; reading is not limited.
      const before = seed.before + `// ${'padding '.repeat(200)}\n`;
      fs.writeFileSync(path.join(dir, 'Jenkinsfile'), before);
      const result = runChild(dir, ['fix', ...IMAGE, 'Jenkinsfile'], { shellPrefix: 'ulimit -f 1' });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^Jenkinsfile: error: not written: file too large for the file-size limit \(EFBIG\); the file is unchanged$/m);
      assert.doesNotMatch(result.stderr, /migrated stage/);
      assert.equal(fs.readFileSync(path.join(dir, 'Jenkinsfile'), 'utf8'), before);
      assert.deepEqual(leftovers(dir), []);
    });

    it('keeps the file mode, and a failed write removes its temporary file', () => {
      const file = path.join(dir, 'Jenkinsfile');
      fs.writeFileSync(file, seed.before);
      fs.chmodSync(file, 0o640);
      const original = readTextFile(file);
      writeTextFileAtomic(file, seed.after, original);
      assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
      assert.equal(fs.readFileSync(file, 'utf8'), seed.after);
      // A text with no bytes (a lone surrogate) fails before anything is created.
      assert.throws(() => writeTextFileAtomic(file, 'x\ud800', original), /lone surrogate/);
      // The folder vanishes under it: the write fails, nothing is left behind.
      const gone = path.join(dir, 'gone');
      fs.mkdirSync(gone);
      fs.writeFileSync(path.join(gone, 'Jenkinsfile'), seed.before);
      const stale = readTextFile(path.join(gone, 'Jenkinsfile'));
      fs.rmSync(gone, { recursive: true });
      assert.throws(() => writeTextFileAtomic(path.join(gone, 'Jenkinsfile'), seed.after, stale), /ENOENT/);
      assert.deepEqual(leftovers(dir), []);
    });

    it('writes through a symbolic link only when its target is inside the folder given', async () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-outside-'));
      try {
        fs.mkdirSync(path.join(dir, 'ci'));
        fs.writeFileSync(path.join(dir, 'ci', 'build.groovy'), seed.before);
        fs.symlinkSync(path.join('ci', 'build.groovy'), path.join(dir, 'Jenkinsfile'));
        fs.writeFileSync(path.join(outside, 'shared.groovy'), seed.before);
        fs.mkdirSync(path.join(dir, 'app'));
        fs.symlinkSync(path.join(outside, 'shared.groovy'), path.join(dir, 'app', 'Jenkinsfile'));

        const result = await runInProcess(dir, 'fix', ...IMAGE, 'Jenkinsfile', 'app/Jenkinsfile');
        assert.equal(result.code, 2, result.stderr);
        assert.equal(fs.readFileSync(path.join(dir, 'ci', 'build.groovy'), 'utf8'), seed.after, 'the target inside the folder is fixed');
        assert.ok(fs.lstatSync(path.join(dir, 'Jenkinsfile')).isSymbolicLink(), 'the link stays a link');
        assert.match(
          result.stderr,
          /^app\/Jenkinsfile: skipped: a symbolic link to .*shared\.groovy, outside .*app; links are written through only into the folder given$/m,
        );
        assert.equal(fs.readFileSync(path.join(outside, 'shared.groovy'), 'utf8'), seed.before, 'the target outside is untouched');

        // Found by searching a directory: the same rule, with that directory as the tree.
        fs.writeFileSync(path.join(dir, 'ci', 'build.groovy'), seed.before);
        const searched = await runInProcess(dir, 'fix', ...IMAGE, '.');
        assert.equal(searched.code, 2);
        assert.equal(fs.readFileSync(path.join(dir, 'ci', 'build.groovy'), 'utf8'), seed.after);
        assert.equal(fs.readFileSync(path.join(outside, 'shared.groovy'), 'utf8'), seed.before);
      } finally {
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });

  describe('#14.3 one file that cannot be written does not stop the run', () => {
    it('a read-only first file is reported, the next one is fixed, exit 2, "migrated" only for the written one', function () {
      const asRoot = process.getuid?.() === 0;
      let user: number | undefined;
      if (asRoot) {
        // Root may write anything: the test runs the CLI as nobody.
        const setpriv = spawnSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'true']);
        if (setpriv.status !== 0) {
          console.log(`      skipped: running as root and 'setpriv' cannot switch to uid ${NOBODY} (${String(setpriv.error ?? setpriv.stderr)})`);
          this.skip();
        }
        user = NOBODY;
      }
      const first = path.join(dir, 'a.Jenkinsfile');
      const second = path.join(dir, 'b.Jenkinsfile');
      fs.writeFileSync(first, seed.before);
      fs.writeFileSync(second, seed.before);
      fs.chmodSync(first, 0o444);
      if (user !== undefined) {
        for (const file of [dir, first, second]) fs.chownSync(file, user, user);
      }
      const result = runChild(dir, ['fix', ...IMAGE, '.'], { asUser: user });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^a\.Jenkinsfile: error: not written: permission denied \(EACCES\); the file is unchanged$/m);
      assert.doesNotMatch(result.stderr, /^a\.Jenkinsfile:\d+: migrated/m);
      assert.match(result.stderr, /^b\.Jenkinsfile:\d+: migrated stage 'Build'/m);
      assert.ok(result.stderr.indexOf('a.Jenkinsfile: error') < result.stderr.indexOf('b.Jenkinsfile:'), 'a is reported first, b still processed');
      assert.equal(fs.readFileSync(first, 'utf8'), seed.before);
      assert.equal(fs.statSync(first).mode & 0o777, 0o444);
      assert.equal(fs.readFileSync(second, 'utf8'), seed.after);
      assert.deepEqual(leftovers(dir), []);
    });
  });

  describe('#14.4 only regular files, up to a size cap', () => {
    it('a FIFO named to check or fix is an error naming it, not a hang', () => {
      execFileSync('mkfifo', [path.join(dir, 'Jenkinsfile')]);
      for (const command of ['check', 'fix']) {
        const result = runChild(dir, [command, 'Jenkinsfile']);
        assert.equal(result.status, 2, `${command}: ${result.stderr}`);
        assert.match(result.stderr, /cannot read 'Jenkinsfile': a FIFO, not a regular file/);
      }
      for (const command of ['configmap', 'credentials']) {
        const result = runChild(dir, [command, '--from', 'Jenkinsfile']);
        assert.notEqual(result.status, 0, `${command} --from: ${result.stderr}`);
        assert.match(result.stderr, /a FIFO, not a regular file/, `${command} --from`);
      }
      // Found by searching a directory, too.
      const searched = runChild(dir, ['check', '.']);
      assert.equal(searched.status, 2);
      assert.match(searched.stderr, /cannot read 'Jenkinsfile': a FIFO, not a regular file/);
    });

    it('/dev/zero is refused at once', () => {
      for (const command of ['check', 'fix']) {
        const result = runChild(dir, [command, '/dev/zero']);
        assert.equal(result.status, 2);
        assert.match(result.stderr, /cannot read '.*zero': a character device, not a regular file/);
      }
    });

    it('a file over --max-file-size is refused, the others are still read', async () => {
      fs.writeFileSync(path.join(dir, 'big.Jenkinsfile'), seed.before + `// ${'x'.repeat(4096)}\n`);
      fs.writeFileSync(path.join(dir, 'Jenkinsfile'), seed.before);
      const result = await runInProcess(dir, 'check', '--max-file-size', '4k', '--format', 'json', '.');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /cannot read 'big\.Jenkinsfile': \d+ bytes, more than the limit of 4096 \(--max-file-size\)/);
      assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
      const fixed = await runInProcess(dir, 'fix', '--max-file-size=4096', ...IMAGE, 'big.Jenkinsfile', 'Jenkinsfile');
      assert.equal(fixed.code, 2);
      assert.equal(fs.readFileSync(path.join(dir, 'Jenkinsfile'), 'utf8'), seed.after);
      const bad = await runInProcess(dir, 'check', '--max-file-size', 'lots', 'Jenkinsfile');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--max-file-size takes a size in bytes/);
    });
    it("check's readText gives readTextFile's text, or the same error, for any size around its 64 KB buffer and any bytes", () => {
      const random = new Random(64);
      const outcome = (read: () => string) => {
        try {
          return { text: read() };
        } catch (error) {
          return { error: String(error), code: (error as { code?: string }).code };
        }
      };
      // Around the scratch buffer and the largest file read in one call into Node (1 MiB).
      const sizes = [0, 1, 100, 4095, 65535, 65536, 65537, 70000, 200000, 1048576, 1048577];
      for (const size of sizes) {
        for (const kind of ['utf8', 'foreign', 'replacement-char', 'multibyte', 'bom-crlf']) {
          let bytes = Buffer.from(Array.from({ length: size }, () => 0x20 + random.int(90)));
          if (kind === 'foreign' && size > 0) bytes[random.int(size)] = 0xe9;
          // U+FFFD as the file's own valid UTF-8 (the fast path's fallback), and 3-byte characters (its byte count).
          if (kind === 'replacement-char' && size >= 3) bytes.set([0xef, 0xbf, 0xbd], random.int(size - 2));
          if (kind === 'multibyte') bytes = Buffer.from(bytes.toString('latin1').replace(/[A-M]/g, '日'));
          if (kind === 'bom-crlf') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(bytes.toString('latin1').replace(/A/g, '\r\n'))]);
          const file = path.join(dir, 'Jenkinsfile');
          fs.writeFileSync(file, bytes);
          for (const cap of [10 * 1024 * 1024, 65536, 100]) {
            assert.deepEqual(
              outcome(() => readText(file, cap)),
              outcome(() => readTextFile(file, cap).text),
              `${size} bytes, ${kind}, cap ${cap}`,
            );
          }
        }
      }
      execFileSync('mkfifo', [path.join(dir, 'fifo')]);
      // A regular file of size 0 that holds bytes (procfs; one whose text does not change between the two reads).
      for (const file of [path.join(dir, 'fifo'), dir, path.join(dir, 'missing'), '/dev/zero', '/proc/version']) {
        assert.deepEqual(
          outcome(() => readText(file)),
          outcome(() => readTextFile(file).text),
          file,
        );
      }
    });
  });

  describe("#14.4 check's readText when the file grows while it is read", () => {
    // fstat answering an older, smaller size stands for bytes appended between the fstat and the reads.
    let realFstat: typeof fs.fstatSync;
    let shrinkBy = 0;
    beforeEach(() => {
      realFstat = nodeFs.fstatSync;
      (nodeFs as { fstatSync: unknown }).fstatSync = (fd: number) => {
        const stat = realFstat(fd);
        stat.size = Math.max(1, stat.size - shrinkBy);
        return stat;
      };
    });
    afterEach(() => {
      (nodeFs as { fstatSync: unknown }).fstatSync = realFstat;
    });

    it('reads on to the end, and refuses the file once it is past the cap, on the fast path and its fallback alike', () => {
      const file = path.join(dir, 'Jenkinsfile');
      for (const [kind, bytes] of [
        ['utf8', Buffer.from('pipeline { agent any } // 日本語 '.repeat(40))],
        ['foreign', Buffer.concat([Buffer.from('// caf'), Buffer.of(0xe9), Buffer.from(' pipeline {}\n'.repeat(80))])],
      ] as const) {
        fs.writeFileSync(file, bytes);
        shrinkBy = 500;
        assert.equal(readText(file, bytes.length), decodeBytes(bytes).text, `${kind}: grown within the cap`);
        assert.throws(
          () => readText(file, bytes.length - 1),
          (error: Error & { code?: string }) => error.code === 'ETOOBIG' && /more than the limit of \d+ bytes \(--max-file-size\)/.test(error.message),
          `${kind}: grown past the cap`,
        );
        shrinkBy = 0;
      }
    });
  });

  describe('#14.5 mixed line endings', () => {
    const settings = fixSettings(seed.settings);
    it('a mostly-LF file with one CRLF line gets LF in every inserted line', () => {
      const lines = seed.before.split('\n');
      lines[0] += '\r';
      const before = lines.join('\n');
      const after = fixText(before, settings, modelBuilder()).text;
      assert.notEqual(after, before);
      assert.equal(after.split('\r\n').length - 1, 1, 'only the one CRLF line of the input');
      assert.equal(after.replace('\r\n', '\n'), seed.after);
    });

    it('a CRLF file with one LF line gets CRLF in every inserted line', () => {
      const lines = seed.before.split('\n');
      const before = lines.map((line, i) => (i === 0 || i === lines.length - 1 ? line : line + '\r')).join('\n');
      const after = fixText(before, settings, modelBuilder()).text;
      assert.equal(after.replace(/\r\n/g, '\n'), seed.after);
      assert.equal((after.match(/(?<!\r)\n/g) ?? []).length, 1, 'only the one LF line of the input');
    });
  });
});
