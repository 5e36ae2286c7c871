import assert from 'node:assert/strict';
import { dockerRunCommand, dockerRunOptions, registersBinfmt } from '../../../server/src/docker';
import { buildModel, commandWords, splitShell } from '../../../server/src/model';

function runLine(line: string) {
  return dockerRunCommand(commandWords(splitShell(line)[0]).words, line);
}

function optionsString(text: string) {
  return dockerRunOptions(
    splitShell(text).flatMap((c) => c.words),
    text,
  );
}

describe('docker/run: docker run options', () => {
  it('reads --privileged and socket bind mounts in every spelling, up to the image', () => {
    const table: Array<[line: string, privileged: boolean, mounts: string[], image: string | undefined]> = [
      ['docker run --rm --privileged multiarch/qemu-user-static --reset -p yes', true, [], 'multiarch/qemu-user-static'],
      ['sudo /usr/bin/docker container run -dit --privileged=true alpine', true, [], 'alpine'],
      ['docker run --privileged=false alpine', false, [], 'alpine'],
      ['docker run -v /var/run/docker.sock:/var/run/docker.sock:ro docker:cli ps', false, ['/var/run/docker.sock'], 'docker:cli'],
      ['docker run --volume=/run:/run -e X=1 img', false, ['/run'], 'img'],
      ['docker create --mount type=bind,src=/var/run/docker.sock,dst=/s img', false, ['/var/run/docker.sock'], 'img'],
      ['docker run --mount type=volume,source=/var/run/docker.sock,target=/s img', false, [], 'img'],
      ['docker run -v data:/var/run/docker.sock img', false, [], 'img'],
      ['docker run --name x -w /src img --privileged -v /var/run/docker.sock:/x', false, [], 'img'],
    ];
    for (const [line, privileged, mounts, image] of table) {
      const options = runLine(line);
      assert.ok(options, line);
      assert.equal(options.privileged !== undefined, privileged, line);
      assert.deepEqual(
        options.socketMounts.map((m) => line.slice(m.start, m.end)),
        mounts,
        line,
      );
      assert.deepEqual(
        options.socketMounts.map((m) => m.hostPath),
        mounts,
        line,
      );
      assert.equal(options.image?.text, image, line);
    }
  });

  it('is not a run for other docker commands', () => {
    for (const line of ['docker build --privileged .', 'docker exec --privileged c sh', 'docker ps', 'echo docker run --privileged x'])
      assert.equal(runLine(line), undefined, line);
  });

  it('reads an options string (inside, agent args) to its end', () => {
    const text = '-u 0 --privileged -v "/var/run/docker.sock:/var/run/docker.sock" --group-add 998';
    const options = optionsString(text);
    assert.ok(options.privileged);
    assert.deepEqual(
      options.socketMounts.map((m) => text.slice(m.start, m.end)),
      ['/var/run/docker.sock'],
    );
    assert.equal(options.image, undefined);
  });

  it('knows the images that register QEMU binfmt handlers', () => {
    for (const image of [
      'multiarch/qemu-user-static',
      'multiarch/qemu-user-static:register',
      'docker.io/tonistiigi/binfmt:latest',
      'docker/binfmt@sha256:abc',
      'mirror.example/multiarch/qemu-user-static',
    ])
      assert.ok(registersBinfmt(image), image);
    for (const image of ['alpine', 'qemu', 'binfmt', undefined]) assert.ok(!registersBinfmt(image), String(image));
  });
});

describe('model: Docker agents', () => {
  it('records agent { docker { … } } of the pipeline and of stages, in any spelling', () => {
    const model = buildModel(`pipeline {
  agent { docker { image 'maven:3'; args '-v /tmp:/tmp' } }
  stages {
    stage('A') { agent { docker 'node:20' } ; steps { sh 'true' } }
    stage('B') { agent { dockerfile { filename 'ci/Dockerfile'; args '-u root' } } ; steps { sh 'true' } }
    stage('C') { agent { docker(image: 'golang:1.22', args: '--privileged') } ; steps { sh 'true' } }
  }
}`);
    assert.deepEqual(
      model.dockerAgents.map((a) => [a.kind, a.image, a.args?.text, a.stage?.name]),
      [
        ['docker', 'maven:3', '-v /tmp:/tmp', undefined],
        ['docker', 'node:20', undefined, 'A'],
        ['dockerfile', undefined, '-u root', 'B'],
        ['docker', 'golang:1.22', '--privileged', 'C'],
      ],
    );
  });

  it("records the options of .inside('…') through a variable", () => {
    const model = buildModel(`node { def opts = "-u 0 --privileged"; docker.image('x').inside(opts) { sh 'true' } ; docker.image('y').inside { sh 'true' } }`);
    const steps = model.steps.filter((s) => s.kind === 'docker' && s.method === 'inside');
    assert.deepEqual(
      steps.map((s) => (s.kind === 'docker' ? s.runArgs?.text : '')),
      ['-u 0 --privileged', undefined],
    );
  });
});
