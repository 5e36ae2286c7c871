// Compiles each file of a batch to the CONVERSION phase (syntax and AST building only, no class
// resolution) with the Groovy on the classpath, in this one JVM, and writes a JSON verdict per file.
// From each file that compiles it also takes, as Groovy reads them (escapes decoded, each GString
// value replaced by the word GROOVY_VALUE), the scripts of `sh` steps and the pod YAML of `yaml`
// and `podTemplate(yaml:)`, and the paths of `yamlFile`: the shell and Kubernetes judges check them.
// Called by test/judges/groovy.ts, which documents the protocol:
//   groovy groovy-syntax-check.groovy <list file: one path a line> <output JSON file>
import groovy.json.JsonOutput
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SimpleMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import java.lang.management.ManagementFactory
import org.codehaus.groovy.ast.CodeVisitorSupport
import org.codehaus.groovy.ast.expr.*

/** Strings that reach `sh`, `yaml` and `yamlFile`, with what a variable was last assigned. */
class EmbeddedStrings extends CodeVisitorSupport {
  static final String VALUE = 'GROOVY_VALUE'
  Map<String, Expression> variables = [:]
  boolean collecting = true
  List sh = [], yaml = [], yamlFiles = []

  String text(Expression e, int depth = 0) {
    if (e == null || depth > 50) return null
    if (e instanceof ConstantExpression) return e.value instanceof String ? (String) e.value : null
    if (e instanceof GStringExpression) {
      def out = new StringBuilder()
      int n = Math.max(e.strings.size(), e.values.size())
      for (int i = 0; i < n; i++) {
        if (i < e.strings.size()) out << e.strings[i].value
        if (i < e.values.size()) out << VALUE
      }
      return out.toString()
    }
    if (e instanceof BinaryExpression && e.operation.text == '+') {
      def left = text(e.leftExpression, depth + 1)
      def right = text(e.rightExpression, depth + 1)
      return left != null && right != null ? left + right : null
    }
    if (e instanceof MethodCallExpression && e.methodAsString in ['stripIndent', 'stripMargin', 'trim']
        && e.arguments instanceof ArgumentListExpression && e.arguments.expressions.isEmpty()) {
      def receiver = text(e.objectExpression, depth + 1)
      return receiver == null ? null : receiver."${e.methodAsString}"()
    }
    if (e instanceof VariableExpression && variables.containsKey(e.name)) return text(variables[e.name], depth + 1)
    null
  }

  void record(List into, Expression e) {
    def value = text(e)
    if (value != null) into << [line: e.lineNumber, column: e.columnNumber, text: value]
  }

  @Override
  void visitDeclarationExpression(DeclarationExpression e) {
    if (collecting && e.leftExpression instanceof VariableExpression) variables[e.leftExpression.name] = e.rightExpression
    super.visitDeclarationExpression(e)
  }

  @Override
  void visitBinaryExpression(BinaryExpression e) {
    if (collecting && e.operation.text == '=' && e.leftExpression instanceof VariableExpression) variables[e.leftExpression.name] = e.rightExpression
    super.visitBinaryExpression(e)
  }

  @Override
  void visitMethodCallExpression(MethodCallExpression call) {
    if (!collecting) {
      def expressions = call.arguments instanceof TupleExpression ? call.arguments.expressions : [call.arguments]
      def positional = expressions.findAll { !(it instanceof MapExpression) }
      def named = [:]
      expressions.findAll { it instanceof MapExpression }.each { map ->
        map.mapEntryExpressions.each { entry -> if (entry.keyExpression instanceof ConstantExpression) named[entry.keyExpression.value] = entry.valueExpression }
      }
      switch (call.methodAsString) {
        case 'sh':
          if (positional) record(sh, positional[0]) else if (named.script) record(sh, named.script)
          break
        case 'yaml':
          if (positional) record(yaml, positional[0])
          break
        case 'yamlFile':
          if (positional) record(yamlFiles, positional[0])
          break
        default:
          if (named.yaml) record(yaml, named.yaml)
          if (named.yamlFile) record(yamlFiles, named.yamlFile)
      }
    }
    super.visitMethodCallExpression(call)
  }
}

def paths = new File(args[0]).readLines('UTF-8').findAll { it }
def jvm = ManagementFactory.runtimeMXBean.name

def judge = { String path ->
  def config = new CompilerConfiguration()
  def unit = new CompilationUnit(config)
  def text = new File(path).getText('UTF-8')
  unit.addSource(new SourceUnit(path, text, config, unit.classLoader, unit.errorCollector))
  try {
    unit.compile(Phases.CONVERSION)
  } catch (org.codehaus.groovy.control.CompilationFailedException ignored) {
    // the errors are in the collector
  }
  def errors = unit.errorCollector.errors.collect { message ->
    if (message instanceof SyntaxErrorMessage) {
      def cause = message.cause
      [line: cause.line, column: cause.startColumn, message: cause.originalMessage]
    } else if (message instanceof ExceptionMessage) {
      [line: 0, column: 0, message: String.valueOf(message.cause)]
    } else if (message instanceof SimpleMessage) {
      [line: 0, column: 0, message: message.message]
    } else {
      [line: 0, column: 0, message: String.valueOf(message)]
    }
  }
  def verdict = [path: path, compiles: errors.isEmpty(), errors: errors]
  if (errors.isEmpty()) {
    def module = unit.getAST().modules[0]
    def strings = new EmbeddedStrings()
    for (collecting in [true, false]) {
      strings.collecting = collecting
      module.statementBlock.visit(strings)
      module.methods.each { method -> method.code?.visit(strings) }
    }
    verdict.sh = strings.sh
    verdict.yaml = strings.yaml
    verdict.yamlFiles = strings.yamlFiles
  }
  verdict
}

def verdicts = []
// Deeply nested input overflows the ANTLR parser's recursion on the default stack: a big one.
def worker = new Thread(null, {
  for (path in paths) {
    try {
      verdicts << judge(path)
    } catch (Throwable crash) {
      verdicts << [path: path, compiles: false, errors: [], crash: crash.toString()]
    }
  }
} as Runnable, 'groovy-judge', 512L * 1024 * 1024)
worker.start()
worker.join()

new File(args[1]).setText(JsonOutput.toJson([jvm: jvm, groovy: GroovySystem.version, verdicts: verdicts]), 'UTF-8')
