/**
 * `fix` over a folder where two Jenkinsfiles read one pod file: each file is read as often as its
 * role needs (a Jenkinsfile by the readers pass and again as the base of its write; the pod file by
 * the plan and again as the base of its write), and each Jenkinsfile is planned once. Counted per
 * path through the reads `fix` is given, on real files.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextFile } from '../../../server/src/cli/fileio';
import { runFix } from '../../../server/src/cli/fix';
import { JenkinsfileLanguageService } from '../../../server/src/service';
import { POD, yamlFilePipeline } from './sharedPod';

describe('cli: fix reads and plans each file of a shared pod once per role', () => {
  let dir: string;
  let reads: Map<string, number>;
  let plans: string[];
  const original = Object.getOwnPropertyDescriptor(JenkinsfileLanguageService.prototype, 'fix')!;
  const count = (file: string) => reads.set(file, (reads.get(file) ?? 0) + 1);

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'jk-fix-reads-')));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'ci'));
    mkdirSync(join(dir, 'release'));
    writeFileSync(join(dir, 'ci', 'build-pod.yaml'), POD);
    writeFileSync(join(dir, 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app:$BUILD_NUMBER'));
    writeFileSync(join(dir, 'release', 'Jenkinsfile'), yamlFilePipeline('registry.example.com/app-release:$BUILD_NUMBER'));
    reads = new Map();
    plans = [];
    const fix = original.value as JenkinsfileLanguageService['fix'];
    JenkinsfileLanguageService.prototype.fix = function (this: JenkinsfileLanguageService, document, ...rest) {
      plans.push(document.uri.slice(document.uri.indexOf(dir) + dir.length + 1));
      return fix.call(this, document, ...rest);
    };
  });
  afterEach(() => {
    Object.defineProperty(JenkinsfileLanguageService.prototype, 'fix', original);
    rmSync(dir, { recursive: true, force: true });
  });

  it('two readers of one pod file, migrated to the same pod: 2 reads of each Jenkinsfile (before: 3), one plan each (before: 2), the pod file planned on once', () => {
    let stderr = '';
    const code = runFix(
      ['.'],
      { stdout: () => undefined, stderr: (s) => (stderr += s), cwd: dir, version: '0.0.0' },
      {
        readTextFile: (file, maxBytes) => (count(file), readTextFile(file, maxBytes)),
        // Every file looks changed a minute ago, so the host keeps what it read (none is "racily" new).
        host: { readBytes: (file) => (count(`host:${file}`), readFileSync(file)), now: () => Date.now() + 60_000 },
      },
    );
    assert.equal(code, 0, stderr);
    assert.match(
      stderr,
      /ci\/build-pod\.yaml is the pod file Jenkinsfile was migrated with in this run; this pipeline needs the same pod, so it is written once/,
    );
    const pod = join(dir, 'ci', 'build-pod.yaml');
    assert.match(readFileSync(pod, 'utf8'), /- name: kaniko\n/);
    assert.deepEqual(Object.fromEntries(reads), {
      [join(dir, 'Jenkinsfile')]: 2,
      [join(dir, 'release', 'Jenkinsfile')]: 2,
      // The plans read it once between them (both readers, before anything is written) ...
      [`host:${pod}`]: 1,
      // ... and each reader reads it again as the base of its write (the second finds the pod already written).
      [pod]: 2,
    });
    assert.deepEqual(plans, ['Jenkinsfile', 'release/Jenkinsfile']);
  });
});
