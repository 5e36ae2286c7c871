import assert from 'node:assert/strict';
import {
  ecrHostFor,
  ecrLoginMinimumVersion,
  findEcrHosts,
  isEcrHost,
  parseAnyEcrHost,
  parseEcrCredentialsId,
  parseEcrHost,
  parseEcrPublicHost,
  registryHostOf,
  versionAtLeast,
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
    ['123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', { region: 'cn-north-1', dualStack: true, suffix: 'on.amazonwebservices.com.cn' }],
    ['123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', { region: 'eusc-de-east-1', suffix: 'amazonaws.eu' }],
    ['123456789012.dkr.ecr-fips.eusc-de-east-1.amazonaws.eu', { region: 'eusc-de-east-1', fips: true, suffix: 'amazonaws.eu' }],
    ['123456789012.dkr-ecr.eusc-de-east-1.on.aws', { region: 'eusc-de-east-1', dualStack: true }],
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
    // Partition suffixes only take their own regions; the dual-stack service only the on.* suffixes.
    '123456789012.dkr.ecr.eu-west-1.amazonaws.eu',
    '123456789012.dkr-ecr.eu-west-1.on.amazonwebservices.com.cn',
    '123456789012.dkr.ecr.cn-north-1.on.amazonwebservices.com.cn',
    '123456789012.dkr-ecr.eusc-de-east-1.amazonaws.eu',
    '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu.example.com',
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

describe('aws/ecr: ECR Public', () => {
  it('reads public.ecr.aws and its dual-stack name from hosts, URLs and image references', () => {
    for (const input of ['public.ecr.aws', 'https://public.ecr.aws', 'public.ecr.aws/acme/app:1.2', 'PUBLIC.ECR.AWS/acme/app']) {
      assert.deepEqual(parseEcrPublicHost(input), { service: 'ecr-public', host: 'public.ecr.aws', dualStack: false, placeholder: false }, input);
    }
    assert.deepEqual(parseEcrPublicHost('ecr-public.aws.com/acme/app'), {
      service: 'ecr-public',
      host: 'ecr-public.aws.com',
      dualStack: true,
      placeholder: false,
    });
  });

  it('is not fooled by look-alikes, and is no private registry', () => {
    for (const input of ['public.ecr.aws.evil.example', 'xpublic.ecr.aws', 'ecr.aws', 'public.ecr.aws:5000', 'gallery.ecr.aws']) {
      assert.equal(parseEcrPublicHost(input), undefined, input);
    }
    assert.equal(parseEcrHost('public.ecr.aws'), undefined);
  });

  it('parseAnyEcrHost takes either kind and tells them apart', () => {
    assert.equal(parseAnyEcrHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app')?.service, 'ecr');
    assert.equal(parseAnyEcrHost('public.ecr.aws/app')?.service, 'ecr-public');
    assert.equal(parseAnyEcrHost('ghcr.io/acme/app'), undefined);
  });
});

describe('aws/ecr: which ecr-login release knows a host', () => {
  // From the helper's ecr-login/api/client.go at each tag: on.* in v0.10.0, amazonaws.eu in
  // v0.11.0, ecr-public.aws.com in v0.12.0; the rest was there in v0.9.1 (upstream Kaniko v1.24.0).
  const cases: Array<[string, string | undefined]> = [
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr-fips.us-east-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', undefined],
    ['123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', undefined],
    ['public.ecr.aws', undefined],
    ['123456789012.dkr-ecr.us-east-1.on.aws', '0.10.0'],
    ['123456789012.dkr-ecr-fips.us-east-1.on.aws', '0.10.0'],
    ['123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', '0.10.0'],
    ['123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', '0.11.0'],
    ['ecr-public.aws.com', '0.12.0'],
  ];
  for (const [host, version] of cases) {
    it(`${host}: ${version ?? 'every release'}`, () => {
      const parsed = parseAnyEcrHost(host);
      assert.ok(parsed);
      assert.equal(ecrLoginMinimumVersion(parsed)?.version, version);
    });
  }

  it('compares dotted versions numerically', () => {
    assert.equal(versionAtLeast('0.10.1', '0.10.0'), true);
    assert.equal(versionAtLeast('0.9.1', '0.10.0'), false);
    assert.equal(versionAtLeast('0.12.0', '0.12.0'), true);
    assert.equal(versionAtLeast('1.0', '0.12.0'), true);
    assert.equal(versionAtLeast('0.11', '0.11.1'), false);
  });
});

describe('aws/ecr: findEcrHosts', () => {
  it('finds hosts far into long text, with exact offsets', () => {
    const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    const text = `${'x '.repeat(5000)}--destination=${host}/app:1 ${'y'.repeat(300)} ${host}`;
    const hits = findEcrHosts(text);
    assert.deepEqual(
      hits.map((h) => text.slice(h.start, h.end)),
      [host, host],
    );
  });

  it('does not take the tail of a very long word for an account', () => {
    assert.deepEqual(findEcrHosts(`${'a'.repeat(50000)}.dkr.ecr.eu-west-1.amazonaws.com`), []);
  });

  it('finds hosts with offsets inside shell commands and URLs', () => {
    const text = '/kaniko/executor --destination=AWSACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/app:1 ' + '-d 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2';
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
    const text =
      'docker push "${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app" $(aws sts get-caller-identity --query Account --output text).dkr.ecr.eu-west-1.amazonaws.com/x';
    const hits = findEcrHosts(text);
    assert.deepEqual(
      hits.map((h) => [h.account, h.region]),
      [
        ['${ACCOUNT}', undefined],
        ['$(aws sts get-caller-identity --query Account --output text)', 'eu-west-1'],
      ],
    );
  });

  it('finds EU sovereign and China dual-stack hosts in a command line', () => {
    const text =
      '/kaniko/executor -d 123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu/app:1 -d 123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn/app:1';
    assert.deepEqual(
      findEcrHosts(text).map((h) => [h.suffix, h.region, h.dualStack]),
      [
        ['amazonaws.eu', 'eusc-de-east-1', false],
        ['on.amazonwebservices.com.cn', 'cn-northwest-1', true],
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
    assert.equal(ecrHostFor('123456789012', 'cn-north-1', { dualStack: true }), '123456789012.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn');
    assert.equal(ecrHostFor('123456789012', 'eusc-de-east-1'), '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu');
    for (const region of ['eu-west-1', 'cn-north-1', 'eusc-de-east-1']) {
      for (const form of [{}, { fips: true }, { dualStack: true }])
        assert.ok(isEcrHost(ecrHostFor('123456789012', region, form)), `${region} ${JSON.stringify(form)}`);
    }
    assert.ok(isEcrHost(ecrHostFor('<aws-account-id>', 'eu-west-1')));
  });
});
