import * as assert from 'node:assert/strict';
import { applyEdits, quickFixesFor, safeFixEdits, type FindingRef, type QuickFix } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { runRules } from '../../../server/src/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { groovyErrorsText, judgeGroovy } from '../../judges/groovy';
import { judgeShell, shellErrorsText } from '../../judges/shell';

function findings(text: string, ruleId: string): FindingRef[] {
  return runRules(buildModel(text), { severities: {}, kanikoImage: DEFAULT_SETTINGS.kanikoImage }).filter((d) => d.ruleId === ruleId);
}

function fixesFor(text: string, ruleId: string, index = 0): QuickFix[] {
  const found = findings(text, ruleId);
  assert.ok(found.length > index, `no ${ruleId} finding`);
  return quickFixesFor(buildModel(text), found[index]);
}

function apply(text: string, fix: QuickFix | undefined): string {
  assert.ok(fix, 'no such fix');
  const result = applyEdits(text, fix.edits);
  assert.ok(result.ok);
  return result.text;
}

const scripted = (body: string) => `node {\n  stage('Deploy') {\n${body}\n  }\n}\n`;

describe('quick fixes', () => {
  describe('remove the AWS CLI install', () => {
    it('removes the whole sh statement when the install is its only command, with its comment', () => {
      const text = scripted("    // tools\n    sh 'pip install awscli' // slow\n    sh 'make deploy'");
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install');
      assert.equal(apply(text, fix), scripted("    sh 'make deploy'"));
      assert.equal(fix!.safe, false);
    });

    it('offers no removal when the stage still uses the CLI for something else (aws s3 ls)', () => {
      const text = scripted("    sh 'pip install awscli'\n    sh 'aws s3 ls'");
      assert.deepEqual(
        fixesFor(text, 'aws-cli-per-run-install').filter((f) => f.kind === 'remove-aws-cli-install'),
        [],
      );
    });

    it('removes only the command inside a longer script', () => {
      const text = scripted("    sh 'apt-get update && pip install awscli && ./deploy.sh'");
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install');
      assert.equal(apply(text, fix), scripted("    sh 'apt-get update && ./deploy.sh'"));
    });

    it('removes a last command with the separator before it', () => {
      const text = scripted('    sh """\n      echo hi\n      pip3 install --upgrade awscli\n    """');
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install');
      assert.equal(apply(text, fix), scripted('    sh """\n      echo hi\n    """'));
    });

    it('removes an install written with a path or through Python as any other', () => {
      for (const line of ['/usr/bin/pip3 install --user awscli', '/usr/bin/python3 -m pip install --upgrade awscli', '/bin/bash ./aws/install']) {
        const text = scripted(`    sh '${line}'\n    sh 'make deploy'`);
        const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install');
        assert.equal(apply(text, fix), scripted("    sh 'make deploy'"), line);
      }
    });

    it('offers no removal that would leave pip without a requirement or without pip', () => {
      // `$PIP_OPTS` may hold options only: `pip install $PIP_OPTS` would fail.
      const opts = scripted("    sh 'pip install $PIP_OPTS awscli && python3 deploy.py'");
      assert.equal(
        fixesFor(opts, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install'),
        undefined,
      );
      // `apk add py-pip` while `pip install awscli boto3` stays: only the pip install's own fix is offered.
      const prerequisites = scripted("    sh 'apk add --no-cache py-pip'\n    sh 'pip install awscli boto3'");
      const titles = (index: number) =>
        fixesFor(prerequisites, 'aws-cli-per-run-install', index)
          .filter((f) => f.kind === 'remove-aws-cli-install')
          .map((f) => f.title);
      assert.deepEqual(titles(0), []);
      assert.deepEqual(titles(1), ['Remove awscli from this pip install']);
    });

    it('takes only awscli out of a pip install of other packages too, and the script still passes sh -n', () => {
      const text = scripted("    sh '/usr/local/bin/pip3 install --user awscli boto3==1.34.0 && python3 deploy.py'");
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install');
      assert.equal(fix?.title, 'Remove awscli from this pip install');
      const after = apply(text, fix);
      assert.equal(after, scripted("    sh '/usr/local/bin/pip3 install --user boto3==1.34.0 && python3 deploy.py'"));
      const multiline = scripted('    sh """\n      python3 -m pip install \\\\\n        \'awscli>=1.18\' \\\\\n        -r requirements.txt\n    """');
      const fixed = apply(
        multiline,
        fixesFor(multiline, 'aws-cli-per-run-install').find((f) => f.kind === 'remove-aws-cli-install'),
      );
      assert.doesNotMatch(fixed, /awscli/);
      for (const verdict of judgeGroovy([
        { name: 'one line', text: after },
        { name: 'continued', text: fixed },
      ])) {
        assert.ok(verdict.compiles, groovyErrorsText(verdict));
        assert.equal(verdict.sh.length, 1);
        for (const shell of judgeShell(verdict.sh.map((s, i) => ({ name: `sh ${i}`, script: s.text })))) assert.ok(shell.ok, shellErrorsText(shell));
      }
    });
  });

  describe('aws ecr get-login → get-login-password | docker login', () => {
    it('replaces $(aws ecr get-login …) with the registry of the stage', () => {
      const text = scripted(
        "    sh '$(aws ecr get-login --no-include-email --region eu-west-1)'\n    sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'",
      );
      const fix = fixesFor(text, 'ecr-get-login-removed').find((f) => f.kind === 'ecr-get-login-password');
      assert.equal(
        apply(text, fix),
        scripted(
          "    sh 'aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com'\n    sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'",
        ),
      );
      assert.equal(fix!.safe, true);
    });

    it('takes the registry from docker.withRegistry and replaces eval $(…) whole', () => {
      const text = scripted(
        "    sh 'eval $(aws ecr get-login --region us-east-2 --no-include-email)'\n    docker.withRegistry('https://210987654321.dkr.ecr.us-east-2.amazonaws.com') {\n      docker.build('app').push()\n    }",
      );
      const fix = fixesFor(text, 'ecr-get-login-removed').find((f) => f.kind === 'ecr-get-login-password');
      assert.match(
        apply(text, fix),
        /sh 'aws ecr get-login-password --region us-east-2 \| docker login --username AWS --password-stdin 210987654321\.dkr\.ecr\.us-east-2\.amazonaws\.com'\n/,
      );
    });

    it('leaves a clear placeholder when the registry is unknown, and is then not safe', () => {
      const text = scripted("    sh '$(aws ecr get-login --no-include-email --region ap-south-1)'");
      const fix = fixesFor(text, 'ecr-get-login-removed').find((f) => f.kind === 'ecr-get-login-password');
      assert.match(apply(text, fix), /--password-stdin AWS_ACCOUNT_ID\.dkr\.ecr\.ap-south-1\.amazonaws\.com'/);
      assert.equal(fix!.safe, false);
      assert.deepEqual(safeFixEdits(buildModel(text), findings(text, 'ecr-get-login-removed')), []);
    });

    it('escapes for a GString script and keeps the rest of it', () => {
      const text = scripted(
        '    sh "echo \\${HOME} && \\$(aws ecr get-login --no-include-email --region eu-west-1) && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a"',
      );
      const fix = fixesFor(text, 'ecr-get-login-removed').find((f) => f.kind === 'ecr-get-login-password');
      assert.equal(
        apply(text, fix),
        scripted(
          '    sh "echo \\${HOME} && aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com && docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a"',
        ),
      );
    });
  });

  describe('aws ecr get-login: only rewrites that keep the meaning (#13)', function () {
    this.timeout(120_000);
    const results: string[] = [];
    const applied = (text: string, fix: QuickFix | undefined): string => {
      const result = apply(text, fix);
      results.push(result);
      return result;
    };
    after('Groovy 2.4 compiles every result and sh -n passes its scripts', () => {
      const verdicts = judgeGroovy(results.map((text, i) => ({ name: `result ${i}`, text })));
      for (const verdict of verdicts) assert.ok(verdict.compiles, groovyErrorsText(verdict));
      const scripts = verdicts.flatMap((v) => v.sh.map((s) => ({ name: `${v.name}:${s.line}`, script: s.text })));
      assert.ok(scripts.length >= results.length);
      for (const verdict of judgeShell(scripts)) assert.ok(verdict.ok, shellErrorsText(verdict));
    });
    const registry = "    sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'";
    const ecrFix = (text: string) => fixesFor(text, 'ecr-get-login-removed').find((f) => f.kind === 'ecr-get-login-password');

    it('the password cut out of the output becomes get-login-password, in an assignment inside a substitution', () => {
      const text = scripted(
        `    sh '''\n      PASS=$(aws ecr get-login --no-include-email --region eu-west-1 | cut -d' ' -f6)\n      echo "$PASS" | helm registry login x --password-stdin\n    '''\n${registry}`,
      );
      const fix = ecrFix(text);
      assert.equal(fix?.safe, true);
      assert.match(applied(text, fix), /PASS=\$\(aws ecr get-login-password --region eu-west-1\)\n/);
    });

    it("keeps --profile and drops only get-login's own options (returnStdout, awk)", () => {
      const text = scripted(
        `    def t = sh(script: "aws --profile ci ecr get-login --region eu-west-1 --registry-ids 123456789012 | awk '{print \\$6}'", returnStdout: true)\n${registry}`,
      );
      assert.match(applied(text, ecrFix(text)), /sh\(script: "aws --profile ci ecr get-login-password --region eu-west-1", returnStdout: true\)/);
    });

    for (const [shape, body] of [
      ['the printed command kept in a variable', "    sh 'LOGIN=$(aws ecr get-login --no-include-email --region eu-west-1); echo $LOGIN'"],
      ['backquotes in an assignment', "    sh 'LOGIN=`aws ecr get-login --no-include-email --region eu-west-1`'"],
      ['a returnStdout step', "    def l = sh(script: 'aws ecr get-login --no-include-email --region eu-west-1', returnStdout: true)"],
      ['a returnStdout step that runs it', "    def l = sh(script: '$(aws ecr get-login --no-include-email --region eu-west-1)', returnStdout: true)"],
      ['the output written to a file', "    sh 'aws ecr get-login --no-include-email --region eu-west-1 > login.sh'"],
      ['the output piped elsewhere', "    sh 'aws ecr get-login --no-include-email --region eu-west-1 | tee login.txt'"],
      ['the bare command (prints, logs in to nothing)', "    sh 'aws ecr get-login --no-include-email --region eu-west-1'"],
      ['a substitution as an argument', "    sh 'echo $(aws ecr get-login --no-include-email --region eu-west-1)'"],
      ['an option the rewrite would lose', "    sh '$(aws --profile ci ecr get-login --no-include-email --region eu-west-1)'"],
    ]) {
      it(`no fix for ${shape}`, () => {
        const text = scripted(`${body}\n${registry}`);
        assert.equal(ecrFix(text), undefined);
        assert.deepEqual(safeFixEdits(buildModel(text), findings(text, 'ecr-get-login-removed')), []);
      });
    }

    it('runs `… | sh` and eval $(… | sed s|https://||) as docker login', () => {
      for (const body of [
        "    sh 'aws ecr get-login --no-include-email --region eu-west-1 | sh'",
        "    sh 'eval $(aws ecr get-login --no-include-email --region eu-west-1 | sed \\'s|https://||\\')'",
      ]) {
        const text = scripted(`${body}\n${registry}`);
        assert.match(
          applied(text, ecrFix(text)),
          /sh 'aws ecr get-login-password --region eu-west-1 \| docker login --username AWS --password-stdin 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com'/,
        );
      }
    });
  });

  describe('suppression', () => {
    it('adds a disable-next-line comment with the line indentation', () => {
      const text = scripted("    sh 'pip install awscli'");
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'disable-next-line');
      const after = apply(text, fix);
      assert.equal(after, scripted("    // jenkinsfile-kaniko-disable-next-line aws-cli-per-run-install\n    sh 'pip install awscli'"));
      assert.deepEqual(findings(after, 'aws-cli-per-run-install'), []);
    });

    it('extends a suppression comment already above the line', () => {
      const text = scripted(
        "    // jenkinsfile-kaniko-disable-next-line ecr-get-login-removed\n    sh 'pip install awscli && $(aws ecr get-login --region eu-west-1)'",
      );
      const fix = fixesFor(text, 'aws-cli-per-run-install').find((f) => f.kind === 'disable-next-line');
      const after = apply(text, fix);
      assert.match(after, /disable-next-line ecr-get-login-removed, aws-cli-per-run-install\n/);
      assert.deepEqual(findings(after, 'aws-cli-per-run-install'), []);
    });

    it('offers no line comment inside a multi-line string, only the file-level one', () => {
      const text = `pipeline {\n  agent {\n    kubernetes {\n      yaml '''\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n'''\n    }\n  }\n  stages { stage('A') { steps { sh 'true' } } }\n}\n`;
      const fixes = fixesFor(text, 'dind-privileged');
      assert.ok(!fixes.some((f) => f.kind === 'disable-next-line'));
      const after = apply(
        text,
        fixes.find((f) => f.kind === 'disable-file'),
      );
      assert.ok(after.startsWith('// jenkinsfile-kaniko-disable dind-privileged\n'));
      assert.deepEqual(findings(after, 'dind-privileged'), []);
    });

    it('never offers privileged: false for a dind container', () => {
      const text = `pipeline {\n  agent {\n    kubernetes {\n      yaml '''\nspec:\n  containers:\n  - name: dind\n    image: docker:dind\n    securityContext:\n      privileged: true\n'''\n    }\n  }\n  stages { stage('A') { steps { sh 'true' } } }\n}\n`;
      for (const fix of fixesFor(text, 'dind-privileged')) {
        assert.ok(!fix.edits.some((e) => /privileged: false/.test(e.newText)));
      }
    });
  });

  it('fix-all applies only the safe fixes', () => {
    const text = scripted(
      "    sh 'pip install awscli'\n    sh '$(aws ecr get-login --no-include-email --region eu-west-1)'\n    sh 'docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1'",
    );
    const model = buildModel(text);
    const all = runRules(model, { severities: {}, kanikoImage: DEFAULT_SETTINGS.kanikoImage });
    const result = applyEdits(text, safeFixEdits(model, all));
    assert.ok(result.ok);
    assert.match(result.text, /sh 'pip install awscli'/);
    assert.match(result.text, /get-login-password --region eu-west-1 \| docker login/);
  });
});
