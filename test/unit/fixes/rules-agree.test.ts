/**
 * Rules and fixes read Docker and AWS commands through the same domain modules (docker/, aws/):
 * what a rule reports is what the migration and the quick fixes act on. These cases are where
 * two copies of that knowledge used to disagree.
 */
import assert from 'node:assert/strict';
import { findMigratableStages, isBlocked, planStageMigration, quickFixesFor } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { diagnostics, ranges } from '../rules/helpers';

/** A scripted pipeline: a podTemplate with a dind container (or `volumes`) and one stage running `script` in 'docker'. */
function scripted(script: string, options: { volumes?: string; dind?: boolean } = {}): string {
  const dind = options.dind ?? true;
  const containers = [
    "containerTemplate(name: 'docker', image: 'docker:24', command: 'cat', ttyEnabled: true)",
    ...(dind ? ["containerTemplate(name: 'dind', image: 'docker:24-dind', privileged: true)"] : []),
  ];
  return `podTemplate(containers: [${containers.join(', ')}]${options.volumes ? `, volumes: [${options.volumes}]` : ''}) {
  node(POD_LABEL) {
    stage('Build') {
      container('docker') {
        sh '${script}'
      }
    }
  }
}
`;
}

const settings = {
  kanikoImage: DEFAULT_SETTINGS.kanikoImage,
  kanikoKeepAlive: DEFAULT_SETTINGS.kanikoKeepAlive,
  configMapName: DEFAULT_SETTINGS.configMapName,
};

describe('rules and fixes agree on Docker and AWS commands', () => {
  const dockerLines: Array<[string, boolean]> = [
    ['docker build -t app .', true],
    ['/usr/bin/docker build -t app .', true],
    ['/usr/local/bin/docker push app', true],
    ['sudo /usr/bin/docker build -t app .', true],
    ['/usr/bin/sudo /usr/bin/docker build -t app .', true],
    ['env DOCKER_BUILDKIT=1 /usr/bin/docker build -t app .', true],
    ['if docker build -t app .; then echo ok; fi', true],
    ['docker image build -t app .', true],
    ['docker buildx build -t app .', true],
    ['docker --config /tmp/c build .', true],
    ['/usr/bin/docker login -u u -p p r && docker build -t app .', true],
    ['echo docker build -t app .', false],
    ['dockerd --help', false],
  ];
  for (const [line, reported] of dockerLines) {
    it(`${reported ? 'reports, and the migration takes it up' : 'does not report'}: ${line}`, () => {
      const text = scripted(line);
      const found = ranges(text, 'docker-daemon-build');
      assert.equal(found.length > 0, reported, `docker-daemon-build on ${line}: ${JSON.stringify(found)}`);
      if (!reported) return;
      // What the rule reports, the migration takes up (it also takes up daemon pods whose build it
      // cannot see, to refuse them with a reason).
      const model = buildModel(text);
      const [stage] = findMigratableStages(model);
      assert.ok(stage, `findMigratableStages on ${line}`);
      const plan = planStageMigration(model, stage, settings);
      if (isBlocked(plan)) assert.doesNotMatch(plan.blocked, /no docker build is visible|does not build an image/, line);
    });
  }

  it('/usr/bin/docker build: reported on the command and migrated to the executor', () => {
    const text = scripted('/usr/bin/docker build -t app .');
    assert.deepEqual(ranges(text, 'docker-daemon-build'), ['/usr/bin/docker build -t app .']);
    const model = buildModel(text);
    const plan = planStageMigration(model, findMigratableStages(model)[0], settings);
    assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
  });

  it('eval $(/usr/local/bin/aws ecr get-login …): reported, with the quick fix and the migration counting it as an ECR login', () => {
    const line = 'eval $(/usr/local/bin/aws ecr get-login --no-include-email --region eu-west-1)';
    const text = scripted(line);
    const found = diagnostics(text, 'ecr-get-login-removed');
    assert.deepEqual(
      found.map((d) => text.slice(d.start, d.end)),
      ['/usr/local/bin/aws ecr get-login --no-include-email --region eu-west-1'],
    );
    assert.equal(found[0].data?.region, 'eu-west-1');
    const model = buildModel(text);
    const fixes = quickFixesFor(model, found[0]).filter((f) => f.kind === 'ecr-get-login-password');
    assert.equal(fixes.length, 1);
    assert.match(fixes[0].edits[0].newText, /^aws ecr get-login-password --region eu-west-1 \| docker login --username AWS --password-stdin /);

    const withBuild = scripted(
      `${line} && docker build -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app . && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app`,
    );
    const buildModel_ = buildModel(withBuild);
    const plan = planStageMigration(buildModel_, findMigratableStages(buildModel_)[0], settings);
    assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
    assert.match(plan.summary, /removed 1 ECR login/);
  });

  it("get-login with an account and a China region: the quick fix writes that partition's host", () => {
    const text = scripted('$(aws ecr get-login --no-include-email --region cn-north-1 --registry-ids 123456789012)', { dind: false });
    const [finding] = diagnostics(text, 'ecr-get-login-removed');
    const [fix] = quickFixesFor(buildModel(text), finding).filter((f) => f.kind === 'ecr-get-login-password');
    assert.ok(fix.safe);
    assert.match(fix.edits[0].newText, /123456789012\.dkr\.ecr\.cn-north-1\.amazonaws\.com\.cn$/);
  });

  it('a hostPath of /var/run (the directory holding the socket) is a daemon for every rule and for the migration', () => {
    const volumes = "hostPathVolume(hostPath: '/var/run', mountPath: '/var/run')";
    const text = scripted('docker build -t app .', { dind: false, volumes });
    assert.deepEqual(ranges(text, 'docker-socket-mount'), ['/var/run']);
    assert.match(diagnostics(text, 'docker-socket-mount')[0].message, /holds the Docker socket/);
    assert.deepEqual(ranges(text, 'docker-daemon-build'), ['docker build -t app .']);
    const model = buildModel(text);
    const plan = planStageMigration(model, findMigratableStages(model)[0], settings);
    assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
    assert.match(plan.summary, /removed volume '\/var\/run'/);
  });

  it('an AWS CLI called by its path makes Alpine Python packages an AWS CLI install, for the rule and the migration alike', () => {
    const text = scripted(
      'apk add --no-cache py-pip groff && pip install awscli && /usr/local/bin/aws ecr get-login-password | docker login -u AWS --password-stdin r',
      { dind: true },
    );
    assert.deepEqual(
      diagnostics(text, 'aws-cli-per-run-install').map((d) => d.data?.installKind),
      ['prerequisites', 'pip'],
    );
  });

  for (const line of [
    '/usr/bin/pip3 install --user awscli',
    '/usr/bin/python3 -m pip install awscli',
    '/sbin/apk add --no-cache aws-cli',
    '/bin/bash ./aws/install',
  ]) {
    it(`an AWS CLI install written with a path is reported, and the migration removes it: ${line}`, () => {
      const text = scripted(`${line} && docker build -t app .`);
      assert.deepEqual(ranges(text, 'aws-cli-per-run-install'), [line]);
      const model = buildModel(text);
      const plan = planStageMigration(model, findMigratableStages(model)[0], settings);
      assert.ok(!isBlocked(plan), isBlocked(plan) ? plan.blocked : '');
      assert.match(plan.summary, /removed 1 AWS CLI install\b/);
    });
  }

  it('an AWS CLI install under a shell keyword is reported, and the migration refuses to cut it out of the if', () => {
    const text = scripted('if ! command -v aws; then pip install awscli; fi && docker build -t app .');
    assert.deepEqual(ranges(text, 'aws-cli-per-run-install'), ['then pip install awscli']);
    const model = buildModel(text);
    const plan = planStageMigration(model, findMigratableStages(model)[0], settings);
    assert.ok(isBlocked(plan));
  });
});
