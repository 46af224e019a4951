package io.github.lineage.dbt;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja in YAML values, as dbt renders it before anything else: the {@code target:} and output
 * values of {@code profiles.yml} ({@code env_var} only, as dbt's profile context), a source's
 * {@code database}/{@code schema}/{@code identifier} ({@code env_var}, {@code var}, {@code
 * target}). A value without Jinja is returned as is, and no Jinjava is built for a project that has
 * none.
 */
final class YamlJinja {

  private static final String ENV = "__lineage_yaml_env";
  private static final String VARS = "__lineage_yaml_vars";
  private static final String PROBLEMS = "__lineage_yaml_problems";

  private final Map<String, String> env;
  private Jinjava jinjava;

  YamlJinja(Map<String, String> env) {
    this.env = env;
  }

  static boolean hasJinja(Object value) {
    return value instanceof String s && (s.contains("{{") || s.contains("{%"));
  }

  /**
   * {@code value} rendered with {@code vars} and {@code target} (either may be null: not in that
   * context); problems (a missing env var, a syntax error) are added to {@code problems} as {@code
   * file: …}, and the value is then null.
   */
  Object render(
      Object value,
      Map<String, Object> vars,
      Map<String, Object> target,
      String file,
      List<String> problems) {
    if (!hasJinja(value)) {
      return value;
    }
    if (jinjava == null) {
      JinjavaConfig config =
          JinjavaConfig.newBuilder()
              .withFailOnUnknownTokens(false)
              .withNestedInterpretationEnabled(false)
              .withMaxOutputSize(1L << 20)
              .build();
      jinjava = new Jinjava(config);
      jinjava.registerFunction(
          new ELFunctionDefinition("", "env_var", YamlJinja.class, "env_var", Object[].class));
      jinjava.registerFunction(
          new ELFunctionDefinition("", "var", YamlJinja.class, "var", Object[].class));
    }
    Context ctx = new Context(jinjava.getGlobalContext());
    List<String> found = new ArrayList<>();
    ctx.put(ENV, env);
    ctx.put(VARS, vars);
    ctx.put(PROBLEMS, found);
    if (target != null) {
      ctx.put("target", target);
    }
    JinjavaInterpreter interp = new JinjavaInterpreter(jinjava, ctx, jinjava.getGlobalConfig());
    try (var current = JinjavaInterpreter.closeablePushCurrent(interp).get()) {
      String out = interp.render((String) value).strip();
      for (TemplateError e : interp.getErrors()) {
        if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
          found.add("template error in '" + value + "': " + DbtProject.firstLine(e.getMessage()));
        }
      }
      if (!found.isEmpty()) {
        found.forEach(p -> problems.add(file + ": " + p));
        return null;
      }
      return out;
    } catch (RuntimeException e) {
      problems.add(
          file + ": template error in '" + value + "': " + DbtProject.firstLine(e.getMessage()));
      return null;
    }
  }

  private static Object context(String key) {
    return JinjavaInterpreter.getCurrent().getContext().get(key);
  }

  @SuppressWarnings("unchecked")
  private static void problem(String message) {
    ((List<String>) context(PROBLEMS)).add(message);
  }

  private static List<Object> positional(Object[] args) {
    List<Object> out = new ArrayList<>();
    for (Object a : args == null ? new Object[0] : args) {
      if (!(a instanceof NamedParameter)) {
        out.add(a);
      }
    }
    return out;
  }

  /** {@code env_var('X'[, default])} of the renderer's environment. */
  @SuppressWarnings("unchecked")
  public static Object env_var(Object... args) {
    List<Object> pos = positional(args);
    if (pos.isEmpty()) {
      problem("env_var() needs a variable name");
      return "";
    }
    String v = ((Map<String, String>) context(ENV)).get(String.valueOf(pos.get(0)));
    if (v != null) {
      return v;
    }
    if (pos.size() > 1) {
      return pos.get(1);
    }
    problem("env var '" + pos.get(0) + "' is not set and has no default");
    return "";
  }

  /** {@code var('x'[, default])} of the project's vars, where the context has them. */
  @SuppressWarnings("unchecked")
  public static Object var(Object... args) {
    List<Object> pos = positional(args);
    Map<String, Object> vars = (Map<String, Object>) context(VARS);
    if (pos.isEmpty()) {
      problem("var() needs a variable name");
      return "";
    }
    String key = String.valueOf(pos.get(0));
    if (vars != null && vars.containsKey(key)) {
      return vars.get(key);
    }
    if (pos.size() > 1) {
      return pos.get(1);
    }
    for (Object a : args) {
      if (a instanceof NamedParameter np && np.getName().equals("default")) {
        return np.getValue();
      }
    }
    problem("required var '" + key + "' is not set in dbt_project.yml vars and has no default");
    return "";
  }
}
