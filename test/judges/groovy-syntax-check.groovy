// Compiles each file of a batch to the CONVERSION phase (syntax and AST building only, no class
// resolution) with the Groovy on the classpath, in this one JVM, and writes a JSON verdict per file.
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
  [path: path, compiles: errors.isEmpty(), errors: errors]
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
