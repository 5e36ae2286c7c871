import * as assert from 'node:assert/strict';
import { parse } from '../../../server/src/parser';
import type * as A from '../../../server/src/parser/ast';
import {
  AFTER_BUILD_STAGE,
  checkOffsets,
  expression as expressionOf,
  parseClean as parseCleanOf,
  print,
  SEED,
  src,
  statement as statementOf,
  sx as sxOf,
} from './helpers';

/** Every construct sample of this file; their offsets are checked node by node at the end. */
const samples: string[] = [];

/** The expression assigned in `x = …`. */
function rhs(text: string): A.Expression {
  const e = expression(text);
  assert.equal(e.type, 'AssignmentExpression');
  return (e as A.AssignmentExpression).value;
}

// Record every sample passed to sx(), statement() or expression() for the offset check below.
function record<T extends (text: string) => unknown>(fn: T): T {
  return ((text: string) => {
    samples.push(text);
    return fn(text);
  }) as T;
}

const sx = record(sxOf);
const statement = record(statementOf);
const expression = record(expressionOf);
const parseClean = record(parseCleanOf);

describe('parser: comments, annotations, imports', () => {
  it('skips comments and a shebang, keeping them in `comments`', () => {
    const text = "#!/usr/bin/env groovy\n/* b */ sh 'x' // line";
    const result = parseClean(text);
    assert.equal(print(result.program), "(cmd sh 'x')");
    assert.deepEqual(
      result.comments.map((c) => c.kind),
      ['shebang', 'block', 'line'],
    );
    assert.equal(src(text, result.program.body[0]), "sh 'x'");
  });

  it('attaches @Library(…) to the `_` statement', () => {
    const text = "@Library('pipeline-lib@1.2') _\npipeline { }";
    const s = parseClean(text).program.body[0] as A.ExpressionStatement;
    assert.equal(s.type, 'ExpressionStatement');
    assert.deepEqual([s.start, s.end], [0, 30]);
    assert.equal(s.annotations.length, 1);
    const annotation = s.annotations[0];
    assert.equal(annotation.name, 'Library');
    assert.equal(src(text, annotation), "@Library('pipeline-lib@1.2')");
    assert.equal(print(annotation.args[0].value), "'pipeline-lib@1.2'");
    assert.equal(print(s.expression), '_');
    assert.deepEqual([s.expression.start, s.expression.end], [29, 30]);
  });

  it('reads annotation element values and lists', () => {
    assert.equal(sx("@Library(['a', 'b@1.0']) _"), "@Library(['a' 'b@1.0']) _");
    assert.equal(sx("@Grab(group = 'g', module = 'm') _"), "@Grab(group:'g' module:'m') _");
  });

  it('reads imports: plain, star, static, aliased, annotated', () => {
    assert.equal(sx('import a.b.C'), '(import a.b.C)');
    assert.equal(sx('import java.util.*'), '(import java.util.*)');
    assert.equal(sx('import static a.b.C.m'), '(import static a.b.C.m)');
    assert.equal(sx('import a.b.C as D'), '(import a.b.C as D)');
    const text = "@Library('lib') import com.foo.Bar";
    const s = statement(text) as A.ImportStatement;
    assert.equal(s.type, 'ImportStatement');
    assert.deepEqual([s.start, s.end], [0, text.length]);
    assert.equal(s.annotations?.[0].name, 'Library');
  });
});

describe('parser: declarations', () => {
  it('reads def methods with defaults', () => {
    const text = 'def f(a, b = 1) { a + b }';
    const m = statement(text) as A.MethodDeclaration;
    assert.equal(print(m), '(method def f [a, b=1] (block (+ a b)))');
    assert.deepEqual([m.start, m.end], [0, text.length]);
    assert.equal(src(text, m.name), 'f');
    assert.equal(src(text, m.params[1]), 'b = 1');
    assert.equal(src(text, m.body), '{ a + b }');
  });

  it('reads typed methods, void methods and @NonCPS', () => {
    assert.equal(sx('String f(String a, int b) { return a }'), '(method String f [String a, int b] (block (return a)))');
    assert.equal(sx('void f() {}'), '(method void f [] (block))');
    assert.equal(sx('@NonCPS\ndef f() { x }'), '(method @NonCPS def f [] (block x))');
    assert.equal(sx('private static String f(Map args = [:], String... rest) { }'), '(method String f [Map args=[:], String... rest] (block))');
  });

  it('reads def, typed and final variable declarations', () => {
    const text = 'def x = 1';
    const d = statement(text) as A.VariableDeclaration;
    assert.equal(d.typeName, 'def');
    assert.deepEqual([d.start, d.end], [0, 9]);
    assert.equal(src(text, d.declarations[0]), 'x = 1');
    assert.equal(sx("String x = 'a'"), "(String x='a')");
    assert.equal(sx('final x = 1'), '(var x=1)');
    assert.equal(sx('def a = 1, b'), '(def a=1 b)');
    assert.equal(sx('Map<String, List<String>> m = [:]'), '(Map<String, List<String>> m=[:])');
    assert.equal(sx('String[] arr = []'), '(String[] arr=[])');
    assert.equal(sx('@Field def x = 1'), '(@Field def x=1)');
  });

  it('reads a tuple declaration `def (a, b) = …`', () => {
    const text = 'def (a, b) = [1, 2]';
    const d = statement(text) as A.VariableDeclaration;
    assert.equal(print(d), '(def a b = [1 2])');
    assert.equal(src(text, d.tupleInit!), '[1, 2]');
    assert.deepEqual(
      d.declarations.map((x) => src(text, x.name)),
      ['a', 'b'],
    );
    assert.deepEqual([d.start, d.end], [0, text.length]);
  });

  it('does not mistake a command call for a declaration', () => {
    assert.equal(sx('agent any'), '(cmd agent any)');
    assert.equal(sx('System.out.println x'), '(cmd (. (. System out) println) x)');
    assert.equal(sx('FOO = 1'), '(= FOO 1)');
  });

  it('accepts a command call as an initializer', () => {
    assert.equal(sx("def out = sh script: 'ls', returnStdout: true"), "(def out=(cmd sh script:'ls' returnStdout:true))");
    assert.equal(sx("x = sh 'ls'"), "(= x (cmd sh 'ls'))");
  });

  it('reads classes with fields, methods and constructors', () => {
    assert.equal(
      sx('class Foo extends Bar implements Baz { String name; Foo(n) { name = n }; def go() { x } }'),
      '(class Foo (String name) (method Foo [n] (block (= name n))) (method def go [] (block x)))',
    );
    assert.equal(sx('enum Color { RED, GREEN }'), '(class Color RED GREEN)');
  });
});

describe('parser: strings', () => {
  it('reads single- and double-quoted strings with exact offsets', () => {
    const text = 'x = \'a\' + "b"';
    const e = rhs(text) as A.BinaryExpression;
    const left = e.left as A.StringLiteral;
    assert.deepEqual([left.start, left.end, left.contentStart, left.contentEnd, left.quote, left.terminated], [4, 7, 5, 6, "'", true]);
    assert.deepEqual(left.parts, [{ type: 'StringChunk', start: 5, end: 6, value: 'a' }]);
  });

  it('reads $name, $a.b and ${expr} interpolations', () => {
    const text = 'x = "v$name $a.b.c. ${env.BUILD_ID + 1}"';
    const lit = rhs(text) as A.StringLiteral;
    assert.equal(print(lit), '"v$name $(. (. a b) c). ${(+ (. env BUILD_ID) 1)}"');
    const [, name, , path, , braced] = lit.parts as [A.StringChunk, A.Interpolation, A.StringChunk, A.Interpolation, A.StringChunk, A.Interpolation];
    assert.deepEqual([src(text, name), name.braced], ['$name', false]);
    assert.equal(src(text, name.expression!), 'name');
    assert.equal(src(text, path), '$a.b.c');
    assert.equal(src(text, braced), '${env.BUILD_ID + 1}');
    assert.equal(braced.braced, true);
    assert.equal(src(text, braced.expression!), 'env.BUILD_ID + 1');
  });

  it('stops $path before a method call', () => {
    assert.equal(print(rhs('x = "$a.b()"')), '"$(. a b)()"');
  });

  it('parses nested braces and quotes inside ${…}', () => {
    const text = 'x = "${ [1,2].collect { "<${it}>" }.join(\'}\') }"';
    const lit = rhs(text) as A.StringLiteral;
    assert.equal(print(lit), '"${(call (. (cmd (. [1 2] collect) {"<${it}>"}) join) \'}\')}"');
  });

  it('reads lazy ${-> …} interpolations as closures', () => {
    const text = 'x = "now: ${-> new Date()} w: ${ w -> w << 1 }"';
    const lit = rhs(text) as A.StringLiteral;
    assert.equal(print(lit), '"now: ${{(new Date)}} w: ${{w -> (<< w 1)}}"');
    const closure = (lit.parts[1] as A.Interpolation).expression as A.ClosureExpression;
    assert.equal(src(text, closure), '-> new Date()');
  });

  it('reads an empty ${}', () => {
    const lit = rhs('x = "a${}b"') as A.StringLiteral;
    const interpolation = lit.parts[1] as A.Interpolation;
    assert.equal(interpolation.expression, undefined);
    assert.deepEqual([interpolation.start, interpolation.end], [6, 9]);
  });

  it('reads triple-quoted strings', () => {
    const text = 'x = \'\'\'a\n$b\'\'\' + """c\n${d}"""';
    assert.equal(print(rhs(text)), '(+ \'\'\'a\\n$b\'\'\' """c\\n${d}""")');
  });

  it('reads slashy strings, telling them from division', () => {
    assert.equal(sx('x = /a\\/b$c/'), '(= x /a/b$c/)');
    assert.equal(sx('x = a / b / c'), '(= x (/ (/ a b) c))');
    assert.equal(sx('x = (a)/2 + b.matches(/\\d+/)'), '(= x (+ (/ (paren a) 2) (call (. b matches) /\\\\d+/)))');
  });

  it('reads dollar-slashy strings', () => {
    const text = 'x = $/a/b$$c$/d${e}/$';
    const lit = rhs(text) as A.StringLiteral;
    assert.equal(print(lit), '$/a/b$c/d${e}/$');
    assert.deepEqual([lit.contentStart, lit.contentEnd, lit.end], [6, 19, 21]);
  });

  it('cooks escapes', () => {
    const lit = rhs(String.raw`x = "\n\t\\\'\"\$\u0041\101\s"`) as A.StringLiteral;
    assert.deepEqual(
      lit.parts.map((p) => (p as A.StringChunk).value),
      ['\n\t\\\'"$AA '],
    );
    assert.equal(print(rhs("x = 'a\\\nb'")), "'ab'");
  });

  it('treats .stripIndent() and .trim() as method calls', () => {
    assert.equal(sx("x = '''\n  a\n'''.stripIndent().trim()"), "(= x (call (. (call (. '''\\n  a\\n''' stripIndent)) trim)))");
  });
});

describe('parser: numbers and literals', () => {
  it('reads numbers as raw text', () => {
    assert.equal(sx('x = 1 + 2.5 + 0x1F + 10L + 1e3 + 1_000'), '(= x (+ (+ (+ (+ (+ 1 2.5) 0x1F) 10L) 1e3) 1_000))');
    const n = rhs('x = 2.5f') as A.NumberLiteral;
    assert.deepEqual([n.type, n.raw, n.start, n.end], ['NumberLiteral', '2.5f', 4, 8]);
  });

  it('reads booleans and null', () => {
    assert.equal(sx('x = [true, false, null]'), '(= x [true false null])');
  });

  it('reads lists and maps, including [:] and $class keys', () => {
    assert.equal(sx('x = [1, 2, 3,]'), '(= x [1 2 3])');
    assert.equal(sx('x = [:]'), '(= x [:])');
    const text = "x = [$class: 'GitSCM', 'b': 2, (k): v, 1: 2, default: 3]";
    const map = rhs(text) as A.MapLiteral;
    assert.equal(print(map), "[$class:'GitSCM' 'b':2 (paren k):v 1:2 default:3]");
    assert.equal(src(text, map.entries[0]), "$class: 'GitSCM'");
    assert.equal(src(text, map.entries[0].key), '$class');
    assert.equal(map.entries[0].key.type, 'Identifier');
  });
});

describe('parser: shortcuts for the common case agree with the full rules', () => {
  it('decides declarations by the first token where it can, and by the full type scan where it cannot', () => {
    // Shortcut: a lower-case name that is no modifier, primitive, def or var, with no `.` after it.
    assert.equal(sx("sh 'x'"), "(cmd sh 'x')");
    assert.equal(sx('agent any'), '(cmd agent any)');
    assert.equal(sx('été x'), '(cmd été x)');
    // Full scan: a `.` after the name, a capital, `_`, a primitive, a modifier, def or var.
    assert.equal(sx('java.util.List x = []'), '(java.util.List x=[])');
    assert.equal(sx('java.util.Map<String, String> m = [:]'), '(java.util.Map<String, String> m=[:])');
    assert.equal(sx('x.y.Z z'), '(x.y.Z z)');
    assert.equal(sx('foo.bar x'), '(cmd (. foo bar) x)');
    assert.equal(sx('ü.Ab c = 1'), '(ü.Ab c=1)');
    assert.equal(sx('_x = 1'), '(= _x 1)');
    assert.equal(sx('String s'), '(String s)');
    assert.equal(sx('int n = 1'), '(int n=1)');
    assert.equal(sx('static x = 1'), '(var x=1)');
    assert.equal(sx('def x'), '(def x)');
    assert.equal(sx('var x = 1'), '(def x=1)');
    assert.equal(sx('for (int i = 0; i < n; i++) { }'), '(for (int i=0); (< i n); (post++ i) (block))');
  });

  it('finds where a string key closes by its own tokens where it can, and by the whole file’s bracket table where it cannot', () => {
    // Shortcut: strings whose `${…}` brackets all close inside them (nested strings included).
    assert.equal(sx('f("a": 1, "b${x}": 2, "${g(h[1])}": 3, "${"${y}"}": 4)'), '(call f "a":1 "b${x}":2 "${(call g ([] h 1))}":3 "${"${y}"}":4)');
    assert.equal(sx('x = ["${b(c)}": 1]'), '(= x ["${(call b c)}":1])');
    assert.equal(sx('def "na${m}e"() { }'), '(method def na${m}e [] (block))');
    // The table: a closer without its opener inside `${…}` pops back past the string's quote, so the
    // string is no key; an opener left open inside `${…}` is popped by its end, so the string still is one.
    const noKey = (text: string) => print(parse(text).program);
    assert.equal(noKey('f("${a)}": 1)'), '(call f "${a}")');
    assert.equal(noKey('x = ["${a]}": 1]'), '(= x ["${a}"])');
    assert.equal(noKey('x = ["${(}": 1]'), '(= x ["${(paren (error))}":1])');
    // A string longer than the shortcut reads asks the table too, and gets the same answer.
    const long = '${a}'.repeat(200);
    assert.equal(sx(`f("${long}": 1, "\${[1]}": 2)`), `(call f "${'${a}'.repeat(200)}":1 "\${[1]}":2)`);
    assert.equal(noKey(`f("${long}\${a)}": 1)`), `(call f "${'${a}'.repeat(200)}\${a}")`);
  });

  it('tells keyword statements from plain names (`trait` is no reserved word)', () => {
    assert.equal(sx('trait T { }'), '(class T)');
    assert.equal(sx('trait = 1'), '(= trait 1)');
    assert.equal(sx('label: x'), 'x');
  });

  it('restores significant line breaks after each bracket that made them insignificant', () => {
    assert.equal(sx('foo(a,\n  b)\nbar()'), '(call foo a b) ; (call bar)');
    assert.equal(sx('x = [1,\n2]\ny = 3'), '(= x [1 2]) ; (= y 3)');
    assert.equal(sx('a[1,\n2]\nb'), '([] a [1 2]) ; b');
    assert.equal(sx('(a\n+ b)\nc'), '(paren (+ a b)) ; c');
    assert.equal(sx('if (a\n&& b) {\n x\n y\n}\nz'), '(if (&& a b) (block x y)) ; z');
    assert.equal(sx('"""${a +\n b}"""\nc'), '"""${(+ a b)}""" ; c');
    // A closure inside parentheses has statements of its own, ended by line breaks.
    assert.equal(sx('foo(bar {\n  a\n  b\n}, c)\nd'), '(call foo (cmd bar {a ; b}) c) ; d');
  });
});

describe('parser: calls', () => {
  it('reads calls with parentheses', () => {
    const text = 'foo(1, b: 2)';
    const call = expression(text) as A.CallExpression;
    assert.equal(print(call), '(call foo 1 b:2)');
    assert.equal(call.parenthesized, true);
    assert.deepEqual([call.start, call.end], [0, 12]);
    assert.equal(src(text, call.args[1]), 'b: 2');
    assert.equal(src(text, call.args[1].name!), 'b');
  });

  it('reads command calls without parentheses', () => {
    const text = "sh script: 'x', returnStdout: true";
    const call = expression(text) as A.CallExpression;
    assert.equal(call.parenthesized, false);
    assert.deepEqual([call.start, call.end], [0, text.length]);
    assert.equal(print(call), "(cmd sh script:'x' returnStdout:true)");
    assert.equal(sx("sh 'x'"), "(cmd sh 'x')");
    assert.equal(sx('yaml podSpec'), '(cmd yaml podSpec)');
    assert.equal(sx("defaultContainer 'x'"), "(cmd defaultContainer 'x')");
    assert.equal(sx('echo "a" + b'), '(cmd echo (+ "a" b))');
    assert.equal(sx("label 'x'"), "(cmd label 'x')");
    assert.equal(sx('agent any'), '(cmd agent any)');
    assert.equal(sx('agent none'), '(cmd agent none)');
    assert.equal(sx("values 'a', 'b'"), "(cmd values 'a' 'b')");
    assert.equal(sx('retry 3'), '(cmd retry 3)');
    assert.equal(sx("docker.image 'x'"), "(cmd (. docker image) 'x')");
  });

  it('continues command arguments after a trailing comma on the next line', () => {
    assert.equal(sx("mail to: 'a',\n  subject: 'b'"), "(cmd mail to:'a' subject:'b')");
  });

  it('reads closures with and without parameters', () => {
    const text = 'x = { a, b -> a + b }';
    const closure = rhs(text) as A.ClosureExpression;
    assert.equal(print(closure), '{a, b -> (+ a b)}');
    assert.deepEqual([closure.start, closure.end], [4, text.length]);
    assert.deepEqual(
      closure.params.map((p) => src(text, p)),
      ['a', 'b'],
    );
    assert.equal(sx('x = { -> 1 }'), '(= x {1})');
    assert.equal(sx('x = { it }'), '(= x {it})');
    assert.equal(sx('x = { String s, int n = 2 -> s * n }'), '(= x {String s, int n=2 -> (* s n)})');
    assert.equal(sx('x = {\n  a -> a\n}'), '(= x {a -> a})');
  });

  it('finds closure parameters by a `->` within 100 tokens of the `{`, in files with and without arrows', () => {
    // Closures without `->` before, between and after closures with it (the parser looks arrows up by index).
    assert.equal(
      sx('a = { 1 }\nb = { x -> x }\nc = { it }\n[1].each { y, z -> y }\nd = { 2 }\n"${-> 3}"'),
      '(= a {1}) ; (= b {x -> x}) ; (= c {it}) ; (cmd (. [1] each) {y, z -> y}) ; (= d {2}) ; "${{3}}"',
    );
    const ones = Array(48).fill('1').join(', ');
    const closureOf = (text: string) =>
      ((parse(text).program.body[0] as A.ExpressionStatement).expression as A.AssignmentExpression).value as A.ClosureExpression;
    // The `->` as the 100th token after the `{`: still looked at (read as parameters, with an error for the rest).
    assert.deepEqual(
      closureOf(`x = { f(${ones}) a -> a }`).params.map((p) => p.name.name),
      ['f'],
    );
    // As the 101st: beyond the look-ahead, so the closure has no parameters.
    const beyond = closureOf(`x = { f(${ones}) b a -> a }`);
    assert.deepEqual(beyond.params, []);
    assert.equal(beyond.body.length, 3);
  });

  it('attaches trailing closures', () => {
    const text = "docker.withRegistry(url, id) { sh 'x' }";
    const call = expression(text) as A.CallExpression;
    assert.equal(print(call), "(call (. docker withRegistry) url id {(cmd sh 'x')})");
    assert.deepEqual([call.start, call.end], [0, text.length]);
    assert.equal(src(text, call.closures[0]), "{ sh 'x' }");
    assert.equal(sx("stage('x') { steps { sh 'y' } }"), "(call stage 'x' {(cmd steps {(cmd sh 'y')})})");
    assert.equal(sx("node { sh 'x' }"), "(cmd node {(cmd sh 'x')})");
    assert.equal(sx('pipeline { }'), '(cmd pipeline {})');
    assert.equal(sx('f {} {}'), '(cmd f {} {})');
  });

  // Where Groovy 2.4 attaches a `{` is proven against the real compiler in groovy.test.ts.
  it('attaches a closure after a command argument to that argument, as Groovy does', () => {
    assert.equal(sx('foo bar { }'), '(cmd foo (cmd bar {}))');
    assert.equal(sx("kubernetes { label 'x' }"), "(cmd kubernetes {(cmd label 'x')})");
  });

  it('attaches a `{` on the next line to the call that begins the statement (Groovy semantics)', () => {
    const text = "stage('x')\n{ sh 'y' }";
    const { program } = parseClean(text);
    assert.equal(print(program), "(call stage 'x' {(cmd sh 'y')})");
  });

  it('reads chained calls, also across lines starting with `.`', () => {
    assert.equal(sx('docker.build(x).push()'), '(call (. (call (. docker build) x) push))');
    const text = 'docker.build(x)\n    .push()';
    const call = expression(text) as A.CallExpression;
    assert.equal(print(call), '(call (. (call (. docker build) x) push))');
    assert.deepEqual([call.start, call.end], [0, text.length]);
    assert.equal(sx('x = foo()\n  ?.bar()'), '(= x (call (?. (call foo) bar)))');
  });

  it('reads property access operators ?. *. .&', () => {
    assert.equal(sx('a?.b*.c.&d'), '(.& (*. (?. a b) c) d)');
    const text = 'x = this.&foo';
    const access = rhs(text) as A.PropertyAccess;
    assert.equal(access.operator, '.&');
    assert.equal(src(text, access.property), 'foo');
  });

  it('reads index expressions', () => {
    assert.equal(sx("x = list[0] + map['k'] + a?.b?[0]"), "(= x (+ (+ ([] list 0) ([] map 'k')) (?[] (?. a b) 0)))");
  });

  it('reads new expressions', () => {
    const text = 'x = new Foo(a, b: 1)';
    const n = rhs(text) as A.NewExpression;
    assert.equal(print(n), '(new Foo a b:1)');
    assert.deepEqual([n.start, n.end], [4, text.length]);
    assert.equal(sx('throw new Exception("x")'), '(throw (new Exception "x"))');
    assert.equal(sx('x = new groovy.json.JsonSlurper().parseText(t)'), '(= x (call (. (new groovy.json.JsonSlurper) parseText) t))');
    assert.equal(sx('x = new int[5]'), '(= x (new int[] 5))');
  });
});

describe('parser: operators', () => {
  it('reads ?: and ternaries (right-associative)', () => {
    assert.equal(sx('x = a ?: b'), '(= x (?: a b))');
    assert.equal(sx('x = a ? b : c ? d : e'), '(= x (? a b (? c d e)))');
    const text = 'x = a ? b : c';
    const t = rhs(text) as A.TernaryExpression;
    assert.deepEqual([t.start, t.end], [4, text.length]);
  });

  it('follows Groovy precedence', () => {
    assert.equal(sx('x = a + b * c'), '(= x (+ a (* b c)))');
    assert.equal(sx('x = a || b && c'), '(= x (|| a (&& b c)))');
    assert.equal(sx('x = !a && !b'), '(= x (&& (! a) (! b)))');
    assert.equal(sx('x = -2 ** 2'), '(= x (- (** 2 2)))');
    assert.equal(sx('x = 2 ** 3 ** 2'), '(= x (** 2 (** 3 2)))');
    assert.equal(sx('x = a == b || c != d'), '(= x (|| (== a b) (!= c d)))');
    assert.equal(sx('x = a < b == c >= d'), '(= x (== (< a b) (>= c d)))');
  });

  it('reads assignments and compound assignments', () => {
    assert.equal(sx('x += 1'), '(+= x 1)');
    assert.equal(sx('a = b = c'), '(= a (= b c))');
    assert.equal(sx("env.X = 'y'"), "(= (. env X) 'y')");
  });

  it('reads unary operators and casts', () => {
    assert.equal(sx('x = !y'), '(= x (! y))');
    assert.equal(sx('x = -y'), '(= x (- y))');
    assert.equal(sx('x++'), '(post++ x)');
    assert.equal(sx('--x'), '(-- x)');
    assert.equal(sx('x = (String) y'), '(= x ((String) y))');
    assert.equal(sx('x = (a) + b'), '(= x (+ (paren a) b))');
  });

  it('reads regex, range, membership and type operators', () => {
    assert.equal(sx('x = a ==~ /b/'), '(= x (==~ a /b/))');
    assert.equal(sx('x = a =~ /b/'), '(= x (=~ a /b/))');
    assert.equal(sx('x = 1..3'), '(= x (.. 1 3))');
    assert.equal(sx('x = 1..<3'), '(= x (..< 1 3))');
    assert.equal(sx('x = a in b'), '(= x (in a b))');
    assert.equal(sx('x = a !in b'), '(= x (!in a b))');
    assert.equal(sx('x = a instanceof B'), '(= x (instanceof a B))');
    assert.equal(sx('x = y as List<String>'), '(= x (as y List<String>))');
  });

  it('reads parenthesized expressions with exact offsets', () => {
    const text = 'x = (a + b) * c';
    const mul = rhs(text) as A.BinaryExpression;
    assert.equal(print(mul), '(* (paren (+ a b)) c)');
    assert.deepEqual([mul.left.start, mul.left.end], [4, 11]);
  });
});

describe('parser: statements', () => {
  it('reads if / else if / else', () => {
    const text = 'if (a) b() else if (c) d() else { e() }';
    const s = statement(text) as A.IfStatement;
    assert.equal(print(s), '(if a (call b) else (if c (call d) else (block (call e))))');
    assert.deepEqual([s.start, s.end], [0, text.length]);
    assert.equal(sx("if (x) sh 'a'\nelse sh 'b'"), "(if x (cmd sh 'a') else (cmd sh 'b'))");
    assert.equal(sx('if (x) {\n} \nelse {\n}'), '(if x (block) else (block))');
  });

  it('reads try / catch / finally', () => {
    const text = 'try { a() } catch (Exception e) { b() } finally { c() }';
    const s = statement(text) as A.TryStatement;
    assert.equal(print(s), '(try (block (call a)) (catch Exception e (block (call b))) (finally (block (call c))))');
    assert.deepEqual([s.start, s.end], [0, text.length]);
    assert.equal(src(text, s.handlers[0]), 'catch (Exception e) { b() }');
    assert.equal(
      sx('try { } catch (IOException | RuntimeException e) { } catch (e) { }'),
      '(try (block) (catch IOException | RuntimeException e (block)) (catch e (block)))',
    );
    assert.equal(sx('try {\n}\ncatch (e) {\n}'), '(try (block) (catch e (block)))');
  });

  it('reads for-in and classic for loops', () => {
    const text = 'for (x in y) { z(x) }';
    const s = statement(text) as A.ForStatement;
    assert.equal(print(s), '(for x in y (block (call z x)))');
    assert.equal(src(text, s.variable!), 'x');
    assert.equal(src(text, s.iterable!), 'y');
    assert.equal(sx('for (String s : list) f(s)'), '(for s in list (call f s))');
    assert.equal(sx('for (int i = 0; i < 10; i++) { }'), '(for (int i=0); (< i 10); (post++ i) (block))');
    assert.equal(sx('for (;;) { }'), '(for ∅; ∅; ∅ (block))');
  });

  it('reads while, return, break, continue, throw', () => {
    assert.equal(sx('while (x) { y() }'), '(while x (block (call y)))');
    assert.equal(sx('return x'), '(return x)');
    assert.equal(sx('return'), '(return)');
    assert.equal(sx('for (x in y) { break; continue }'), '(for x in y (block (break) (continue)))');
    assert.equal(sx("throw new Exception('x')"), "(throw (new Exception 'x'))");
  });

  it('reads switch, assert, do/while and synchronized as keyword blocks', () => {
    assert.equal(sx("switch (x) {\n  case 'a':\n    sh 'a'\n    break\n  default:\n    sh 'z'\n}"), "(switch [x 'a'] (cmd sh 'a') (break) (cmd sh 'z'))");
    assert.equal(sx("assert x == 1 : 'msg'"), "(assert [(== x 1) 'msg'])");
    assert.equal(sx('do { x() } while (y)'), '(do [y] (block (call x)))');
    assert.equal(sx('synchronized (lock) { x() }'), '(synchronized [lock] (call x))');
  });

  it('separates statements by line breaks and semicolons', () => {
    assert.equal(sx('def a = 1; def b = 2\nc()'), '(def a=1) ; (def b=2) ; (call c)');
    assert.equal(sx('x = a\n-1'), '(= x a) ; (- 1)');
  });

  it('continues a statement after a trailing operator or inside brackets', () => {
    assert.equal(sx('x = a +\n  b'), '(= x (+ a b))');
    assert.equal(sx('x = foo(\n  1,\n  2)'), '(= x (call foo 1 2))');
    assert.equal(sx('x = [\n 1,\n 2\n]'), '(= x [1 2])');
    assert.equal(sx('x = a ||\n  b'), '(= x (|| a b))');
    assert.equal(sx('x = a\n  ? b\n  : c'), '(= x (? a b c))');
  });

  it('accepts a statement right after a closing brace on the same line', () => {
    assert.equal(sx("stage('a') { }  stage('b') { }"), "(call stage 'a' {}) ; (call stage 'b' {})");
  });

  it('keeps labels out of the tree', () => {
    assert.equal(sx('outer: for (x in y) { break outer }'), '(for x in y (block (break)))');
  });

  it('reads Jenkins declarative idioms', () => {
    assert.equal(sx("environment {\n  FOO = 'bar'\n  CREDS = credentials('x')\n}"), "(cmd environment {(= FOO 'bar') ; (= CREDS (call credentials 'x'))})");
    assert.equal(sx("parallel a: { sh 'a' }, b: { sh 'b' }"), "(cmd parallel a:{(cmd sh 'a')} b:{(cmd sh 'b')})");
    assert.equal(
      sx("when { branch 'master'; expression { return env.X == 'y' } }"),
      "(cmd when {(cmd branch 'master') ; (cmd expression {(return (== (. env X) 'y'))})})",
    );
    assert.equal(
      sx("withCredentials([usernamePassword(credentialsId: 'x', usernameVariable: 'U')]) { sh 'echo $U' }"),
      "(call withCredentials [(call usernamePassword credentialsId:'x' usernameVariable:'U')] {(cmd sh 'echo $U')})",
    );
    assert.equal(sx("def out = sh(script: 'x', returnStdout: true).trim()"), "(def out=(call (. (call sh script:'x' returnStdout:true) trim)))");
    assert.equal(sx('x.each { k, v -> println "$k=$v" }'), '(cmd (. x each) {k, v -> (cmd println "$k=$v")})');
  });

  it('keeps exact offsets on a multi-line statement', () => {
    const text = "pipeline {\n  agent any\n  stages {\n    stage('A') { steps { sh 'x' } }\n  }\n}\n";
    const call = expression(text) as A.CallExpression;
    assert.deepEqual([call.start, call.end], [0, text.length - 1]);
    const closure = call.closures[0];
    const agent = (closure.body[0] as A.ExpressionStatement).expression as A.CallExpression;
    assert.equal(src(text, agent), 'agent any');
    assert.equal(agent.start, text.indexOf('agent'));
    const stages = (closure.body[1] as A.ExpressionStatement).expression as A.CallExpression;
    const stage = (stages.closures[0].body[0] as A.ExpressionStatement).expression as A.CallExpression;
    assert.equal(src(text, stage), "stage('A') { steps { sh 'x' } }");
    assert.equal(stage.args[0].value.start, text.indexOf("'A'"));
  });

  it('never throws on non-string input from JavaScript callers', () => {
    const result = parse(undefined as unknown as string);
    assert.equal(result.program.body.length, 0);
  });
});

describe('parser: offsets', () => {
  it('gives every node of every sample above (and of the seeds) an exact span', () => {
    assert.ok(samples.length > 100, `only ${samples.length} samples recorded`);
    for (const text of [...samples, SEED, AFTER_BUILD_STAGE]) checkOffsets(text, parse(text).program);
  });
});
