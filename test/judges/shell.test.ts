import assert from 'node:assert/strict';
import { GROOVY_VALUE } from './groovy';
import { judgeShell, shellErrorsText, shellsUsed } from './shell';

describe('judge: POSIX shell (sh -n)', () => {
  it('judges with dash, and with busybox sh (the Kaniko debug image shell) when installed', () => {
    assert.equal(shellsUsed()[0], 'dash');
  });

  it('passes what the migration writes, with GString values as placeholders', () => {
    const verdicts = judgeShell([
      { name: 'executor', script: `/kaniko/executor --context \`pwd\` --destination ${GROOVY_VALUE}:${GROOVY_VALUE}` },
      { name: 'multi-line', script: '\nset -e\nif [ -n "$TAG" ]; then\n  echo "$TAG"\nfi\n' },
      { name: 'password', script: `aws ecr get-login-password --region ${GROOVY_VALUE} | docker login --username AWS --password-stdin ${GROOVY_VALUE}` },
    ]);
    for (const verdict of verdicts) assert.ok(verdict.ok, shellErrorsText(verdict));
  });

  it("catches what is not a shell script, with the shell's message", () => {
    const [unclosedIf, danglingAnd, unclosedQuote] = judgeShell([
      { name: 'unclosed if', script: 'if [ -f x ]; then\n  echo x\n' },
      // #13's second wrong rewrite left a chain like this when a command was cut out.
      { name: 'dangling &&', script: 'unzip -q awscliv2.zip &&\n' },
      { name: 'unclosed quote', script: 'echo "abc\n' },
    ]);
    for (const verdict of [unclosedIf, danglingAnd, unclosedQuote]) {
      assert.equal(verdict.ok, false, verdict.name);
      assert.deepEqual(
        verdict.errors.map((e) => e.shell),
        shellsUsed(),
      );
      assert.match(verdict.errors[0].message, /script: \d+: Syntax error/);
    }
  });
});
