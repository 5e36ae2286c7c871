import assert from 'node:assert/strict';
import { declarative, diagnostics, podWith, ranges } from './helpers';

const ID = 'kaniko-no-shell';
const STEPS = "        container('kaniko') {\n          sh '/kaniko/executor --context . --destination r.example.com/app:1'\n        }";

describe(`rule ${ID}`, () => {
  it('fires on a non-debug Kaniko image used for sh steps, on the image, suggesting its debug variant', () => {
    const text = declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:v1.23.2', 'command: [/busybox/cat]', 'tty: true'), STEPS);
    assert.deepEqual(ranges(text, ID), ['gcr.io/kaniko-project/executor:v1.23.2']);
    const [d] = diagnostics(text, ID);
    assert.equal(d.severity, 'error');
    assert.equal(d.data?.suggestedImage, 'gcr.io/kaniko-project/executor:v1.23.2-debug');
    assert.match(d.message, /v1\.23\.2-debug/);
  });

  it('fires on :latest, untagged, -slim and fork images without a shell', () => {
    for (const image of [
      'gcr.io/kaniko-project/executor:latest',
      'gcr.io/kaniko-project/executor',
      'gcr.io/kaniko-project/executor:v1.9.0-slim',
      'martizih/kaniko:v1.27.6',
      'cgr.dev/chainguard/kaniko:latest',
    ]) {
      assert.deepEqual(ranges(declarative(podWith('kaniko', image, 'command: [/busybox/cat]', 'tty: true'), STEPS), ID), [image], image);
    }
  });

  it('fires on a containerTemplate image, without its quotes, and through the defaultContainer', () => {
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: 'gcr.io/kaniko-project/executor:v1.9.0', command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --no-push' } }
}`;
    assert.deepEqual(ranges(template, ID), ['gcr.io/kaniko-project/executor:v1.9.0']);
    const viaDefault = declarative(podWith('builder', '"gcr.io/kaniko-project/executor:v1.9.0"', 'command: [/busybox/cat]', 'tty: true'), "        sh 'ls'", {
      defaultContainer: 'builder',
    });
    assert.deepEqual(ranges(viaDefault, ID), ['gcr.io/kaniko-project/executor:v1.9.0']);
  });

  it('stays silent when the tag is interpolated (it may be a debug one)', () => {
    const yaml = declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:${KANIKO_VERSION}', 'command: [/busybox/cat]', 'tty: true'), STEPS, {
      quote: '"""',
    });
    assert.deepEqual(ranges(yaml, ID), []);
    const template = `podTemplate(containers: [containerTemplate(name: 'kaniko', image: "gcr.io/kaniko-project/executor:\${KANIKO_VERSION}", command: '/busybox/cat', ttyEnabled: true)]) {
  node(POD_LABEL) { container('kaniko') { sh '/kaniko/executor --no-push' } }
}`;
    assert.deepEqual(ranges(template, ID), []);
  });

  it('stays silent on debug images, digests, unused containers and non-Kaniko images', () => {
    for (const image of [
      'gcr.io/kaniko-project/executor:debug',
      'gcr.io/kaniko-project/executor:v1.24.0-debug',
      'martizih/kaniko:v1.27.6-debug',
      'cgr.dev/chainguard/kaniko:latest-dev',
      'gcr.io/kaniko-project/executor@sha256:0123456789abcdef',
    ]) {
      assert.deepEqual(ranges(declarative(podWith('kaniko', image, 'command: [/busybox/cat]', 'tty: true'), STEPS), ID), [], image);
    }
    assert.deepEqual(
      ranges(declarative(podWith('kaniko', 'gcr.io/kaniko-project/executor:v1.9.0', 'args: [--no-push]'), "        echo 'kaniko runs on its own'"), ID),
      [],
    );
    assert.deepEqual(ranges(declarative(podWith('kaniko', 'alpine:3.20', 'command: [cat]', 'tty: true'), STEPS), ID), []);
  });
});
