import assert from 'node:assert/strict';
import {
  DOCKER_BUILD_OPTIONS,
  dockerInvocation,
  imageDaemonCommand,
  isDockerSocketPath,
  isDockerVolume,
  KANIKO_FLAG_FOR_DOCKER_HABIT,
  usesDockerDaemon,
} from '../../../server/src/docker';
import { commandWords, splitShell } from '../../../server/src/model';

/** The words of the first top-level command of a shell line, as rules and fixes read them. */
function words(line: string) {
  return commandWords(splitShell(line).filter((c) => !c.substitution)[0]).words;
}

describe('docker/cli: reading a docker command line', () => {
  it('recognises docker at any path, after sudo, env and shell keywords', () => {
    for (const line of [
      'docker build -t app .',
      '/usr/bin/docker build -t app .',
      '/usr/local/bin/docker build -t app .',
      'sudo docker build -t app .',
      'sudo /usr/bin/docker build -t app .',
      'sudo -E docker build -t app .',
      'sudo -u jenkins -g docker docker build -t app .',
      'sudo -ujenkins docker build -t app .',
      'sudo --user=jenkins --preserve-env docker build -t app .',
      'sudo --chdir /src -- docker build -t app .',
      'sudo -hbuildhost docker build -t app .',
      'env -i PATH=/usr/bin docker build -t app .',
      'env -u DOCKER_HOST docker build -t app .',
      // GNU env: a lone '-' after the options clears the environment like -i; it is not the program.
      'env - docker build -t app .',
      'env - PATH=/usr/bin docker build -t app .',
      'env -i - docker build -t app .',
      'env -- - docker build -t app .',
      '/usr/bin/sudo /usr/bin/docker build -t app .',
      'env DOCKER_BUILDKIT=1 docker build -t app .',
      '/usr/bin/env DOCKER_BUILDKIT=1 docker build -t app .',
      'DOCKER_BUILDKIT=1 docker build -t app .',
      'if docker build -t app .',
      'then docker build -t app .',
    ]) {
      assert.equal(dockerInvocation(words(line))?.verb, 'build', line);
      assert.deepEqual(imageDaemonCommand(words(line)), { command: 'build', written: 'build', shown: 'docker build' }, line);
    }
  });

  it('takes nothing after sudo -l, -e, -h or -V (and env -S) for the command run', () => {
    for (const line of ['sudo -l docker build .', 'sudo -e docker', 'sudo -h docker build .', 'sudo --list docker build .', "env -S 'docker build .'"])
      assert.equal(dockerInvocation(words(line)), undefined, line);
  });

  it("takes a lone '-' for the program after sudo, and after env only once (env - - runs '-')", () => {
    for (const line of ['sudo - docker build .', 'env - - docker build .', 'env A=1 - docker build .'])
      assert.equal(dockerInvocation(words(line)), undefined, line);
  });

  it('skips global options and names management commands as written', () => {
    assert.deepEqual(imageDaemonCommand(words('docker --config /tmp/c -H tcp://x:2375 push app')), { command: 'push', written: 'push', shown: 'docker push' });
    assert.deepEqual(imageDaemonCommand(words('docker image build -t app .')), { command: 'build', written: 'image build', shown: 'docker image build' });
    assert.deepEqual(imageDaemonCommand(words('docker image push app')), { command: 'push', written: 'image push', shown: 'docker image push' });
    assert.deepEqual(imageDaemonCommand(words('docker buildx build --push -t app .')), {
      command: 'build',
      written: 'buildx build',
      shown: 'docker buildx build',
    });
    assert.deepEqual(imageDaemonCommand(words('docker login -u u -p p r')), { command: 'login', written: 'login', shown: 'docker login' });
    assert.equal(dockerInvocation(words('docker image rm app'))?.verb, 'rmi');
    assert.equal(dockerInvocation(words('docker system prune -f'))?.verb, 'system-prune');
    assert.equal(dockerInvocation(words('docker-compose up -d'))?.group, 'docker-compose');
    assert.equal(dockerInvocation(words('/usr/local/bin/docker-compose up -d'))?.group, 'docker-compose');
  });

  it('reads build and push of docker compose and docker-compose, after their own options', () => {
    assert.deepEqual(imageDaemonCommand(words('docker compose build')), { command: 'build', written: 'compose build', shown: 'docker compose build' });
    assert.deepEqual(imageDaemonCommand(words('docker compose -f a.yml -f b.yml --project-name x push api')), {
      command: 'push',
      written: 'compose push',
      shown: 'docker compose push',
    });
    assert.deepEqual(imageDaemonCommand(words('sudo /usr/local/bin/docker-compose -f ci.yml build --pull')), {
      command: 'build',
      written: 'compose build',
      shown: 'docker-compose build',
    });
  });

  it('does not take other programs, a bare docker or read-only subcommands for daemon builds', () => {
    for (const line of [
      'dockerd --host=unix:///var/run/docker.sock',
      'my-docker build',
      'echo docker build',
      'docker images',
      'docker buildx ls',
      'docker-compose up -d',
      'docker compose -f ci.yml up --build',
      'docker compose',
      'docker compose pull',
    ]) {
      assert.equal(imageDaemonCommand(words(line)), undefined, line);
    }
    assert.equal(dockerInvocation(words('docker --version'))?.verb, '');
    assert.equal(usesDockerDaemon(words('docker --version')), false);
    assert.equal(usesDockerDaemon(words('/usr/bin/docker run alpine')), true);
  });
});

describe('docker/build: docker build options', () => {
  it('knows the Kaniko flag for each Docker habit, and only there', () => {
    assert.deepEqual(Object.fromEntries(KANIKO_FLAG_FOR_DOCKER_HABIT), {
      t: 'destination',
      tag: 'destination',
      file: 'dockerfile',
      platform: 'custom-platform',
      push: '',
      'no-cache': 'cache=false',
      output: 'tar-path',
      'build-context': 'context',
      'cache-from': 'cache-repo',
      'cache-to': 'cache-repo',
    });
  });

  it('gives every option a meaning for the migration', () => {
    assert.equal(DOCKER_BUILD_OPTIONS.get('-t')?.migration, 'tag');
    assert.equal(DOCKER_BUILD_OPTIONS.get('--file')?.migration, 'file');
    assert.equal(DOCKER_BUILD_OPTIONS.get('--platform')?.migration, 'platform');
    assert.equal(DOCKER_BUILD_OPTIONS.get('--network')?.migration, 'block');
    assert.equal(DOCKER_BUILD_OPTIONS.get('--no-cache')?.takesValue, false);
    for (const [spelling, option] of DOCKER_BUILD_OPTIONS) assert.match(spelling, /^(-[a-z]|--[a-z][a-z-]+)$/, spelling);
    assert.ok([...DOCKER_BUILD_OPTIONS.values()].every((o) => o.takesValue || o.migration === 'drop' || o.migration === 'block'));
  });
});

describe('docker/pod: the daemon socket', () => {
  it('takes the socket and the run directory that holds it, nothing else', () => {
    for (const path of ['/var/run/docker.sock', '/run/docker.sock', '/var/run/docker.sock/', '/var/run', '/run', '/var/run/'])
      assert.ok(isDockerSocketPath(path), path);
    for (const path of ['/var/run/containerd/containerd.sock', '/var/lib/docker', '/tmp/docker.sock', '/var/run/docker', undefined])
      assert.ok(!isDockerSocketPath(path), String(path));
  });

  it('counts daemon data, certificates and the socket as volumes that go with the daemon', () => {
    for (const mountPath of ['/var/lib/docker', '/certs', '/certs/client', '/var/run', '/var/run/docker.sock'])
      assert.ok(isDockerVolume(undefined, mountPath), mountPath);
    assert.ok(!isDockerVolume(undefined, '/home/jenkins/agent'));
  });
});
