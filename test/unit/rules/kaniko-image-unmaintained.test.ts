import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-image-unmaintained';

describe(`rule ${ID}`, () => {
  it('hints on gcr.io/kaniko-project images, on the image, naming the maintained forks', () => {
    const text = declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:v1.24.0-debug', 'command: [/busybox/cat]', 'tty: true'), "        echo 'x'");
    assert.deepEqual(ranges(text, ID), ['gcr.io/kaniko-project/executor:v1.24.0-debug']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'hint');
    assert.match(d.message, /2025-06-03/);
    assert.match(d.message, /osscontainertools/);
    assert.match(d.message, /martizih\/kaniko/);
    assert.match(d.message, /chainguard/);
  });

  it('hints on the warmer, mirrors of the upstream path and containerTemplate images (without quotes)', () => {
    assert.deepEqual(ranges(declarative(podWith('warmer', 'gcr.io/kaniko-project/warmer:latest'), "        echo 'x'"), ID), [
      'gcr.io/kaniko-project/warmer:latest',
    ]);
    assert.deepEqual(ranges(declarative(podWith('k', 'harbor.example.com/gcr/kaniko-project/executor:debug'), "        echo 'x'"), ID), [
      'harbor.example.com/gcr/kaniko-project/executor:debug',
    ]);
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: "gcr.io/kaniko-project/executor:debug", command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { echo 'x' }
}`;
    assert.deepEqual(ranges(template, ID), ['gcr.io/kaniko-project/executor:debug']);
  });

  it('names an interpolated image as written', () => {
    const text = declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:${KANIKO_VERSION}-debug'), "        echo 'x'", { quote: '"""' });
    assert.deepEqual(ranges(text, ID), ['gcr.io/kaniko-project/executor:${KANIKO_VERSION}-debug']);
    const [d] = diagnostics(text, ID);
    assert.match(d.message, /executor:\$\{KANIKO_VERSION\}-debug/);
    assert.equal(d.data?.image, 'gcr.io/kaniko-project/executor:${KANIKO_VERSION}-debug');
  });

  it('stays silent on the maintained forks, other images and mentions in text', () => {
    for (const image of [
      'martizih/kaniko:v1.27.6-debug',
      'ghcr.io/osscontainertools/kaniko:latest',
      'cgr.dev/chainguard/kaniko:latest-dev',
      'docker:dind',
      'alpine',
    ]) {
      assert.deepEqual(ranges(declarative(podWith('k', image), "        echo 'x'"), ID), [], image);
    }
    const text = declarative(
      podWith('k', 'alpine', '# image: gcr.io/kaniko-project/executor:debug'),
      "        echo 'gcr.io/kaniko-project/executor:debug'\n        // gcr.io/kaniko-project/executor:debug",
    );
    assert.deepEqual(ranges(text, ID), []);
  });
});
