import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-context';

function steps(...lines: string[]): string {
  return `node {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on an executor without --context, on the program, saying it builds /workspace/', () => {
    const text = steps("sh '/kaniko/executor --dockerfile Dockerfile --destination r.example.com/app:1'");
    assert.deepEqual(ranges(text, ID), ['/kaniko/executor']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /\/workspace\//);
    assert.match(d.message, /--context "\$WORKSPACE"/);
    assert.equal(d.data?.problem, 'missing');
  });

  it('stays silent with a context in any form, --bucket, a volume at /workspace, subcommands and flags from a variable', () => {
    for (const args of [
      '--context .',
      '--context=dir://$WORKSPACE',
      '-c `pwd`',
      '-c=.',
      '-c.',
      '--bucket my-bucket',
      '--context s3://b/ctx.tar.gz',
      '--context https://example.com/ctx.tar.gz',
      '--context git://github.com/o/r.git#refs/heads/main',
      '--context tar://stdin',
      '--context gs://b/c.tar.gz',
      '--context "${CTX}://x"',
    ]) {
      assert.deepEqual(ranges(steps(`sh '/kaniko/executor ${args} --destination r/app:1'`), ID), [], args);
    }
    assert.deepEqual(ranges(steps("sh '/kaniko/executor version'", "sh '/kaniko/executor $ARGS'", "sh '/kaniko/executor --help'"), ID), []);
    const mounted = declarative(
      [
        podWith(
          'kaniko',
          'gcr.io/kaniko-project/executor:debug',
          'command: [/busybox/cat]',
          'tty: true',
          'volumeMounts:',
          '- name: ctx',
          '  mountPath: /workspace',
        ),
        '  volumes:',
        '  - name: ctx',
        '    emptyDir: {}',
      ].join('\n'),
      "        container('kaniko') { sh '/kaniko/executor --destination r/app:1' }",
    );
    assert.deepEqual(ranges(mounted, ID), []);
  });

  it('fires on a context prefix the executor does not know, on the prefix, with the fitting advice', () => {
    const text = steps(
      "sh '/kaniko/executor --context http://files.example.com/ctx.tar.gz --destination r/app:1'",
      "sh '/kaniko/executor --context=HTTPS://files.example.com/ctx.tar.gz --destination r/app:1'",
      "sh '/kaniko/executor -c git+https://github.com/o/r.git --destination r/app:1'",
      "sh '/kaniko/executor --context ftp://x/ctx.tar.gz --destination r/app:1'",
    );
    assert.deepEqual(ranges(text, ID), ['http://', 'HTTPS://', 'git+https://', 'ftp://']);
    const [http, upper, git, ftp] = diagnostics(text, ID);
    assert.match(http.message, /https:\/\/ only/);
    assert.match(upper.message, /Write https:\/\//);
    assert.match(git.message, /git:\/\//);
    assert.match(ftp.message, /Unknown build context prefix 'ftp:\/\/'/);
    assert.deepEqual(
      diagnostics(text, ID).map((d) => d.data?.scheme),
      ['http://', 'HTTPS://', 'git+https://', 'ftp://'],
    );
  });
});
