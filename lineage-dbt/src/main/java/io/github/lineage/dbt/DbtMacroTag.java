package io.github.lineage.dbt;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.MacroTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja's {@code {% macro %}} with dbt's {@code return()}: in dbt a macro call evaluates to the
 * value passed to {@code return} (a list, a dict, a relation), not to the macro's text, so {@code
 * {% for m in get_methods() %}} loops over a returned list. Jinjava has no such statement; each
 * call of a macro defined here opens a slot that {@link #capture} fills.
 */
final class DbtMacroTag extends MacroTag {

  private static final long serialVersionUID = 1L;

  /**
   * The calls in progress on this thread, innermost first; a slot holds {@link #NONE} until
   * return().
   */
  private static final ThreadLocal<Deque<Object[]>> CALLS =
      ThreadLocal.withInitial(ArrayDeque::new);

  private static final Object NONE = new Object();

  @Override
  protected MacroFunction constructMacroFunction(
      TagNode tagNode,
      JinjavaInterpreter interpreter,
      String name,
      LinkedHashMap<String, Object> argNamesWithDefaults) {
    return new ReturningMacro(tagNode.getChildren(), name, argNamesWithDefaults, interpreter);
  }

  /**
   * Records {@code value} as the result of the innermost macro call; true if there is one. The
   * first return wins, as dbt stops the macro there.
   */
  static boolean capture(Object value) {
    Object[] slot = CALLS.get().peek();
    if (slot == null) {
      return false;
    }
    if (slot[0] == NONE) {
      slot[0] = value;
    }
    return true;
  }

  /** A macro whose call yields its return() value when it has one, else its rendered text. */
  static final class ReturningMacro extends MacroFunction {

    ReturningMacro(
        List<com.hubspot.jinjava.tree.Node> content,
        String name,
        LinkedHashMap<String, Object> args,
        JinjavaInterpreter interpreter) {
      super(
          content,
          name,
          args,
          false,
          interpreter.getContext(),
          interpreter.getLineNumber(),
          interpreter.getPosition());
    }

    private ReturningMacro(MacroFunction source, String name) {
      super(source, name);
    }

    @Override
    public Object doEvaluate(
        Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
      Object[] slot = {NONE};
      Deque<Object[]> calls = CALLS.get();
      calls.push(slot);
      try {
        Object text = super.doEvaluate(argMap, kwargMap, varArgs);
        return slot[0] == NONE ? text : slot[0];
      } finally {
        calls.pop();
      }
    }

    @Override
    public MacroFunction cloneWithNewName(String name) {
      return new ReturningMacro(this, name);
    }
  }
}
