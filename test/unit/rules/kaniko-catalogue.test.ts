import assert from 'node:assert/strict';
import { boolFlagValue, isExecutorProgram, parseExecutorArgs, type WordLike } from '../../../server/src/kaniko/command';
import { editDistance, KANIKO_FLAGS, KANIKO_FLAGS_BY_SHORT, kanikoFlag, suggestKanikoFlag } from '../../../server/src/kaniko/flags';
import { isKanikoExecutorImage, kanikoImage, maintainedForksSummary, parseImageReference, shellVariant } from '../../../server/src/kaniko/images';

/** Words split on blanks, with offsets into `text` (no quoting: enough for these tests). */
function words(text: string): WordLike[] {
  const result: WordLike[] = [];
  const re = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) result.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return result;
}

describe('kaniko flag catalogue', () => {
  it('has unique long names and shorthands, each with a description', () => {
    const names = KANIKO_FLAGS.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    const shorts = KANIKO_FLAGS.filter((f) => f.short).map((f) => f.short);
    assert.equal(new Set(shorts).size, shorts.length);
    for (const f of KANIKO_FLAGS) assert.ok(f.description.length > 10, f.name);
  });

  it('knows the upstream shorthands -f -c -d -b -v', () => {
    assert.deepEqual(
      ['f', 'c', 'd', 'b', 'v'].map((s) => KANIKO_FLAGS_BY_SHORT.get(s)?.name),
      ['dockerfile', 'context', 'destination', 'bucket', 'verbosity'],
    );
  });

  it('knows value-taking and boolean flags, newer ones and fork ones', () => {
    assert.equal(kanikoFlag('destination')?.takesValue, true);
    assert.equal(kanikoFlag('destination')?.repeatable, true);
    assert.equal(kanikoFlag('no-push')?.takesValue, false);
    assert.equal(kanikoFlag('cache-ttl')?.type, 'duration');
    for (const name of [
      'skip-push-permission-check',
      'push-ignore-immutable-tag-errors',
      'image-download-retry',
      'compression',
      'registry-map',
      'skip-default-registry-fallback',
    ]) {
      assert.ok(kanikoFlag(name), name);
      assert.ok(!kanikoFlag(name)!.forkOnly, name);
    }
    for (const name of ['materialize', 'preserve-context', 'credential-helpers', 'secret', 'pre-cleanup', 'annotation'])
      assert.equal(kanikoFlag(name)?.forkOnly, true, name);
    assert.equal(kanikoFlag('snapshotMode')?.deprecatedFor, 'snapshot-mode');
    assert.equal(kanikoFlag('Destination'), undefined);
  });

  it('measures edit distance with transpositions', () => {
    assert.equal(editDistance('destination', 'destination'), 0);
    assert.equal(editDistance('destnation', 'destination'), 1);
    assert.equal(editDistance('destiantion', 'destination'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('ca', 'abc'), 3);
  });

  it('with a limit, measures up to it and answers limit + 1 beyond it (stopping early)', () => {
    // Every pair of flag names and typos of them, against the unbounded distance.
    const names = KANIKO_FLAGS.map((f) => f.name);
    const typos = ['destnation', 'destiantion', 'cahce-repo', 'dockerflie', 'contxt', 'snapshotmode', 'no-psh', 'tag', 'file', 'ab', ''];
    for (const a of [...typos, ...names.slice(0, 20)]) {
      for (const b of names) {
        const exact = editDistance(a, b);
        for (const limit of [0, 1, 2, 3, 5]) assert.equal(editDistance(a, b, limit), Math.min(exact, limit + 1), `${a} ${b} ${limit}`);
      }
    }
    // A transposition skips a row: 'ab' → 'ba' is 1 even where one row alone is above the limit.
    assert.equal(editDistance('xaby', 'xbay', 1), 1);
  });

  it('answers a repeated unknown name the same way every time', () => {
    assert.equal(suggestKanikoFlag('destnation'), suggestKanikoFlag('destnation'));
    assert.equal(suggestKanikoFlag('zzzzzzzz'), undefined);
    assert.equal(suggestKanikoFlag('zzzzzzzz'), undefined);
  });

  it('suggests the meant flag', () => {
    assert.equal(suggestKanikoFlag('destnation'), 'destination');
    assert.equal(suggestKanikoFlag('dockerfle'), 'dockerfile');
    assert.equal(suggestKanikoFlag('build-args'), 'build-arg');
    assert.equal(suggestKanikoFlag('snapshot_mode'), 'snapshot-mode');
    assert.equal(suggestKanikoFlag('Destination'), 'destination');
    assert.equal(suggestKanikoFlag('cacheRepo'), 'cache-repo');
    assert.equal(suggestKanikoFlag('dest'), 'destination');
    assert.equal(suggestKanikoFlag('tag'), 'destination');
    assert.equal(suggestKanikoFlag('file'), 'dockerfile');
    assert.equal(suggestKanikoFlag('platform'), 'custom-platform');
    assert.equal(suggestKanikoFlag('push'), undefined);
    assert.equal(suggestKanikoFlag('frobnicate-everything'), undefined);
  });
});

describe('kaniko executor command line', () => {
  it('recognises the executor program', () => {
    for (const program of ['/kaniko/executor', 'executor', 'kaniko/executor']) assert.ok(isExecutorProgram(program), program);
    for (const program of ['/usr/bin/docker', 'executor.sh', '/kaniko/warmer']) assert.ok(!isExecutorProgram(program), program);
  });

  it('reads --flag=value, --flag value, shorthands and booleans', () => {
    const text = '--dockerfile Dockerfile --context=. -d reg/app:1 -fother --no-push --cache=false positional';
    const parsed = parseExecutorArgs(words(text), text);
    assert.deepEqual(
      parsed.flags.map((f) => [f.written, f.flag?.name, f.value]),
      [
        ['--dockerfile', 'dockerfile', 'Dockerfile'],
        ['--context', 'context', '.'],
        ['-d', 'destination', 'reg/app:1'],
        ['-f', 'dockerfile', 'other'],
        ['--no-push', 'no-push', undefined],
        ['--cache', 'cache', 'false'],
      ],
    );
    assert.deepEqual(
      parsed.positionals.map((w) => w.text),
      ['positional'],
    );
    assert.equal(boolFlagValue(parsed.flags[4]), true);
    assert.equal(boolFlagValue(parsed.flags[5]), false);
    // Exact characters of each flag name.
    for (const f of parsed.flags) assert.equal(text.slice(f.start, f.end), f.written);
  });

  it('treats the word after a value-taking flag as its value, even when it starts with a dash', () => {
    const text = '--label --weird --destination x';
    const parsed = parseExecutorArgs(words(text), text);
    assert.deepEqual(
      parsed.flags.map((f) => [f.written, f.value]),
      [
        ['--label', '--weird'],
        ['--destination', 'x'],
      ],
    );
  });

  it('notes a separate true/false after a boolean flag', () => {
    const text = '--cache true --destination false --no-push';
    const parsed = parseExecutorArgs(words(text), text);
    assert.deepEqual(
      parsed.flags.map((f) => [f.written, f.value, f.strayValue?.text]),
      [
        ['--cache', undefined, 'true'],
        ['--destination', 'false', undefined],
        ['--no-push', undefined, undefined],
      ],
    );
    assert.deepEqual(
      parsed.positionals.map((w) => w.text),
      ['true'],
    );
  });

  it('stops at -- and records unknown flags, subcommands and expansions', () => {
    const text = '--destnation=x $EXTRA_ARGS -q -- --not-a-flag';
    const parsed = parseExecutorArgs(words(text), text);
    assert.deepEqual(
      parsed.flags.map((f) => [f.written, f.flag?.name]),
      [
        ['--destnation', undefined],
        ['-q', undefined],
      ],
    );
    assert.deepEqual(
      parsed.opaque.map((w) => w.text),
      ['$EXTRA_ARGS'],
    );
    assert.deepEqual(
      parsed.positionals.map((w) => w.text),
      ['--not-a-flag'],
    );
    assert.equal(parseExecutorArgs(words('version')).subcommand?.text, 'version');
  });

  it('spots a single dash before a long name, as pflag misreads it', () => {
    const text = '-destination=reg/app -dockerfile Dockerfile';
    const parsed = parseExecutorArgs(words(text), text);
    assert.deepEqual(
      parsed.flags.map((f) => [f.written, f.singleDashLong?.name, f.flag?.name, f.value]),
      [
        ['-destination', 'destination', 'destination', 'estination=reg/app'],
        ['-dockerfile', 'dockerfile', 'destination', 'ockerfile'],
      ],
    );
    assert.deepEqual(
      parsed.positionals.map((w) => w.text),
      ['Dockerfile'],
    );
  });

  it('locates a flag inside a quoted word', () => {
    const source = `"--destnation=a b"`;
    const parsed = parseExecutorArgs([{ text: '--destnation=a b', start: 0, end: source.length }], source);
    assert.equal(source.slice(parsed.flags[0].start, parsed.flags[0].end), '--destnation');
  });
});

describe('kaniko images', () => {
  it('parses image references', () => {
    assert.deepEqual(parseImageReference('gcr.io/kaniko-project/executor:v1.24.0-debug'), {
      registry: 'gcr.io',
      repository: 'kaniko-project/executor',
      tag: 'v1.24.0-debug',
      digest: undefined,
    });
    assert.deepEqual(parseImageReference('localhost:5000/kaniko@sha256:abc'), {
      registry: 'localhost:5000',
      repository: 'kaniko',
      tag: undefined,
      digest: 'sha256:abc',
    });
    assert.deepEqual(parseImageReference('martizih/kaniko'), { registry: undefined, repository: 'martizih/kaniko', tag: undefined, digest: undefined });
  });

  it('recognises upstream, forks and mirrors, with their shell variants', () => {
    const cases: Array<[string, string | undefined, string | undefined, boolean | undefined]> = [
      ['gcr.io/kaniko-project/executor:debug', 'upstream', 'yes', true],
      ['gcr.io/kaniko-project/executor:v1.24.0-debug', 'upstream', 'yes', true],
      ['gcr.io/kaniko-project/executor:debug-v1.3.0', 'upstream', 'yes', true],
      ['gcr.io/kaniko-project/executor:v1.24.0', 'upstream', 'no', true],
      ['gcr.io/kaniko-project/executor:v1.24.0-slim', 'upstream', 'no', true],
      ['gcr.io/kaniko-project/executor', 'upstream', 'no', true],
      ['gcr.io/kaniko-project/executor@sha256:0123', 'upstream', 'unknown', true],
      ['harbor.example.com/gcr-proxy/kaniko-project/executor:debug', 'upstream', 'yes', true],
      ['martizih/kaniko:v1.27.6-debug', 'osscontainertools', 'yes', false],
      ['docker.io/martizih/kaniko:v1.27.6', 'osscontainertools', 'no', false],
      ['ghcr.io/osscontainertools/kaniko:latest', 'osscontainertools', 'no', false],
      ['cgr.dev/chainguard/kaniko:latest-dev', 'chainguard', 'yes', false],
      ['cgr.dev/chainguard/kaniko:latest', 'chainguard', 'no', false],
      ['ghcr.io/gosayram/kaniko:latest', 'gosayram', 'no', false],
      ['registry.example.com/tools/kaniko:1.0-debug', 'other', 'yes', false],
      ['docker:24-dind', undefined, undefined, undefined],
      ['alpine:3.20', undefined, undefined, undefined],
    ];
    for (const [ref, distribution, shell, unmaintained] of cases) {
      const image = kanikoImage(ref);
      assert.deepEqual([image?.distribution, image?.shell, image?.unmaintained], [distribution, shell, unmaintained], ref);
    }
    assert.equal(kanikoImage('gcr.io/kaniko-project/warmer:latest')?.role, 'warmer');
    assert.ok(!isKanikoExecutorImage('gcr.io/kaniko-project/warmer:latest'));
    assert.ok(isKanikoExecutorImage('gcr.io/kaniko-project/executor:debug'));
  });

  it('names the debug variant of an image', () => {
    assert.equal(shellVariant('gcr.io/kaniko-project/executor:v1.23.2'), 'gcr.io/kaniko-project/executor:v1.23.2-debug');
    assert.equal(shellVariant('gcr.io/kaniko-project/executor'), 'gcr.io/kaniko-project/executor:debug');
    assert.equal(shellVariant('gcr.io/kaniko-project/executor:latest'), 'gcr.io/kaniko-project/executor:debug');
    assert.equal(shellVariant('gcr.io/kaniko-project/executor:v1.9.0-slim'), 'gcr.io/kaniko-project/executor:v1.9.0-debug');
    assert.equal(shellVariant('cgr.dev/chainguard/kaniko:latest'), 'cgr.dev/chainguard/kaniko:latest-dev');
    assert.equal(shellVariant('gcr.io/kaniko-project/executor:debug'), undefined);
    assert.equal(shellVariant('alpine'), undefined);
  });

  it('names the maintained forks', () => {
    const summary = maintainedForksSummary();
    assert.match(summary, /osscontainertools/);
    assert.match(summary, /martizih\/kaniko/);
    assert.match(summary, /cgr\.dev\/chainguard\/kaniko/);
  });
});
