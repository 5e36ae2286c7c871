import { contextScheme, CONTEXT_SCHEMES, DEFAULT_CONTEXT, givesContext } from '../kaniko/command';
import { scriptSpan } from '../model';
import { executorCommands } from './kaniko-helpers';
import { defineRule, type Finding } from './types';

export interface KanikoContextData {
  stepStart: number;
  stepEnd: number;
  /** `missing`: no `--context`, so the executor builds /workspace/; `unknown-scheme`: a prefix it does not know. */
  problem: 'missing' | 'unknown-scheme';
  scheme?: string;
}

export const kanikoContext = defineRule<KanikoContextData>()({
  meta: {
    id: 'kaniko-context',
    defaultSeverity: 'warning',
    title: 'Kaniko build context that is not the checkout',
    description:
      'Without `--context` the executor builds `/workspace/`, a directory of the Kaniko container, not the Jenkins workspace where the checkout is; and it stops with "unknown build context prefix" on a prefix other than gs://, s3://, dir://, git://, https:// or tar:// (plain `http://` included).',
    fix: 'Pass the checkout: `--context "$WORKSPACE"` (or `dir://$WORKSPACE`); for a remote context use one of the prefixes the executor knows, written in lower case.',
    codeActions: [],
  },
  check(model) {
    const findings: Array<Finding<KanikoContextData>> = [];
    const executors = executorCommands(model);
    for (let x = 0; x < executors.length; x++) {
      const executor = executors[x];
      const { invocation, step, program } = executor;
      if (invocation.subcommand || invocation.opaque.length > 0 || executor.asksForHelp) continue;
      const data = { stepStart: step.call.start, stepEnd: step.call.end };
      if (!givesContext(invocation)) {
        // A volume mounted at /workspace holds what the pipeline put there: the default is then meant.
        const mounts = executor.container?.volumeMounts ?? [];
        if (mounts.some((mount) => mount.mountPath === '/workspace' || mount.mountPath === DEFAULT_CONTEXT)) continue;
        findings.push({
          ...scriptSpan(step.script, program.start, program.end),
          message: `The executor has no --context, so it builds ${DEFAULT_CONTEXT} of the Kaniko container, not the Jenkins workspace where the checkout is: the Dockerfile or its COPY sources are not found. Add --context "$WORKSPACE" (or dir://$WORKSPACE).`,
          data: { ...data, problem: 'missing' },
        });
        continue;
      }
      for (const use of invocation.flags) {
        if (use.singleDashLong || use.flag?.name !== 'context' || use.value === undefined) continue;
        const scheme = contextScheme(use.value);
        if (!scheme || scheme.known) continue;
        // The value is its own word, or follows `=` in the flag's word (`--context=http://…`).
        const word = use.valueWord ?? use.word;
        const at = step.script.text.slice(word.start, word.end).indexOf(scheme.scheme);
        const start = at < 0 ? word.start : word.start + at;
        const end = at < 0 ? word.end : start + scheme.scheme.length;
        findings.push({
          ...scriptSpan(step.script, start, end),
          message: unknownSchemeMessage(scheme.scheme),
          data: { ...data, problem: 'unknown-scheme', scheme: scheme.scheme },
        });
      }
    }
    return findings;
  },
});

function unknownSchemeMessage(scheme: string): string {
  const stop = `the executor stops with "unknown build context prefix provided"; it knows ${CONTEXT_SCHEMES.join(', ')}`;
  if (scheme === 'http://')
    return `Kaniko fetches a context tarball over https:// only: with http:// ${stop}. Serve it over https://, or download it first and pass tar://<file>.`;
  const lower = scheme.toLowerCase();
  if (lower !== scheme && CONTEXT_SCHEMES.includes(lower)) return `Context prefixes are matched as written: ${stop}. Write ${lower}.`;
  if (/^git\+|^ssh:\/\/$/.test(lower))
    return `'${scheme}' is not a context prefix: ${stop}. For a Git repository write git://<host>/<repo>.git (with --git branch=…), or clone it first and pass the directory.`;
  return `Unknown build context prefix '${scheme}': ${stop}.`;
}
