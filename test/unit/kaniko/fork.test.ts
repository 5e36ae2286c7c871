/**
 * What the osscontainertools fork publishes (deploy/Dockerfile and .github/workflows/images.yaml
 * at v1.28.3) and what its executor accepts (cmd/executor/cmd/*.go at v1.28.3).
 */
import assert from 'node:assert/strict';
import { parseExecutorArgs, type WordLike } from '../../../server/src/kaniko/command';
import { FORK_ONLY_SUBCOMMANDS, KANIKO_SUBCOMMANDS, kanikoFlag } from '../../../server/src/kaniko/flags';
import {
  debugVariant,
  DEFAULT_KANIKO_IMAGE,
  ecrLoginVersionOf,
  kanikoImage,
  keepAliveFor,
  LAST_UPSTREAM_KANIKO_IMAGE,
  shellVariant,
} from '../../../server/src/kaniko/images';

function words(text: string): WordLike[] {
  const result: WordLike[] = [];
  const re = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) result.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return result;
}

describe('the osscontainertools fork of Kaniko', () => {
  it('is the default image, pinned to a release, with a shell, not the archived upstream', () => {
    const image = kanikoImage(DEFAULT_KANIKO_IMAGE)!;
    assert.equal(image.distribution, 'osscontainertools');
    assert.equal(image.variant, 'debug');
    assert.equal(image.busybox, '/busybox');
    assert.equal(image.credentialHelpers, 'yes');
    assert.match(image.version ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(image.unmaintained, false);
    assert.equal(kanikoImage(LAST_UPSTREAM_KANIKO_IMAGE)?.unmaintained, true);
  });

  it('publishes every variant as a tag of one repository, on ghcr.io and Docker Hub', () => {
    const cases: Array<[string, string, string, string, string | undefined, string]> = [
      // reference, role, variant, shell, busybox, credential helpers
      ['ghcr.io/osscontainertools/kaniko:v1.28.3-debug', 'executor', 'debug', 'yes', '/busybox', 'yes'],
      ['ghcr.io/osscontainertools/kaniko:debug', 'executor', 'debug', 'yes', '/busybox', 'yes'],
      ['ghcr.io/osscontainertools/kaniko:v1.28.3', 'executor', 'executor', 'no', undefined, 'yes'],
      ['ghcr.io/osscontainertools/kaniko:latest', 'executor', 'executor', 'no', undefined, 'yes'],
      ['ghcr.io/osscontainertools/kaniko:slim', 'executor', 'slim', 'no', undefined, 'no'],
      ['ghcr.io/osscontainertools/kaniko:v1.28.3-slim', 'executor', 'slim', 'no', undefined, 'no'],
      ['ghcr.io/osscontainertools/kaniko:warmer', 'warmer', 'warmer', 'no', undefined, 'yes'],
      ['martizih/kaniko:v1.28.3-warmer', 'warmer', 'warmer', 'no', undefined, 'yes'],
      ['ghcr.io/osscontainertools/kaniko:bootstrap', 'executor', 'bootstrap', 'yes', '/busybox2', 'yes'],
      ['docker.io/martizih/kaniko:v1.28.3-bootstrap', 'executor', 'bootstrap', 'yes', '/busybox2', 'yes'],
      ['ghcr.io/osscontainertools/kaniko:alpine', 'executor', 'alpine', 'yes', undefined, 'no'],
      ['ghcr.io/osscontainertools/kaniko:v1.28.3-alpine', 'executor', 'alpine', 'yes', undefined, 'no'],
    ];
    for (const [ref, role, variant, shell, busybox, helpers] of cases) {
      const image = kanikoImage(ref);
      assert.deepEqual([image?.role, image?.variant, image?.shell, image?.busybox, image?.credentialHelpers], [role, variant, shell, busybox, helpers], ref);
    }
    // There is no separate warmer repository in the fork.
    assert.equal(kanikoImage('ghcr.io/osscontainertools/kaniko-warmer:latest'), undefined);
  });

  it('has no /busybox/cat in alpine or bootstrap, so they are kept alive with sleep', () => {
    assert.equal(keepAliveFor(DEFAULT_KANIKO_IMAGE, 'cat'), 'cat');
    assert.equal(keepAliveFor(LAST_UPSTREAM_KANIKO_IMAGE, 'cat'), 'cat');
    assert.equal(keepAliveFor('ghcr.io/osscontainertools/kaniko:v1.28.3-alpine', 'cat'), 'sleep');
    assert.equal(keepAliveFor('ghcr.io/osscontainertools/kaniko:bootstrap', 'cat'), 'sleep');
    assert.equal(keepAliveFor(DEFAULT_KANIKO_IMAGE, 'sleep'), 'sleep');
  });

  it('does not offer a debug variant for images that already have a shell', () => {
    assert.equal(shellVariant('ghcr.io/osscontainertools/kaniko:alpine'), undefined);
    assert.equal(shellVariant('ghcr.io/osscontainertools/kaniko:v1.28.3-slim'), 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug');
  });

  it('knows the deprecated flags, --target as a list and --git depth=', () => {
    assert.match(kanikoFlag('skip-unused-stages')?.deprecatedBecause ?? '', /--target/);
    assert.ok(kanikoFlag('force-build-metadata')?.deprecatedBecause);
    assert.equal(kanikoFlag('target')?.type, 'list');
    assert.match(kanikoFlag('git')?.description ?? '', /depth=/);
  });

  it('has the login, push and version subcommands, and no bake', () => {
    for (const name of ['login', 'push', 'version']) assert.ok(KANIKO_SUBCOMMANDS.has(name), name);
    assert.ok(!KANIKO_SUBCOMMANDS.has('bake'));
    assert.deepEqual([...FORK_ONLY_SUBCOMMANDS].sort(), ['login', 'push']);
    const login = parseExecutorArgs(words('login -u user --password-stdin index.docker.io'));
    assert.equal(login.subcommand?.text, 'login');
    assert.equal(parseExecutorArgs(words('bake')).subcommand, undefined);
  });
});

describe('kaniko/images: the ecr-login helper in each image (go.mod of each release)', () => {
  const helper = (image: string) => {
    const found = kanikoImage(image);
    return found && ecrLoginVersionOf(found);
  };

  it('upstream: v0.9.1 in v1.24.0, older before it', () => {
    assert.deepEqual(helper(LAST_UPSTREAM_KANIKO_IMAGE), { version: '0.9.1', orOlder: false });
    assert.deepEqual(helper('gcr.io/kaniko-project/executor:v1.23.2-debug'), { version: '0.9.1', orOlder: true });
  });

  it('the fork: v0.9.1, then v0.10.1 from v1.25.2, v0.11.0 from v1.26.2, v0.12.0 from v1.27.0', () => {
    const cases: Array<[string, string]> = [
      ['ghcr.io/osscontainertools/kaniko:v1.24.3-debug', '0.9.1'],
      ['ghcr.io/osscontainertools/kaniko:v1.25.1', '0.9.1'],
      ['martizih/kaniko:v1.25.2-slim', '0.10.1'],
      ['martizih/kaniko:v1.26.1-debug', '0.10.1'],
      ['ghcr.io/osscontainertools/kaniko:v1.26.2-debug', '0.11.0'],
      ['ghcr.io/osscontainertools/kaniko:v1.26.6-warmer', '0.11.0'],
      ['ghcr.io/osscontainertools/kaniko:v1.27.0-alpine', '0.12.0'],
      [DEFAULT_KANIKO_IMAGE, '0.12.0'],
      ['ghcr.io/osscontainertools/kaniko:debug', '0.12.0'],
      ['ghcr.io/osscontainertools/kaniko', '0.12.0'],
    ];
    for (const [image, version] of cases) assert.equal(helper(image)?.version, version, image);
  });

  it('unknown for other images, digests and in-house tags', () => {
    for (const image of [
      'cgr.dev/chainguard/kaniko:latest',
      'registry.example.com/kaniko:1.0',
      'ghcr.io/osscontainertools/kaniko@sha256:' + 'a'.repeat(64),
      'ghcr.io/osscontainertools/kaniko:${TAG}',
    ]) {
      assert.equal(helper(image), undefined, image);
    }
  });

  it('debugVariant: the -debug image of the same release', () => {
    assert.equal(debugVariant('ghcr.io/osscontainertools/kaniko:v1.28.3-alpine'), 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug');
    assert.equal(debugVariant('martizih/kaniko:alpine'), 'martizih/kaniko:debug');
    assert.equal(debugVariant('ghcr.io/osscontainertools/kaniko:v1.28.3-alpine@sha256:' + 'b'.repeat(64)), 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug');
    assert.equal(debugVariant('gcr.io/kaniko-project/executor:v1.23.2'), 'gcr.io/kaniko-project/executor:v1.23.2-debug');
    assert.equal(debugVariant('cgr.dev/chainguard/kaniko:latest'), undefined);
  });
});
