import assert from 'node:assert/strict';
import { runsInBusybox } from '../../../server/src/kaniko/busybox';
import { commandWords, splitShell } from '../../../server/src/model';

const runs = (line: string) => runsInBusybox(commandWords(splitShell(line)[0]).words);

describe('kaniko/busybox: what a step can run in the Kaniko debug image', () => {
  it('busybox applets, shell builtins, the executor and /busybox paths', () => {
    for (const line of ['echo hi', 'sed -i s/a/b/ f', 'cd app', '/kaniko/executor --no-push', 'executor --help', '/busybox/sh -c true', 'VERSION=1'])
      assert.ok(runs(line), line);
  });

  it('not programs the image lacks', () => {
    for (const line of ['apk add curl', 'git rev-parse HEAD', 'make image', 'docker build .', 'curl -sSL x']) assert.ok(!runs(line), line);
  });
});
