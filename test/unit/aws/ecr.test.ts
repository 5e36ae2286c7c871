import assert from 'node:assert/strict';
import {
  ecrHostFor,
  findEcrHosts,
  isEcrHost,
  parseEcrCredentialsId,
  parseEcrHost,
  registryHostOf,
} from '../../../server/src/aws/ecr';

describe('aws/ecr: host recognition', () => {
  const valid: Array<[string, { region?: string; fips?: boolean; dualStack?: boolean; placeholder?: boolean; suffix?: string }]> = [
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1', suffix: 'amazonaws.com' }],
    ['123456789012.dkr.ecr.us-gov-west-1.amazonaws.com', { region: 'us-gov-west-1' }],
    ['123456789012.dkr.ecr.ap-southeast-2.amazonaws.com', { region: 'ap-southeast-2' }],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', { region: 'cn-north-1', suffix: 'amazonaws.com.cn' }],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com', { region: 'us-east-1', fips: true }],
    ['123456789012.dkr.ecr.us-east-1-fips.amazonaws.com', { region: 'us-east-1', fips: true }],
    ['123456789012.dkr.ecr.fips-us-gov-west-1.amazonaws.com', { region: 'us-gov-west-1', fips: true }],
    ['123456789012.dkr-ecr.us-east-2.on.aws', { region: 'us-east-2', dualStack: true, suffix: 'on.aws' }],
    ['123456789012.dkr-ecr-fips.us-east-2.on.aws', { region: 'us-east-2', dualStack: true, fips: true }],
    ['123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', { region: 'us-iso-east-1', suffix: 'c2s.ic.gov' }],
    ['123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov', { region: 'us-isob-east-1', suffix: 'sc2s.sgov.gov' }],
    ['https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1' }],
    ['https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/app', { region: 'eu-west-1' }],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2.3', { region: 'eu-west-1' }],
    ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1', placeholder: true }],
    ['${env.AWS_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1', placeholder: true }],
    ['$ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1', placeholder: true }],
    ['<aws-account-id>.dkr.ecr.eu-west-1.amazonaws.com', { region: 'eu-west-1', placeholder: true }],
    ['123456789012.dkr.ecr.${AWS_REGION}.amazonaws.com', { region: undefined, placeholder: true }],
    ['123456789012.dkr.ecr.REGION.amazonaws.com', { region: undefined, placeholder: true }],
  ];
  for (const [input, expected] of valid) {
    it(`accepts ${input}`, () => {
      const host = parseEcrHost(input);
      assert.ok(host, `expected ${input} to be an ECR host`);
      assert.equal(host.region, expected.region);
      assert.equal(host.fips, expected.fips ?? false);
      assert.equal(host.dualStack, expected.dualStack ?? false);
      assert.equal(host.placeholder, expected.placeholder ?? false);
      if (expected.suffix) assert.equal(host.suffix, expected.suffix);
      assert.equal(host.host, registryHostOf(input));
    });
  }

  const invalid = [
    'docker.io',
    'gcr.io/kaniko-project/executor',
    'public.ecr.aws/docker/library/alpine',
    'api.ecr.us-east-1.amazonaws.com',
    'dkr.ecr.us-east-1.amazonaws.com',
    '12345678901.dkr.ecr.eu-west-1.amazonaws.com',
    '1234567890123.dkr.ecr.eu-west-1.amazonaws.com',
    '123456789012.ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.org',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example',
    'registry.123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr-ecr.eu-west-1.amazonaws.com',
    '123456789012.dkr.ecr.eu-west-1.on.aws',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn',
    '',
  ];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.equal(parseEcrHost(input), undefined);
      assert.equal(isEcrHost(input), false);
    });
  }

  it('lower-cases real hosts but keeps placeholders as written', () => {
    assert.equal(parseEcrHost('123456789012.DKR.ECR.EU-WEST-1.AMAZONAWS.COM')?.host, '123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(parseEcrHost('AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com')?.account, 'AWSACCOUNT');
  });
});

describe('aws/ecr: findEcrHosts', () => {
  it('finds hosts far into long text, with exact offsets', () => {
    const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    const text = `${'x '.repeat(5000)}--destination=${host}/app:1 ${'y'.repeat(300)} ${host}`;
    const hits = findEcrHosts(text);
    assert.deepEqual(hits.map((h) => text.slice(h.start, h.end)), [host, host]);
  });

  it('does not take the tail of a very long word for an account', () => {
    assert.deepEqual(findEcrHosts(`${'a'.repeat(50000)}.dkr.ecr.eu-west-1.amazonaws.com`), []);
  });

  it('finds hosts with offsets inside shell commands and URLs', () => {
    const text =
      '/kaniko/executor --destination=AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/app:1 ' +
      '-d 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2';
    const hits = findEcrHosts(text);
    assert.deepEqual(
      hits.map((h) => [h.host, text.slice(h.start, h.end), h.placeholder]),
      [
        ['AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com', 'AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com', true],
        ['123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com', false],
      ],
    );
  });

  it('takes a whole interpolation or command substitution as the account placeholder', () => {
    const text = 'docker push "${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app" $(aws sts get-caller-identity --query Account --output text).dkr.ecr.eu-west-1.amazonaws.com/x';
    const hits = findEcrHosts(text);
    assert.deepEqual(
      hits.map((h) => [h.account, h.region]),
      [
        ['${ACCOUNT}', undefined],
        ['$(aws sts get-caller-identity --query Account --output text)', 'eu-west-1'],
      ],
    );
  });

  it('ignores ECR API endpoints and look-alikes', () => {
    assert.deepEqual(findEcrHosts('aws ecr get-login --region eu-west-1; curl https://api.ecr.eu-west-1.amazonaws.com'), []);
  });
});

describe('aws/ecr: credential ids and host building', () => {
  it('reads the region from ecr:<region>:<credentialsId>', () => {
    assert.deepEqual(parseEcrCredentialsId('ecr:eu-west-1:creds'), { region: 'eu-west-1', credentialsId: 'creds', fips: false });
    assert.deepEqual(parseEcrCredentialsId('ecr:us-gov-west-1:aws-jenkins'), {
      region: 'us-gov-west-1',
      credentialsId: 'aws-jenkins',
      fips: false,
    });
  });

  it('rejects other credential ids', () => {
    for (const id of ['creds', 'ecr:creds', 'ecr::creds', 'ecr:${REGION}:creds', 'ecr:eu-west-1:', 'aws:eu-west-1:creds']) {
      assert.equal(parseEcrCredentialsId(id), undefined, id);
    }
  });

  it('builds hosts with the partition suffix', () => {
    assert.equal(ecrHostFor('123456789012', 'eu-west-1'), '123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(ecrHostFor('123456789012', 'cn-northwest-1'), '123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn');
    assert.equal(ecrHostFor('123456789012', 'us-east-1', { fips: true }), '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com');
    assert.equal(ecrHostFor('123456789012', 'us-east-1', { dualStack: true }), '123456789012.dkr-ecr.us-east-1.on.aws');
    assert.ok(isEcrHost(ecrHostFor('<aws-account-id>', 'eu-west-1')));
  });
});
