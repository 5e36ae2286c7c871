/**
 * The YAML 1.1 judge: PyYAML (scripts/setup-yaml11.sh), which reads like go-yaml in kubectl
 * (`yes`/`on` are booleans, `0755` octal, NEL a line break). One python3 process per batch.
 */
import { spawnSync } from 'node:child_process';

export interface Yaml11Verdict {
  /** Every document as PyYAML reads it (JSON-compatible), or the error text. */
  documents?: unknown[];
  error?: string;
}

export function judgeYaml11(texts: string[]): Yaml11Verdict[] {
  const script = [
    'import json, sys, yaml',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    try:',
    '        out.append({"documents": list(yaml.safe_load_all(text))})',
    '    except yaml.YAMLError as e:',
    '        out.append({"error": str(e)})',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`python3 with PyYAML is needed (bash scripts/setup-yaml11.sh): ${String(result.error ?? result.stderr)}`);
  }
  return JSON.parse(result.stdout) as Yaml11Verdict[];
}
