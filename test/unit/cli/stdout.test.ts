import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

describe('cli/stdout: standard output and error through one pipe (2>&1)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jk-stdout-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A child script that writes `body` through the CLI's own writers (defaultIo, as the bin uses them), as `io`. */
  const childWriting = (body: string): string => {
    const child = path.join(dir, 'child.js');
    const main = JSON.stringify(path.join(__dirname, '../../../server/src/cli/main.js'));
    fs.writeFileSync(child, `const { defaultIo } = require(${main});\nconst io = defaultIo();\n${body}\n`);
    return child;
  };

  it("keeps the order the CLI wrote its lines in, stderr's as stdout's, in a real child process", function () {
    this.timeout(60000);
    // The CLI's own writers (defaultIo, as the bin uses them). Each stderr line is bigger than a pipe
    // holds (64 KiB on Linux), so a stream write has to wait for the reader: an asynchronous stderr
    // would let the next stdout line in ahead of the rest of it.
    const child = childWriting(`for (let i = 0; i < 20; i++) {
  io.stderr('stderr ' + i + ' ' + 'x'.repeat(200 * 1024) + '\\n');
  io.stdout('stdout ' + i + '\\n');
}`);
    const result = spawnSync('/bin/sh', ['-c', `exec "$0" "$1" 2>&1`, process.execPath, child], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr);
    // Each line by its start and length: a stdout line written into a stderr one shows as both changed.
    const shape = (line: string): string => `${line.slice(0, 9).trim()} (${line.length} chars)`;
    const expected = Array.from({ length: 20 }, (_, i) => [`stderr ${i} ${'x'.repeat(200 * 1024)}`, `stdout ${i}`]).flat();
    assert.deepEqual(result.stdout.split('\n').slice(0, -1).map(shape), expected.map(shape));
  });

  it('ends quietly when the reader goes away (`check . | head`): no EPIPE crash, the run goes on to its end', function () {
    this.timeout(60000);
    const child = childWriting(`for (let i = 0; i < 20; i++) io.stdout('line ' + i + ' ' + 'x'.repeat(256 * 1024) + '\\n');
io.stderr('finished\\n');`);
    const err = path.join(dir, 'err');
    const status = path.join(dir, 'status');
    // head reads ten bytes and exits while the child still has megabytes to write.
    const result = spawnSync('/bin/sh', ['-c', '{ "$0" "$1" 2>"$2"; echo $? >"$3"; } | head -c 10', process.execPath, child, err, status], {
      encoding: 'utf8',
    });
    assert.equal(result.stdout, 'line 0 xxx');
    assert.equal(fs.readFileSync(err, 'utf8'), 'finished\n');
    assert.equal(fs.readFileSync(status, 'utf8').trim(), '0');
  });
});
