/**
 * What is worked out once and shared by the Kaniko rules: each container's Kaniko image (`kanikoImage`), each
 * executor's destinations and --help, and where a flag's characters are in its word.
 */
import assert from 'node:assert/strict';
import { parseExecutorArgs, type WordLike } from '../../../server/src/kaniko/command';
import { kanikoImage } from '../../../server/src/kaniko/images';
import { buildModel } from '../../../server/src/model';
import { destinations, executorCommands, writtenKanikoImage } from '../../../server/src/rules/kaniko-helpers';

describe('kaniko: facts worked out once', () => {
  describe("a container's kanikoImage", () => {
    const containers = (text: string) => buildModel(text).pods.flatMap((pod) => pod.containers);

    it('is what kanikoImage answers for the container image, in YAML and containerTemplate pods', () => {
      const [yaml, template] = [
        ...containers(`podTemplate(yaml: '''
spec:
  containers:
  - name: kaniko
    image: gcr.io/kaniko-project/executor:v1.23.2-debug
''') { node(POD_LABEL) { sh 'true' } }`),
        ...containers(
          "podTemplate(containers: [containerTemplate(name: 'k', image: 'ghcr.io/osscontainertools/kaniko:v1.28.3-alpine')]) { node(POD_LABEL) { sh 'true' } }",
        ),
      ];
      assert.deepEqual(yaml.kanikoImage, kanikoImage('gcr.io/kaniko-project/executor:v1.23.2-debug'));
      assert.equal(yaml.kanikoImage?.variant, 'debug');
      assert.equal(template.kanikoImage?.variant, 'alpine');
      assert.equal(template.kanikoImage?.distribution, 'osscontainertools');
      // What the container's other Kaniko facts are read from.
      assert.equal(yaml.isKaniko, true);
      assert.equal(template.kanikoHasShell, true);
    });

    it('is undefined for images that are not Kaniko, and for none; set for a Kaniko image that is not an executor', () => {
      const all = containers(`podTemplate(yaml: '''
spec:
  containers:
  - name: dind
    image: docker:24-dind
  - name: jnlp
    image: jenkins/inbound-agent
  - name: none
  - name: warmer
    image: gcr.io/kaniko-project/warmer:v1.23.2
''') { node(POD_LABEL) { sh 'true' } }`);
      assert.deepEqual(
        all.map((c) => c.kanikoImage),
        [undefined, undefined, undefined, kanikoImage('gcr.io/kaniko-project/warmer:v1.23.2')],
      );
      assert.equal(all[3].kanikoImage?.role, 'warmer');
      assert.equal(all[3].isKaniko, false, 'a warmer builds nothing');
    });
  });

  describe('executor commands', () => {
    const model = (script: string, image = 'gcr.io/kaniko-project/executor:v1.23.2-debug') =>
      buildModel(`podTemplate(containers: [containerTemplate(name: 'kaniko', image: "${image}", command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { container('kaniko') { sh '''${script}''' } }
}`);

    it('collects the destination flags in any spelling, and the images pushed', () => {
      const [executor] = executorCommands(
        model('/kaniko/executor --context . --destination reg/a:1 -d reg/b:2 --destination= -destination=x --destination=reg/c:3'),
      );
      assert.deepEqual(
        executor.destinationFlags.map((use) => use.written),
        ['--destination', '-d', '--destination', '-destination', '--destination'],
      );
      assert.deepEqual(
        executor.pushes.map((push) => push.value),
        ['reg/a:1', 'reg/b:2', 'reg/c:3'],
      );
      assert.deepEqual(executor.pushes, destinations(executor.invocation));
      assert.equal(executor.asksForHelp, false);
    });

    it('knows an executor asked for its help (not a single-dash -help)', () => {
      const [help, short, single] = executorCommands(model('/kaniko/executor --help\n/kaniko/executor -h\n/kaniko/executor -help'));
      assert.equal(help.asksForHelp, true);
      assert.equal(short.asksForHelp, true);
      assert.equal(single.asksForHelp, false);
    });

    it('reads the written image of an interpolated container image from its text', () => {
      const interpolated = buildModel(`def v = 'v1.23.2'
podTemplate(containers: [containerTemplate(name: 'kaniko', image: "gcr.io/kaniko-project/executor:\${v}-debug", command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --context . --destination reg/a:1' } }
}`);
      const [executor] = executorCommands(interpolated);
      const container = executor.container!;
      assert.equal(writtenKanikoImage(container, container.image!), container.kanikoImage);
      const written = 'gcr.io/kaniko-project/executor:${v}-debug';
      assert.deepEqual(writtenKanikoImage(container, written), kanikoImage(written));
    });
  });

  describe('where a flag is written', () => {
    const word = (text: string, start: number, end: number): WordLike => ({ text, start, end });

    it('at the start of its word, or after an opening quote', () => {
      const source = `x --cache=true "--destination=a b" '-d' y`;
      const parsed = parseExecutorArgs([word('--cache=true', 2, 14), word('--destination=a b', 15, 34), word('-d', 35, 39)], source);
      assert.deepEqual(
        parsed.flags.map((use) => source.slice(use.start, use.end)),
        ['--cache', '--destination', '-d'],
      );
    });

    it('the whole word when the flag is not where it can be found, or without the source', () => {
      // `--"cache"`: the unquoted text is --cache, the source has the quotes inside.
      const source = `--"cache" -"d"x`;
      const parsed = parseExecutorArgs([word('--cache', 0, 9), word('-dx', 10, 15)], source);
      assert.deepEqual(
        parsed.flags.map((use) => [use.start, use.end]),
        [
          [0, 9],
          [10, 15],
        ],
      );
      const unlocated = parseExecutorArgs([word('--cache', 4, 11)]);
      assert.deepEqual([unlocated.flags[0].start, unlocated.flags[0].end], [4, 11]);
      // A word running past the end of the source is located only within it.
      const short = parseExecutorArgs([word('--cache', 0, 20)], '--cach');
      assert.deepEqual([short.flags[0].start, short.flags[0].end], [0, 20]);
    });

    it('the whole word for the later letters of a shorthand group', () => {
      const source = '-hv debug';
      const parsed = parseExecutorArgs([word('-hv', 0, 3), word('debug', 4, 9)], source);
      assert.deepEqual(
        parsed.flags.map((use) => [use.written, use.start, use.end]),
        [
          ['-h', 0, 2],
          ['-v', 0, 3],
        ],
      );
    });
  });
});
