package io.github.lineage.dbt;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;

/**
 * A relation as dbt names it: {@code [database.]schema.identifier}. Templates see it as the value
 * of {@code ref}, {@code source} and {@code this}; printed, it is its dotted name. The database is
 * empty when it is the target's own, so names match those of plain SQL files.
 */
public record Relation(String database, String schema, String identifier)
    implements PyishSerializable {

  public Relation {
    database = database == null ? "" : database;
    schema = schema == null ? "" : schema;
  }

  public String getDatabase() {
    return database;
  }

  public String getSchema() {
    return schema;
  }

  public String getIdentifier() {
    return identifier;
  }

  public String getName() {
    return identifier;
  }

  public String getTable() {
    return identifier;
  }

  /** The lineage name: lower-cased like the engine's names of unquoted identifiers. */
  public String qualified() {
    return toString().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!database.isEmpty()) {
      sb.append(database).append('.');
    }
    if (!schema.isEmpty()) {
      sb.append(schema).append('.');
    }
    return sb.append(identifier).toString();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable)
      throws IOException {
    return (T) appendable.append(toString());
  }
}
