/**
 * The parser reads Groovy the way Groovy 2.4 does: each case is compiled by the real compiler
 * (one JVM for the file) and both trees are compared as outlines of calls and closures.
 * Brace attachment is the point: Groovy attaches a `{` on a later line to the path expression
 * that begins an expression statement, an assignment's value or an initializer, and nowhere else.
 */
import * as assert from 'node:assert/strict';
import { parse } from '../../../server/src/parser';
import { groovyOutlines } from './groovyOutline';
import { outlineProgram } from './outline';

interface Case {
  source: string;
  /** The outline both parsers must produce. */
  outline: string;
  /** Groovy rejects the input as ambiguous (a detached `{`): proof that it does not attach there. */
  groovyRejects?: boolean;
}

const CASES: Record<string, Case> = {
  // -- a `{` on a later line attaches (Allman style) ----------------------------------------
  'declarative pipeline, every brace on its own line': {
    source: "pipeline\n{\n  agent any\n  stages\n  {\n    stage('Build')\n    {\n      steps\n      {\n        sh 'make'\n      }\n    }\n  }\n}\n",
    outline: 'pipeline({agent() stages({stage({steps({sh()})})})})',
  },
  'kubernetes agent block on the next line': {
    source:
      "pipeline {\n  agent {\n    kubernetes\n    {\n      yaml '''\nspec:\n  containers:\n  - name: d\n    securityContext:\n      privileged: true\n'''\n    }\n  }\n}\n",
    outline: 'pipeline({agent({kubernetes({yaml()})})})',
  },
  'scripted podTemplate and node, braces on the next line': {
    source: "podTemplate(yaml: y)\n{\n  node(POD_LABEL)\n  {\n    sh 'docker build .'\n  }\n}\n",
    outline: 'podTemplate({node({sh()})})',
  },
  'blank lines and comments between the call and its closure': {
    source: "stage('x') // the build\n\n/* really */\n{\n  sh 'y'\n}\n",
    outline: 'stage({sh()})',
  },
  'several closures on following lines': {
    source: "foo(a: 1)\n{ echo 'b' }\n\n{ echo 'c' }\n",
    outline: 'foo({echo()} {echo()})',
  },
  'a closure on the same line, then one on the next': {
    source: "foo { echo 'a' }\n{ echo 'b' }\n",
    outline: 'foo({echo()} {echo()})',
  },
  'an assignment value': { source: "x = foo('a')\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a compound assignment value': { source: "x += foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a property assignment value': { source: "a.b = foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'an index assignment value': { source: "x[0] = foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a def initializer': { source: "def x = foo('a')\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a typed initializer': { source: "String x = foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'the second of two initializers': { source: "def a = 1, b = foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a chained assignment': { source: "def x = y = foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'the body of an if without braces': { source: "if (x) foo\n{ echo 'b' }", outline: 'foo({echo()})' },
  'a method call on a list, closure with parameters on the next line': {
    source: 'list.each\n{ x -> echo x }',
    outline: 'each({echo()})',
  },
  'a property path': { source: "foo.bar\n{ echo 'b' }", outline: 'bar({echo()})' },
  'a chain continued by a line starting with a dot': { source: "foo\n  .bar()\n{ echo 'b' }", outline: 'bar({echo()})' },
  'a parenthesized expression': { source: "(foo)\n{ echo 'b' }", outline: 'call({echo()})' },
  'an index expression': { source: "foo[0]\n{ echo 'b' }", outline: 'call({echo()})' },
  'a string literal (calls the method it names)': { source: "'s'\n{ echo 'b' }", outline: 's({echo()})' },
  'a constructor call': { source: "x = new Foo()\n{ echo 'b' }", outline: 'new Foo() call({echo()})' },
  'a call inside a closure body': {
    source: "node {\n  foo('a')\n  {\n    echo 'b'\n  }\n}",
    outline: 'node({foo({echo()})})',
  },
  'stages with Allman braces inside a same-line closure': {
    source: "stages {\n  stage('a')\n  {\n    steps { echo 'x' }\n  }\n}",
    outline: 'stages({stage({steps({echo()})})})',
  },
  'inside parentheses a line break never counts': { source: "bar(foo('a')\n{ echo 'b' })", outline: 'bar(foo({echo()}))' },
  'inside a list a line break never counts': { source: "x = [foo\n{ echo 'b' }]", outline: 'foo({echo()})' },
  'inside a map a line break never counts': { source: "x = [a: foo\n{ echo 'b' }]", outline: 'foo({echo()})' },
  'inside a closure inside parentheses, line breaks count again': {
    source: "foo(bar {\n  baz\n  {\n    echo 'x'\n  }\n  qux 'y'\n})",
    outline: 'foo(bar({baz({echo()}) qux()}))',
  },
  'inside a GString interpolation': { source: 'x = """${ foo\n{ echo \'b\' } }"""', outline: 'foo({echo()})' },

  // -- where it does not attach ----------------------------------------------------------------
  "after a command's arguments": { source: "foo 'a'\n{ echo 'b' }", outline: 'foo() echo()', groovyRejects: true },
  "after a command's arguments, an explicit closure is a statement of its own": {
    source: "foo 'a'\n{ -> echo 'b' }",
    outline: 'foo() {echo()}',
  },
  "after a command's arguments inside a closure": {
    source: "node {\n  foo 'a'\n  {\n    echo 'b'\n  }\n}",
    outline: 'node({foo() echo()})',
    groovyRejects: true,
  },
  'after return': { source: "def f() {\n  return foo\n  { echo 'b' }\n}", outline: '| f{echo()}', groovyRejects: true },
  'after throw': { source: "throw foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a binary operator': { source: "a + foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a binary operator in an initializer': { source: "def x = a + foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a negation': { source: "x = !foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a unary minus': { source: "x = -foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a cast': { source: "x = (String) foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after an elvis operator': { source: "x = a ?: foo\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a postfix increment': { source: "foo++\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },
  'after a semicolon': { source: "foo;\n{ echo 'b' }", outline: 'echo()', groovyRejects: true },

  // -- closures passed inside the parentheses --------------------------------------------------
  'podTemplate with its body inside the parentheses': {
    source:
      "podTemplate(label: l, containers: [containerTemplate(name: 'docker', image: 'docker:dind', privileged: true)],\n" +
      "  volumes: [hostPathVolume(hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock')], {\n" +
      "  node(l) {\n    sh 'docker build .'\n  }\n})\n",
    outline: 'podTemplate(containerTemplate() hostPathVolume() {node({sh()})})',
  },
  'closures both inside and after the parentheses': { source: 'foo({ a() }) { b() }', outline: 'foo({a()} {b()})' },

  // -- constructs of real Jenkinsfiles -----------------------------------------------------------
  'a closure after a paren-less command argument': {
    source: 'echo items.collect { a, b -> "${a}=${b}" }.join(\'\\n\')',
    outline: 'echo(collect({}) join())',
  },
  "a closure on the command argument's line attaches to the argument": { source: "foo 'a' { echo 'b' }", outline: 'foo(a({echo()}))' },
  'a closure after an identifier argument': { source: "foo a { echo 'b' }", outline: 'foo(a({echo()}))' },
  'a paren-less call inside ${}': {
    source: 'withEnv(["JAVA_HOME=${tool "jdk17"}", "PATH+J=${tool \'jdk17\'}/bin"]) {\n  sh \'mvn -v\'\n}',
    outline: 'withEnv(tool() tool() {sh()})',
  },
  'an abstract class with an abstract method': {
    source: 'abstract class Base {\n  abstract String tag()\n  def build() { sh "docker build -t ${tag()} ." }\n}\n',
    outline: '| class Base{tag{} build{sh(tag())}}',
  },
  'a class whose extends clause is on the next line': {
    source: 'class Build\n  extends Base {\n  String tag() { name() }\n}\n',
    outline: '| class Build:Base{tag{name()}}',
  },
  'a class whose body opens on its own line': {
    source: 'class Build\n  extends Base\n  implements Serializable\n{\n  def a() { b() }\n}\n',
    outline: '| class Build:Base{a{b()}}',
  },
  'an interface method without a body': { source: 'interface Tagged {\n  String tag()\n}\n', outline: '| class Tagged{tag{}}' },
  'a multiple assignment': { source: '(a, b) = f()\ng(a)', outline: 'f() g()' },
  'a multiple assignment declaration': { source: 'def (a, b) = f()', outline: 'f()' },
  'sh with a call chain and an index after it': {
    source: "def v = sh(script: 'git tag', returnStdout: true).trim().split()[0]",
    outline: 'sh() trim() split()',
  },
  'sh inside a triple-quoted interpolation': {
    source: 'def msg = """Built ${ sh(script: \'git rev-parse HEAD\', returnStdout: true).trim() }"""',
    outline: 'sh() trim()',
  },
  'a same-file method called from inside a pod': {
    source:
      "podTemplate(yaml: y) {\n  node(POD_LABEL) {\n    buildImage('app')\n  }\n}\n\ndef buildImage(String name) {\n  container('docker') {\n    sh \"docker build -t ${name} .\"\n  }\n}\n",
    outline: 'podTemplate({node({buildImage()})}) | buildImage{container({sh()})}',
  },
  'a map-form pod template': {
    source:
      "podTemplate(label: 'x', containers: [[name: 'docker', image: 'docker:dind', privileged: true]],\n" +
      "  volumes: [[$class: 'HostPathVolume', hostPath: '/var/run/docker.sock', mountPath: '/var/run/docker.sock']]) {\n" +
      "  node('x') { sh 'docker build .' }\n}\n",
    outline: 'podTemplate({node({sh()})})',
  },
};

describe('parser: Groovy 2.4 reads every construct the same way (real compiler)', function () {
  this.timeout(120_000);
  let groovy: Record<string, string>;

  before(() => {
    groovy = groovyOutlines(Object.fromEntries(Object.entries(CASES).map(([name, c]) => [name, c.source])));
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const result = parse(c.source);
      if (c.groovyRejects) {
        assert.match(groovy[name], /^ERROR: Ambiguous expression/, 'Groovy attaches the block here');
      } else {
        assert.equal(groovy[name], c.outline, "Groovy's reading");
        assert.deepEqual(result.errors, [], 'our parser reports errors');
      }
      assert.equal(outlineProgram(result.program), c.outline, "our parser's reading");
    });
  }
});
