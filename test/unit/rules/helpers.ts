/** Shared by the rule tests: run the rules on a Jenkinsfile string and look at what they report. */
import assert from 'node:assert/strict';
import { buildModel } from '../../../server/src/model';
import { diagnosticsOf, runRules, type RuleDiagnostic, type RuleDiagnosticOf, type RuleId, type SeveritySetting } from '../../../server/src/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/shared/settings';
import { toAllman } from '../parser/allman';

function lintOnce(text: string, severities: Record<string, SeveritySetting>): RuleDiagnostic[] {
  return runRules(buildModel(text), {
    severities,
    kanikoImage: DEFAULT_SETTINGS.kanikoImage,
    onRuleError: (ruleId, error) => {
      throw new Error(`rule ${ruleId} threw: ${error instanceof Error ? error.stack : String(error)}`);
    },
  });
}

/**
 * Runs the rules, and checks on the way that the same pipeline re-braced in Allman style (every
 * `{` on a line of its own, where Groovy still attaches it) gets the same findings on the same text.
 */
export function lint(text: string, severities: Record<string, SeveritySetting> = {}): RuleDiagnostic[] {
  const diagnostics = lintOnce(text, severities);
  const allman = toAllman(text);
  if (allman !== text) {
    const seen = (t: string, ds: RuleDiagnostic[]) => ds.map((d) => `${d.ruleId} ${d.severity}: ${t.slice(d.start, d.end)}`);
    assert.deepEqual(seen(allman, lintOnce(allman, severities)), seen(text, diagnostics), 'the findings differ when the pipeline is written in Allman style');
  }
  return diagnostics;
}

/** Diagnostics of one rule. */
export function diagnostics<Id extends RuleId>(text: string, ruleId: Id): Array<RuleDiagnosticOf<Id>> {
  return diagnosticsOf(lint(text), ruleId);
}

/** The exact text each diagnostic of `ruleId` underlines. */
export function ranges(text: string, ruleId: RuleId): string[] {
  return diagnostics(text, ruleId).map((d) => text.slice(d.start, d.end));
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/**
 * A declarative pipeline with one stage whose agent is the given pod YAML (written at column 0,
 * as people paste it) and whose steps are `steps` (Groovy statements).
 */
export function declarative(podYaml: string, steps: string, options: { defaultContainer?: string; quote?: "'''" | '"""' } = {}): string {
  const quote = options.quote ?? "'''";
  const defaultContainer = options.defaultContainer ? `\n          defaultContainer '${options.defaultContainer}'` : '';
  return `pipeline {
  agent none
  stages {
    stage('Build') {
      agent {
        kubernetes {${defaultContainer}
          yaml ${quote}
${podYaml.trim()}
${quote}
        }
      }
      steps {
${steps}
      }
    }
  }
}
`;
}

/** A pod YAML with one container, fields given as YAML lines under the container item. */
export function podWith(name: string, image: string, ...fields: string[]): string {
  return ['apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', `  - name: ${name}`, `    image: ${image}`, ...fields.map((f) => `    ${f}`)].join('\n');
}
