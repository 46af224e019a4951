package io.github.lineage.dbt;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dbt's context functions for Jinjava: {@code ref}, {@code source}, {@code config}, {@code var},
 * {@code env_var}, {@code is_incremental}, {@code return}, {@code log}. Jinjava calls static
 * methods, so each finds the render it serves ({@link RenderState}) in the current interpreter's
 * context. Keyword arguments arrive as {@link NamedParameter}s.
 */
public final class DbtFunctions {

  private DbtFunctions() {}

  static RenderState state() {
    JinjavaInterpreter interp = JinjavaInterpreter.getCurrent();
    Object s = interp == null ? null : interp.getContext().get(RenderState.CONTEXT_KEY);
    if (!(s instanceof RenderState rs)) {
      throw new IllegalStateException("dbt function called outside a model render");
    }
    return rs;
  }

  static int line() {
    JinjavaInterpreter interp = JinjavaInterpreter.getCurrent();
    return interp == null ? 0 : interp.getLineNumber();
  }

  private static List<Object> positional(Object[] args) {
    List<Object> out = new ArrayList<>();
    if (args != null) {
      for (Object a : args) {
        if (!(a instanceof NamedParameter)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  private static Optional<Object> named(Object[] args, String name) {
    if (args != null) {
      for (Object a : args) {
        if (a instanceof NamedParameter np && np.getName().equals(name)) {
          return Optional.ofNullable(np.getValue());
        }
      }
    }
    return Optional.empty();
  }

  /** {@code ref('model')}, {@code ref('package', 'model')}; an ephemeral model is its CTE name. */
  public static Object ref(Object... args) {
    RenderState st = state();
    List<Object> pos = positional(args);
    if (pos.isEmpty()) {
      st.error(line(), "ref() needs a model name");
      return "";
    }
    String model = String.valueOf(pos.get(pos.size() - 1));
    st.refs.add(model);
    Optional<RenderState.ModelInfo> info = st.models.apply(model);
    if (info.isEmpty()) {
      st.error(
          line(),
          "unknown ref '" + model + "': no model, seed or snapshot of that name in the project");
      return new Relation("", "", model);
    }
    if (!info.get().enabled()) {
      st.error(line(), "ref '" + model + "' is a disabled model");
      return new Relation("", "", model);
    }
    if ("ephemeral".equals(info.get().materialized())) {
      return new Relation("", "", DbtLineage.CTE_PREFIX + model);
    }
    return info.get().relation();
  }

  /** {@code source('source_name', 'table_name')} as declared in the models' {@code .yml} files. */
  public static Object source(Object... args) {
    RenderState st = state();
    List<Object> pos = positional(args);
    if (pos.size() != 2) {
      st.error(line(), "source() needs a source name and a table name");
      return "";
    }
    String key = pos.get(0) + "." + pos.get(1);
    st.sources.add(key);
    DbtProject.Source s = st.project.sources().get(key);
    if (s == null) {
      st.error(
          line(),
          "unknown source '" + key + "': not declared in any .yml file under the model paths");
      return new Relation("", String.valueOf(pos.get(0)), String.valueOf(pos.get(1)));
    }
    return s.relation();
  }

  /**
   * {@code config(materialized=…, schema=…, alias=…, database=…, …)}: recorded, renders nothing.
   */
  public static Object config(Object... args) {
    RenderState st = state();
    if (args != null) {
      for (Object a : args) {
        if (a instanceof NamedParameter np) {
          st.config.put(np.getName(), np.getValue());
        } else if (a instanceof Map<?, ?> m) {
          m.forEach((k, v) -> st.config.put(String.valueOf(k), v));
        }
      }
    }
    return "";
  }

  /** {@code var('name'[, default])}: the project's {@code vars:} (its own scope first). */
  public static Object var(Object... args) {
    RenderState st = state();
    List<Object> pos = positional(args);
    if (pos.isEmpty()) {
      st.error(line(), "var() needs a variable name");
      return "";
    }
    String key = String.valueOf(pos.get(0));
    Map<String, Object> scoped = DbtProject.map(st.project.vars().get(st.project.name()));
    if (scoped.containsKey(key)) {
      return scoped.get(key);
    }
    if (st.project.vars().containsKey(key)) {
      return st.project.vars().get(key);
    }
    if (pos.size() > 1) {
      return pos.get(1);
    }
    Optional<Object> def = named(args, "default");
    if (def.isPresent()) {
      return def.get();
    }
    st.error(
        line(), "required var '" + key + "' is not set in dbt_project.yml vars and has no default");
    return "";
  }

  /** {@code env_var('NAME'[, default])} from the renderer's environment. */
  public static Object env_var(Object... args) {
    RenderState st = state();
    List<Object> pos = positional(args);
    if (pos.isEmpty()) {
      st.error(line(), "env_var() needs a variable name");
      return "";
    }
    String key = String.valueOf(pos.get(0));
    String v = DbtRenderer.env(st).get(key);
    if (v != null) {
      return v;
    }
    if (pos.size() > 1) {
      return pos.get(1);
    }
    st.error(line(), "env var '" + key + "' is not set and has no default");
    return "";
  }

  /** Always false: lineage renders the full-refresh form of an incremental model. */
  public static boolean is_incremental() {
    return false;
  }

  /**
   * dbt's {@code return(x)}: inside a macro, the call's value becomes {@code x} ({@link
   * DbtMacroTag}) and nothing is printed; elsewhere the value is printed, as before.
   */
  public static Object dbt_return(Object value) {
    return DbtMacroTag.capture(value) ? "" : value;
  }

  /** {@code log(msg)}: no output. */
  public static Object log(Object... args) {
    return "";
  }
}
