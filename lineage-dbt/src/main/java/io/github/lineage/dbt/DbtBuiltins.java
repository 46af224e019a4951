package io.github.lineage.dbt;

import com.hubspot.jinjava.interpret.Context;
import java.util.HashMap;
import java.util.Set;

/**
 * Macros of dbt's own global project that models and project macros call by name, written with the
 * SQL of dbt's default (Postgres-like) implementations: what matters for lineage is which columns
 * each reads. A project macro of the same name replaces a bare one. Loaded once per renderer,
 * before the project's macros.
 */
final class DbtBuiltins {

  private DbtBuiltins() {}

  /**
   * generate_schema_name itself is {@link DbtRenderer}'s Java default (no macro call per model);
   * these are what a project's own generate_schema_name calls (dbt docs, "Custom schemas"), and the
   * cross-database macros of the {@code dbt} namespace (dbt docs, "Cross-database macros").
   */
  static final String MACROS =
      """
      {% macro default__generate_schema_name(custom_schema_name, node) -%}
        {%- set default_schema = target.schema -%}
        {%- if custom_schema_name is none -%}{{ default_schema }}
        {%- else -%}{{ default_schema }}_{{ custom_schema_name | trim }}{%- endif -%}
      {%- endmacro %}
      {% macro generate_schema_name_for_env(custom_schema_name, node) -%}
        {%- set default_schema = target.schema -%}
        {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}
        {%- else -%}{{ default_schema }}{%- endif -%}
      {%- endmacro %}
      {% macro dbt.current_timestamp() -%}now(){%- endmacro %}
      {% macro dbt.date_trunc(datepart, date) -%}date_trunc('{{ datepart }}', {{ date }}){%- endmacro %}
      {% macro dbt.dateadd(datepart, interval, from_date_or_timestamp) -%}
        {{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))
      {%- endmacro %}
      {% macro dbt.datediff(first_date, second_date, datepart) -%}
        datediff('{{ datepart }}', {{ first_date }}, {{ second_date }})
      {%- endmacro %}
      {% macro dbt.last_day(date, datepart) -%}
        cast(date_trunc('{{ datepart }}', {{ date }}) + interval '1 {{ datepart }}' - interval '1 day' as date)
      {%- endmacro %}
      {% macro dbt.safe_cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro %}
      {% macro dbt.cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro %}
      {% macro dbt.cast_bool_to_text(field) -%}cast({{ field }} as varchar){%- endmacro %}
      {% macro dbt.concat(fields) -%}{{ fields | join(' || ') }}{%- endmacro %}
      {% macro dbt.hash(field) -%}md5(cast({{ field }} as varchar)){%- endmacro %}
      {% macro dbt.split_part(string_text, delimiter_text, part_number) -%}
        split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
      {%- endmacro %}
      {% macro dbt.length(expression) -%}length({{ expression }}){%- endmacro %}
      {% macro dbt.position(substring_text, string_text) -%}position({{ substring_text }} in {{ string_text }}){%- endmacro %}
      {% macro dbt.replace(field, old_chars, new_chars) -%}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){%- endmacro %}
      {% macro dbt.right(string_text, length_expression) -%}right({{ string_text }}, {{ length_expression }}){%- endmacro %}
      {#- Jinjava splits macro parameters on every comma, so dbt's default "','" is written in the body. -#}
      {% macro dbt.listagg(measure, delimiter_text=none, order_by_clause=none, limit_num=none) -%}
        string_agg({{ measure }}, {{ delimiter_text if delimiter_text is not none else "','" }})
      {%- endmacro %}
      {% macro dbt.any_value(expression) -%}min({{ expression }}){%- endmacro %}
      {% macro dbt.bool_or(expression) -%}bool_or({{ expression }}){%- endmacro %}
      {% macro dbt.string_literal(value) -%}'{{ value }}'{%- endmacro %}
      {% macro dbt.type_string() -%}varchar{%- endmacro %}
      {% macro dbt.type_timestamp() -%}timestamp{%- endmacro %}
      {% macro dbt.type_int() -%}integer{%- endmacro %}
      {% macro dbt.type_bigint() -%}bigint{%- endmacro %}
      {% macro dbt.type_float() -%}float{%- endmacro %}
      {% macro dbt.type_numeric() -%}numeric(28, 6){%- endmacro %}
      {% macro dbt.type_boolean() -%}boolean{%- endmacro %}
      {% macro dbt.except() -%}except{%- endmacro %}
      {% macro dbt.intersect() -%}intersect{%- endmacro %}
      """;

  /** The bare names {@link #MACROS} defines: never placeholders. */
  static final Set<String> NAMES =
      Set.of("default__generate_schema_name", "generate_schema_name_for_env");

  /**
   * The {@code dbt} namespace: the macros above, and a placeholder with a warning for any other.
   */
  static final class Namespace extends HashMap<String, Object> {
    private static final long serialVersionUID = 1L;
    private final transient Context scope;
    private final transient Runnable load;

    /**
     * {@code load} defines {@link #MACROS} (into this map, for the {@code dbt.} ones) if not done
     * yet.
     */
    Namespace(Context scope, Runnable load) {
      this.scope = scope;
      this.load = load;
    }

    @Override
    public Object get(Object key) {
      load.run();
      Object macro = super.get(key);
      return macro != null
          ? macro
          : new DbtRenderer.PlaceholderMacro(String.valueOf(key), "dbt." + key, scope);
    }
  }
}
