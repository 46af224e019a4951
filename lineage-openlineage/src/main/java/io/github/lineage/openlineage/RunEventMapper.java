package io.github.lineage.openlineage;

import io.github.lineage.core.model.ColumnEdge;
import io.github.lineage.core.model.LineageDocument;
import io.github.lineage.core.model.StatementLineage;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One lineage document as one OpenLineage {@code RunEvent}: the file is the job (namespace = its
 * source, name = its path), a run of it is its current content (run id derived from key and sha256,
 * so a replayed document gives the same run), the tables it reads are the inputs, the tables it
 * writes the outputs. Every dataset carries a {@code schema} facet with the columns the document
 * names for it, and every output a {@code columnLineage} facet: direct edges (transformation type
 * DIRECT) and the engine's indirect ones (INDIRECT, subtype FILTER, JOIN, ...).
 */
final class RunEventMapper {

  /** Who produced the events, as the spec asks: a URI naming this project. */
  static final URI PRODUCER = URI.create("https://github.com/lineage/lineage-pipeline");

  private static final String DIRECT = "DIRECT";
  private static final String INDIRECT = "INDIRECT";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String datasetNamespace;

  RunEventMapper(String datasetNamespace) {
    this.datasetNamespace = datasetNamespace;
  }

  static UUID runId(String key, String sha256) {
    return UUID.nameUUIDFromBytes((key + "\n" + sha256).getBytes(StandardCharsets.UTF_8));
  }

  OpenLineage.RunEvent map(LineageDocument doc, ZonedDateTime eventTime) {
    Set<String> inputs = new TreeSet<>();
    Set<String> outputs = new TreeSet<>();
    Map<String, Set<String>> columns = new TreeMap<>();
    // output table -> output column -> input column -> transformations (DIRECT, INDIRECT/<kind>)
    Map<String, Map<String, Map<String, Set<String>>>> lineage = new TreeMap<>();
    for (StatementLineage statement : doc.statements()) {
      inputs.addAll(statement.sources());
      outputs.addAll(statement.targets());
      for (ColumnEdge edge : statement.columns()) {
        link(columns, lineage, edge.target(), edge.sources(), DIRECT);
      }
      for (StatementLineage.Indirect edge : statement.indirect()) {
        link(columns, lineage, edge.target(), edge.sources(), INDIRECT + "/" + edge.kind());
      }
    }
    // A table both read and written (an UPDATE, an INSERT … SELECT from itself) is both.
    List<OpenLineage.InputDataset> in = new ArrayList<>();
    for (String table : inputs) {
      in.add(
          ol.newInputDatasetBuilder()
              .namespace(datasetNamespace)
              .name(table)
              .facets(ol.newDatasetFacetsBuilder().schema(schema(columns.get(table))).build())
              .build());
    }
    List<OpenLineage.OutputDataset> out = new ArrayList<>();
    for (String table : outputs) {
      OpenLineage.DatasetFacetsBuilder facets =
          ol.newDatasetFacetsBuilder().schema(schema(columns.get(table)));
      Map<String, Map<String, Set<String>>> fields = lineage.get(table);
      if (fields != null && !fields.isEmpty()) {
        facets.columnLineage(columnLineage(fields));
      }
      out.add(
          ol.newOutputDatasetBuilder()
              .namespace(datasetNamespace)
              .name(table)
              .facets(facets.build())
              .build());
    }
    OpenLineage.JobFacets jobFacets =
        ol.newJobFacetsBuilder()
            .sourceCodeLocation(
                ol.newSourceCodeLocationJobFacetBuilder()
                    .type("file")
                    .url(fileUri(doc))
                    .path(doc.path())
                    .version(doc.sha256())
                    .build())
            .build();
    return ol.newRunEventBuilder()
        .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
        .eventTime(eventTime.withZoneSameInstant(ZoneOffset.UTC))
        .run(ol.newRun(runId(doc.key(), doc.sha256()), ol.newRunFacetsBuilder().build()))
        .job(ol.newJob(doc.source(), doc.path(), jobFacets))
        .inputs(in)
        .outputs(out)
        .build();
  }

  private OpenLineage.SchemaDatasetFacet schema(Set<String> columns) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    if (columns != null) {
      for (String column : columns) {
        // The engine knows names, not types: a field without a type is allowed by the spec.
        fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(column).build());
      }
    }
    return ol.newSchemaDatasetFacet(fields);
  }

  private static void link(
      Map<String, Set<String>> columns,
      Map<String, Map<String, Map<String, Set<String>>>> lineage,
      String target,
      List<String> sources,
      String transformation) {
    String targetTable = tableOf(target);
    columns.computeIfAbsent(targetTable, t -> new TreeSet<>()).add(columnOf(target));
    Map<String, Set<String>> inputs =
        lineage
            .computeIfAbsent(targetTable, t -> new TreeMap<>())
            .computeIfAbsent(columnOf(target), c -> new TreeMap<>());
    for (String source : sources) {
      columns.computeIfAbsent(tableOf(source), t -> new TreeSet<>()).add(columnOf(source));
      inputs.computeIfAbsent(source, x -> new TreeSet<>()).add(transformation);
    }
  }

  private OpenLineage.ColumnLineageDatasetFacet columnLineage(
      Map<String, Map<String, Set<String>>> fields) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder builder =
        ol.newColumnLineageDatasetFacetFieldsBuilder();
    fields.forEach(
        (column, inputs) -> {
          List<OpenLineage.InputField> inputFields = new ArrayList<>();
          inputs.forEach(
              (source, transformations) -> {
                List<OpenLineage.InputFieldTransformations> types = new ArrayList<>();
                for (String t : transformations) {
                  int slash = t.indexOf('/');
                  // The engine's indirect kinds are OpenLineage's subtype names (FILTER, JOIN,
                  // GROUP_BY, SORT, WINDOW).
                  types.add(
                      slash < 0
                          ? ol.newInputFieldTransformationsBuilder().type(t).build()
                          : ol.newInputFieldTransformationsBuilder()
                              .type(t.substring(0, slash))
                              .subtype(t.substring(slash + 1))
                              .build());
                }
                inputFields.add(
                    ol.newInputFieldBuilder()
                        .namespace(datasetNamespace)
                        .name(tableOf(source))
                        .field(columnOf(source))
                        .transformations(types)
                        .build());
              });
          builder.put(
              column,
              ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                  .inputFields(inputFields)
                  .build());
        });
    return ol.newColumnLineageDatasetFacetBuilder().fields(builder.build()).build();
  }

  private static URI fileUri(LineageDocument doc) {
    try {
      return new URI("file", null, "/" + doc.source() + "/" + doc.path(), null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("no URI for " + doc.key(), e);
    }
  }

  /** {@code schema.table.column} → {@code schema.table}. */
  static String tableOf(String column) {
    int dot = column.lastIndexOf('.');
    return dot < 0 ? "" : column.substring(0, dot);
  }

  static String columnOf(String column) {
    return column.substring(column.lastIndexOf('.') + 1);
  }
}
