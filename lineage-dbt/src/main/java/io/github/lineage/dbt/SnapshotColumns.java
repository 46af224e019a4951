package io.github.lineage.dbt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of the table a snapshot writes: what its SELECT gives plus dbt's meta-fields (dbt
 * docs, "Snapshot meta-fields"): {@code dbt_scd_id}, {@code dbt_updated_at}, {@code
 * dbt_valid_from}, {@code dbt_valid_to}, and {@code dbt_is_deleted} with {@code
 * hard_deletes='new_record'}; renamed by {@code snapshot_meta_column_names}. Models reading the
 * snapshot select them by name or through {@code *}, so the catalog must know them.
 */
final class SnapshotColumns {

  private static final List<String> META =
      List.of("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to");

  private SnapshotColumns() {}

  /** {@code selected} for a model; for a snapshot, with the meta-fields after them. */
  static List<String> of(RenderedModel m, List<String> selected) {
    if (!"snapshot".equals(m.materialized()) || selected.contains("*")) {
      return selected;
    }
    Map<String, Object> names = DbtProject.map(m.config().get("snapshot_meta_column_names"));
    List<String> out = new ArrayList<>(selected);
    List<String> meta = new ArrayList<>(META);
    if ("new_record".equals(String.valueOf(m.config().get("hard_deletes")))) {
      meta.add("dbt_is_deleted");
    }
    for (String field : meta) {
      String name = String.valueOf(names.getOrDefault(field, field)).toLowerCase(Locale.ROOT);
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }
}
