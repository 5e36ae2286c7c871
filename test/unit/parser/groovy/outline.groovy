// Prints how Groovy itself reads each input: the outline of its calls and closures, as
// test/unit/parser/outline.ts prints our parser's tree. Input on stdin: a JSON object
// {id: source}; output: {id: outline} or {id: "ERROR: <first compiler message>"}.
// Parses to the CONVERSION phase only: the shape of the tree, nothing resolved or run.
// An outline is calls and closures in source order: `name(args)`, a receiver's calls before the
// call on it (`sh() trim()`), `{…}` for a closure, `| name{…}` for a script method,
// `| class X:Super{methods}` for a class.
import org.codehaus.groovy.ast.*
import org.codehaus.groovy.ast.expr.*
import org.codehaus.groovy.ast.stmt.*
import org.codehaus.groovy.control.*
import groovy.json.*

String outlineExpr(Expression e) {
  if (e == null) return ''
  switch (e) {
    case MethodCallExpression:
      def recv = e.implicitThis ? '' : outlineExpr(e.objectExpression)
      return join([recv, e.methodAsString + '(' + outlineExpr(e.arguments) + ')'])
    case StaticMethodCallExpression:
      return e.method + '(' + outlineExpr(e.arguments) + ')'
    case ConstructorCallExpression:
      return 'new ' + e.type.nameWithoutPackage + '(' + outlineExpr(e.arguments) + ')'
    case ClosureExpression:
      return '{' + outlineStmt(e.code) + '}'
    case TupleExpression: return join(e.expressions.collect { outlineExpr(it) })
    case ListExpression: return join(e.expressions.collect { outlineExpr(it) })
    case MapExpression: return join(e.mapEntryExpressions.collect { join([outlineExpr(it.keyExpression), outlineExpr(it.valueExpression)]) })
    case MapEntryExpression: return join([outlineExpr(e.keyExpression), outlineExpr(e.valueExpression)])
    case GStringExpression: return join(e.values.collect { outlineExpr(it) })
    case BinaryExpression: return join([outlineExpr(e.leftExpression), outlineExpr(e.rightExpression)])
    case TernaryExpression: return join([outlineExpr(e.booleanExpression), outlineExpr(e.trueExpression), outlineExpr(e.falseExpression)])
    case BooleanExpression: return outlineExpr(e.expression)
    case NotExpression: return outlineExpr(e.expression)
    case PropertyExpression: return outlineExpr(e.objectExpression)
    case AttributeExpression: return outlineExpr(e.objectExpression)
    case MethodPointerExpression: return outlineExpr(e.expression)
    case CastExpression: return outlineExpr(e.expression)
    case UnaryMinusExpression: return outlineExpr(e.expression)
    case UnaryPlusExpression: return outlineExpr(e.expression)
    case BitwiseNegationExpression: return outlineExpr(e.expression)
    case PrefixExpression: return outlineExpr(e.expression)
    case PostfixExpression: return outlineExpr(e.expression)
    case SpreadExpression: return outlineExpr(e.expression)
    case SpreadMapExpression: return outlineExpr(e.expression)
    case ClosureListExpression: return join(e.expressions.collect { outlineExpr(it) })
    case ArrayExpression: return join((e.sizeExpression ?: []).collect { outlineExpr(it) } + (e.expressions ?: []).collect { outlineExpr(it) })
    case RangeExpression: return join([outlineExpr(e.from), outlineExpr(e.to)])
    case ElvisOperatorExpression: return join([outlineExpr(e.trueExpression), outlineExpr(e.falseExpression)])
    default: return ''
  }
}
String join(List<String> parts) { parts.findAll { it }.join(' ') }
String outlineStmt(Statement s) {
  if (s == null) return ''
  switch (s) {
    case BlockStatement: return join(s.statements.collect { outlineStmt(it) })
    case ExpressionStatement: return outlineExpr(s.expression)
    case ReturnStatement: return outlineExpr(s.expression)
    case ThrowStatement: return outlineExpr(s.expression)
    case IfStatement: return join([outlineExpr(s.booleanExpression), outlineStmt(s.ifBlock), outlineStmt(s.elseBlock)])
    case ForStatement: return join([outlineExpr(s.collectionExpression), outlineStmt(s.loopBlock)])
    case CaseStatement: return join([outlineExpr(s.expression), outlineStmt(s.code)])
    case WhileStatement: return join([outlineExpr(s.booleanExpression), outlineStmt(s.loopBlock)])
    case DoWhileStatement: return join([outlineStmt(s.loopBlock), outlineExpr(s.booleanExpression)])
    case TryCatchStatement: return join([outlineStmt(s.tryStatement)] + s.catchStatements.collect { outlineStmt(it.code) } + [outlineStmt(s.finallyStatement)])
    // Our tree keeps case values apart from the statements: values first, then code, in order.
    case SwitchStatement: return join([outlineExpr(s.expression)] + s.caseStatements.collect { outlineExpr(it.expression) } + s.caseStatements.collect { outlineStmt(it.code) } + [outlineStmt(s.defaultStatement)])
    case SynchronizedStatement: return join([outlineExpr(s.expression), outlineStmt(s.code)])
    case AssertStatement: return join([outlineExpr(s.booleanExpression), outlineExpr(s.messageExpression)])
    default: return ''
  }
}
String outlineMethod(MethodNode m) { m.name + '{' + outlineStmt(m.code) + '}' }
String outline(String source) {
  def cu = new CompilationUnit()
  cu.addSource('Probe.groovy', source)
  try {
    cu.compile(Phases.CONVERSION)
  } catch (MultipleCompilationErrorsException ex) {
    def msgs = ex.errorCollector.errors.collect { err -> err instanceof org.codehaus.groovy.control.messages.SyntaxErrorMessage ? err.cause.message.replaceAll(/ @ line.*/, '') : err.toString() }
    return 'ERROR: ' + msgs[0].readLines()[0]
  }
  def module = cu.AST.modules[0]
  def parts = [outlineStmt(module.statementBlock)]
  def scriptClass = module.classes.find { it.script }
  def methods = (scriptClass ? scriptClass.methods.findAll { it.lineNumber > 0 && it.name != 'main' && it.name != 'run' } : []).sort { it.lineNumber }
  if (methods) parts << '| ' + methods.collect { outlineMethod(it) }.join(' ')
  module.classes.findAll { !it.script }.sort { it.lineNumber }.each { c ->
    parts << '| class ' + c.nameWithoutPackage + (c.superClass && c.superClass.name != 'java.lang.Object' ? ':' + c.superClass.nameWithoutPackage : '') + '{' + c.methods.findAll { it.lineNumber > 0 }.sort { it.lineNumber }.collect { outlineMethod(it) }.join(' ') + '}'
  }
  return join(parts)
}
def input = new JsonSlurper().parse(System.in)
def out = [:]
input.each { k, v -> out[k] = outline(v) }
println JsonOutput.toJson(out)
