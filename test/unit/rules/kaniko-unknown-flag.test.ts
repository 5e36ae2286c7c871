import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-unknown-flag';

function steps(...lines: string[]): string {
  return `node {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

describe(`rule ${ID}`, () => {
  it('fires on a misspelt flag, on the flag only, with a did-you-mean', () => {
    const text = steps("sh '/kaniko/executor --context . --destnation=r.example.com/app:1'");
    assert.deepEqual(ranges(text, ID), ['--destnation']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /Did you mean '--destination'\?/);
    assert.equal(d.data?.suggestion, '--destination');
  });

  it('handles --flag value: the value is not checked, the next flag is', () => {
    const text = steps("sh '/kaniko/executor --dockerfle Dockerfile --context . --label --not-a-flag --snapshot_mode redo -d r/app'");
    assert.deepEqual(ranges(text, ID), ['--dockerfle', '--snapshot_mode']);
    const messages = diagnostics(text, ID).map((d) => d.message);
    assert.match(messages[0], /--dockerfile/);
    assert.match(messages[1], /--snapshot-mode/);
  });

  it('suggests the Kaniko flag for docker build habits', () => {
    const text = steps("sh '/kaniko/executor -t r/app:1 --file Dockerfile --platform linux/arm64 --push'");
    assert.deepEqual(ranges(text, ID), ['-t', '--file', '--platform', '--push']);
    const messages = diagnostics(text, ID).map((d) => d.message);
    assert.match(messages[0], /--destination/);
    assert.match(messages[1], /--dockerfile/);
    assert.match(messages[2], /--custom-platform/);
    assert.match(messages[3], /drop it/);
  });

  it('fires on a single dash before a long name', () => {
    const text = steps("sh '/kaniko/executor -destination=r/app:1 --context .'");
    assert.deepEqual(ranges(text, ID), ['-destination']);
    assert.match(diagnostics(text, ID)[0].message, /'--destination'/);
  });

  it('finds the flag inside quotes and GString interpolations, on the right line', () => {
    const text = steps(`sh """
  /kaniko/executor \\\\
    --context "\${WORKSPACE}" \\\\
    "--destnation=\${REGISTRY}/app:\${env.BUILD_ID}" \\\\
    --cache-ttl=6h
"""`);
    assert.deepEqual(ranges(text, ID), ['--destnation']);
  });

  it('fires on a separate true/false after a boolean flag, on that word', () => {
    const text = steps("sh '/kaniko/executor --context . --destination r/app --cache true --reproducible FALSE --cache-ttl 6h'");
    assert.deepEqual(ranges(text, ID), ['true', 'FALSE']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /'--cache=true'/);
    assert.equal(d.data?.suggestion, '--cache=true');
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --context . --destination true --no-push=true'"), ID), []);
  });

  it('fires on fork-only flags when the step runs in the upstream image', () => {
    const pod = podWith('kaniko', 'gcr.io/kaniko-project/executor:v1.24.0-debug', 'command: [/busybox/cat]', 'tty: true');
    const text = declarative(pod, "        container('kaniko') { sh '/kaniko/executor --context . --no-push --materialize' }");
    assert.deepEqual(ranges(text, ID), ['--materialize']);
    assert.match(diagnostics(text, ID)[0].message, /osscontainertools/);
    const fork = declarative(
      podWith('kaniko', 'martizih/kaniko:v1.27.6-debug', 'command: [/busybox/cat]', 'tty: true'),
      "        container('kaniko') { sh '/kaniko/executor --context . --no-push --materialize' }",
    );
    assert.deepEqual(ranges(fork, ID), []);
  });

  it('marks deprecated spellings in every image, with the current name', () => {
    const text = steps("sh '/kaniko/executor --context . --destination r/app --snapshotMode=redo --customPlatform linux/arm64 --tarPath=/tmp/i.tar'");
    assert.deepEqual(ranges(text, ID), ['--snapshotMode', '--customPlatform', '--tarPath']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /deprecated spelling .*write '--snapshot-mode'/);
    assert.equal(d.data?.suggestion, '--snapshot-mode');
    assert.equal(d.data?.deprecated, true);
  });

  it("marks the fork's deprecated flags in fork images from the release that deprecated them (cmd/executor/cmd/root.go)", () => {
    const run = (image: string) =>
      ranges(
        declarative(
          podWith('kaniko', image, 'command: [/busybox/cat]', 'tty: true'),
          "        container('kaniko') { sh '/kaniko/executor --context . --no-push --force-build-metadata --skip-unused-stages=true' }",
        ),
        ID,
      );
    assert.deepEqual(run('ghcr.io/osscontainertools/kaniko:v1.28.3-debug'), ['--force-build-metadata', '--skip-unused-stages']);
    assert.deepEqual(run('martizih/kaniko:debug'), ['--force-build-metadata', '--skip-unused-stages']);
    assert.deepEqual(run('ghcr.io/osscontainertools/kaniko:v1.26.6-debug'), ['--force-build-metadata']);
    assert.deepEqual(run('ghcr.io/osscontainertools/kaniko:v1.24.3-debug'), []);
    // Upstream still honours both.
    assert.deepEqual(run('gcr.io/kaniko-project/executor:v1.24.0-debug'), []);
    const [d] = diagnostics(
      declarative(
        podWith('kaniko', 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug', 'command: [/busybox/cat]', 'tty: true'),
        "        container('kaniko') { sh '/kaniko/executor -c . --no-push --skip-unused-stages' }",
      ),
      ID,
    );
    assert.match(d.message, /deprecated in the osscontainertools fork since v1\.27\.0 and does nothing: .*--target.*Drop it\./);
    assert.equal(d.data?.deprecated, true);
  });

  it('stays silent on every known flag form, values, words after --, expansions and subcommands', () => {
    const known = steps(
      'sh \'/kaniko/executor -f Dockerfile -c . -d r/app:1 -v debug --cache --cache=true --cache-ttl 6h --build-arg A=1 --build-arg=B=2 --label "x=--weird" --snapshot-mode=redo --no-push=false -- --whatever\'',
    );
    assert.deepEqual(ranges(known, ID), []);
    assert.deepEqual(ranges(steps("sh '/kaniko/executor --context . $KANIKO_ARGS --destination r/app'"), ID), []);
    assert.deepEqual(ranges(steps('sh "/kaniko/executor ${params.FLAGS} --destination r/app"'), ID), []);
    assert.deepEqual(ranges(steps("sh '/kaniko/executor version'"), ID), []);
  });

  it('stays silent outside executor commands', () => {
    const text = steps(
      "sh 'docker build --destnation x .'",
      "echo '/kaniko/executor --destnation x'",
      "sh 'echo /kaniko/executor --destnation x'",
      "// sh '/kaniko/executor --destnation x'",
    );
    assert.deepEqual(ranges(text, ID), []);
  });
});
