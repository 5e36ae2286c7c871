/**
 * The typed rule→fix contract: which code actions a finding offers comes from its rule's
 * `meta.codeActions`, and nothing outside a rule's own file names a rule by a string literal.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quickFixesFor } from '../../../server/src/fixes';
import { buildModel } from '../../../server/src/model';
import { defineRule, RULES, RULES_BY_ID, rulesOffering, runRules } from '../../../server/src/rules';
import { JenkinsfileLanguageService } from '../../../server/src/service';
import { migrationFixtures } from '../fixes/helpers';

const ROOT = path.join(__dirname, '../../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('rule → fix contract', () => {
  it('no source file outside a rule names that rule by a quoted id (the registry and meta.codeActions carry it)', () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles(path.join(ROOT, 'server/src')), ...sourceFiles(path.join(ROOT, 'client/src'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const rule of RULES) {
        const id = rule.meta.id;
        if (path.basename(file) === `${id}.ts` && path.basename(path.dirname(file)) === 'rules') continue;
        if (new RegExp(`(['"])${id}\\1`).test(text)) offenders.push(`${path.relative(ROOT, file)}: '${id}'`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the migration is offered by exactly the rules that declare it', () => {
    assert.deepEqual(rulesOffering('migrate-to-kaniko').sort(), ['aws-cli-per-run-install', 'dind-privileged', 'docker-daemon-build', 'docker-socket-mount']);
  });

  it('each finding of the seed offers the migration and the quick fixes its rule declares, and no others', () => {
    const seed = migrationFixtures().find((f) => f.name === 'seed')!;
    const service = new JenkinsfileLanguageService();
    const document = { uri: 'file:///repo/Jenkinsfile', text: seed.before, version: 1 };
    const diagnostics = service.diagnostics(document, seed.settings);
    const model = buildModel(seed.before);
    const findings = runRules(model, { severities: seed.settings.rules, kanikoImage: seed.settings.kanikoImage });
    assert.deepEqual(
      new Set(findings.map((f) => f.ruleId)),
      new Set(['dind-privileged', 'aws-cli-per-run-install', 'ecr-get-login-removed', 'docker-daemon-build']),
    );
    const offeredQuickFixes = new Set<string>();
    for (const diagnostic of diagnostics) {
      const rule = RULES_BY_ID.get(String(diagnostic.code))!;
      const actions = service.codeActions(document, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] }, seed.settings);
      const migrates = actions.some((a) => a.title === "Migrate stage 'Build' to Kaniko");
      assert.equal(migrates, rule.meta.codeActions.includes('migrate-to-kaniko'), `${rule.meta.id}: migration offered`);
    }
    for (const finding of findings) {
      const declared = RULES_BY_ID.get(finding.ruleId)!.meta.codeActions;
      for (const fix of quickFixesFor(model, finding)) {
        if (fix.kind === 'disable-next-line' || fix.kind === 'disable-file') continue;
        assert.ok((declared as readonly string[]).includes(fix.kind), `${finding.ruleId} offers ${fix.kind} without declaring it`);
        offeredQuickFixes.add(fix.kind);
      }
    }
    // The seed's AWS CLI install and get-login both have their fix, found through the metadata alone.
    assert.deepEqual([...offeredQuickFixes].sort(), ['ecr-get-login-password', 'remove-aws-cli-install']);
  });

  it('defineRule refuses a code action whose data the rule does not carry (checked by the compiler)', () => {
    const rule = defineRule<{ podId: number }>()({
      meta: {
        id: 'example-rule',
        defaultSeverity: 'hint',
        title: 't',
        description: 'd',
        fix: 'f',
        codeActions: [
          'migrate-to-kaniko',
          // @ts-expect-error remove-aws-cli-install reads `stepStart`, which this rule's data lacks
          'remove-aws-cli-install',
        ],
      },
      check: () => [],
    });
    // The id stays a literal type: what the registry derives `RuleId` from.
    const id: 'example-rule' = rule.meta.id;
    assert.equal(id, 'example-rule');
  });
});
