/**
 * Why a migration is refused, as stable codes: the CLI prints them (`skipped stage 'x' [code]: …`),
 * the editor shows them, the corpus reports reach by them and docs/migration.md explains each one.
 * A code names the kind of obstacle; the reason text beside it names the line and the detail.
 */

/** Every reason code, with what it means and what the user can change. */
export const REASONS = {
  'no-pod': { means: 'the stage runs on no Kubernetes pod agent', change: 'nothing to migrate here' },
  'no-daemon': { means: 'the pod has no Docker daemon (no dind container, no Docker socket)', change: 'nothing to migrate here' },
  'no-build': { means: 'the stage reaches a daemon but builds no image', change: 'nothing for Kaniko to do; remove the daemon by hand if unused' },
  'no-visible-build': {
    means: 'the pod has a daemon but no docker command in this file (a script it calls may build)',
    change: 'move the docker commands into the Jenkinsfile, or migrate the script by hand',
  },
  'syntax-error': { means: 'the stage or its pod declaration has Groovy syntax errors, or the pod YAML does not parse', change: 'fix the syntax first' },
  yamlfile: {
    means: 'the pod is in a separate file (`yamlFile`), and only the Jenkinsfile can be written here (`fix --stdout`)',
    change: 'run fix without --stdout (--diff shows both files), or use the code action',
  },
  'dind-and-socket': { means: 'a dind container and the Docker socket in one pod', change: 'keep one daemon' },
  'several-daemons': { means: 'several dind containers, or several containers mounting the socket', change: 'keep one daemon per pod' },
  'several-containers': { means: 'the builds run in different containers of the pod', change: 'run them in one container' },
  'pod-layout': {
    means:
      'the pod is written in a form the migration cannot edit safely (flow style, map-form containers, YAML built from parts, a container already named kaniko)',
    change: 'write the pod in block style / containerTemplate(…) form',
  },
  'runs-container': {
    means: '`docker run`, `.inside`, `withRun` use the built image through the daemon',
    change: 'run the tests in the build (a RUN step) or in a separate pod from the pushed image',
  },
  'docker-compose': { means: 'docker-compose builds and runs through the daemon', change: 'one docker build per image' },
  buildx: { means: '`docker buildx` (several platforms, builders)', change: 'one executor call per platform (--custom-platform)' },
  'multi-platform': {
    means: '`--platform a,b`: Kaniko builds one platform per run',
    change: 'one executor call per platform, the manifest list made elsewhere',
  },
  manifest: { means: '`docker manifest` has no Kaniko counterpart', change: 'build the manifest list with a registry tool (crane, manifest-tool)' },
  'daemon-command': {
    means: 'another docker command that needs the daemon (`docker exec`, `docker save`, `docker cp`, …)',
    change: 'move it out of the pod, or migrate that part by hand',
  },
  'daemon-used-elsewhere': { means: 'another stage or unit still uses the same daemon', change: 'migrate those steps too, or move them to another pod' },
  'conditional-push': {
    means:
      'a push runs only under a condition the build does not share (a stage `when`, an `if` or `switch`, a loop or `.each { }`, a `post { failure }`) or waits for an `input` the build does not wait for: Kaniko pushes as it builds',
    change: 'put the build under the same condition as the push, or migrate by hand',
  },
  'image-not-built-here': { means: 'a pushed or tagged image is not built in the unit', change: 'build and push in the same pod' },
  'image-used': {
    means: 'the built image (its variable, or the step output) is used for more than pushing',
    change: 'push by name, and test the pushed image elsewhere',
  },
  'expression-name': { means: 'an image name or argument the executor line cannot carry', change: 'write it as one string (`"${registry}:${BUILD_NUMBER}"`)' },
  'unsafe-destination': {
    means: 'an image name or registry holds a character impossible in an image reference (a backquote, `;`, a space, …)',
    change: 'fix the registry URL or image name',
  },
  'build-option': {
    means: 'a docker build option with no Kaniko equivalent, or a context/Dockerfile Kaniko cannot read (stdin, URL)',
    change: 'drop the option or write the executor call by hand',
  },
  'shell-form': {
    means:
      'a docker command the migration cannot lift out of its script: under if/for/while, piped, after `||`, in a command substitution, or a script not written in the step',
    change: 'put the docker commands in their own sh steps',
  },
  'busybox-command': {
    means: 'a command that would move into the Kaniko container, whose debug image has only busybox',
    change: 'run that command in another container',
  },
  'unsupported-wrapper': { means: 'a wrapper step around the build the migration does not handle yet', change: 'migrate by hand' },
  'registry-wrapper': {
    means: '`docker.withRegistry`/`withDockerRegistry` written so its block cannot be unwrapped (shares lines, wraps more than the unit, an unreadable URL)',
    change: 'put the wrapper on its own lines around the unit',
  },
  'internal-error': { means: 'a bug in the planner', change: 'please report it with the Jenkinsfile' },
} as const satisfies Record<string, { means: string; change: string }>;

export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

/** The code for a docker verb that needs the daemon (`run`, `compose`, `buildx`, `manifest`, …). */
export function daemonVerbCode(verb: string, group?: string): ReasonCode {
  const head = group ?? verb.split(' ')[0];
  if (head === 'docker-compose' || head === 'compose') return 'docker-compose';
  if (head === 'buildx') return 'buildx';
  if (head === 'manifest') return 'manifest';
  const action = group === 'container' ? verb.split(' ')[1] : verb;
  if (['run', 'exec', 'create', 'start', 'attach'].includes(action ?? '')) return 'runs-container';
  return 'daemon-command';
}
