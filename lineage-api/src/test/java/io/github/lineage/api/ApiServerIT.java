package io.github.lineage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lineage.local.EmbeddedNeo4j;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Every endpoint of docs/api.md over HTTP, on a real Neo4j holding a graph the sink's statements
 * wrote.
 */
class ApiServerIT {

  /**
   * A table whose name is Cypher (lower case, as the engine writes names): a name like any other.
   */
  static final String CYPHER_TABLE = "mart.x'}) match (n) detach delete n //";

  private static EmbeddedNeo4j neo4j;
  private static Driver driver;
  private static ApiServer server;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    neo4j = EmbeddedNeo4j.startTemporary();
    driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
    TestGraph.writeSql(driver, "wh", TestGraph.WAREHOUSE);
    TestGraph.writeStatement(driver, "wh", "odd.sql", "rpt.risk", CYPHER_TABLE);
    server = ApiServer.start("127.0.0.1", 0, new LineageReads(driver), "test graph");
    base = server.uri();
  }

  @AfterAll
  static void stop() {
    server.close();
    driver.close();
    neo4j.close();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.path("name").asText() + "@" + n.path("distance").asInt()));
    return names;
  }

  private static List<String> edges(JsonNode array) {
    List<String> edges = new ArrayList<>();
    array.forEach(
        e ->
            edges.add(
                e.path("source").asText()
                    + " -> "
                    + e.path("target").asText()
                    + " "
                    + e.path("file").asText()
                    + ":"
                    + e.path("lines")));
    return edges;
  }

  @Test
  void shouldWalkUpstreamTablesWithDistancesAndTheFileAndLineOfEveryEdge() {
    Http.Response r = Http.get(base, "api/upstream?name=RPT.RISK&depth=5");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.path("start").asText()).isEqualTo("rpt.risk");
    assertThat(body.path("direction").asText()).isEqualTo("upstream");
    assertThat(body.path("level").asText()).isEqualTo("table");
    assertThat(names(body.path("nodes")))
        .containsExactly("mart.positions@1", "raw.adjustments@2", "stg.trades@2", "raw.trades@3");
    assertThat(edges(body.path("edges")))
        .containsExactly(
            "mart.positions -> rpt.risk wh:reports/risk.sql:[1]",
            "raw.adjustments -> mart.positions wh:marts/positions.sql:[3]",
            "raw.trades -> stg.trades wh:staging/stg_trades.sql:[2]",
            "stg.trades -> mart.positions wh:marts/positions.sql:[1]");
    assertThat(body.path("nodes").get(0).path("files").get(0).asText())
        .isEqualTo("wh:reports/risk.sql");
    assertThat(body.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void shouldStopDownstreamAtTheGivenDepth() {
    assertThat(names(Http.get(base, "api/downstream?name=raw.trades&depth=1").json().path("nodes")))
        .containsExactly("stg.trades@1");
    assertThat(
            names(Http.get(base, "api/downstream?name=raw.trades&depth=20").json().path("nodes")))
        .containsExactly("stg.trades@1", "mart.positions@2", "rpt.risk@3", CYPHER_TABLE + "@4");
  }

  @Test
  void shouldFollowColumnLineageFromAColumnOrFromEveryColumnOfATable() {
    JsonNode column = Http.get(base, "api/upstream?name=rpt.risk.exposure&columns=true").json();
    assertThat(column.path("level").asText()).isEqualTo("column");
    assertThat(names(column.path("nodes")))
        .containsExactly(
            "mart.positions.exposure@1",
            "raw.adjustments.amount@2",
            "stg.trades.amount@2",
            "raw.trades.amount@3");
    assertThat(edges(column.path("edges")))
        .contains(
            "mart.positions.exposure -> rpt.risk.exposure wh:reports/risk.sql:[1]",
            "raw.adjustments.amount -> mart.positions.exposure wh:marts/positions.sql:[3]");

    JsonNode table = Http.get(base, "api/downstream?name=raw.trades&columns=true&depth=2").json();
    assertThat(names(table.path("nodes")))
        .containsExactly(
            "stg.trades.amount@1",
            "stg.trades.id@1",
            "mart.positions.exposure@2",
            "mart.positions.id@2");
  }

  @Test
  void shouldReportTheIndirectEdgesOfAColumnWalkApartFromItsEdges() {
    TestGraph.writeSql(
        driver,
        "ind",
        Map.of(
            "filtered.sql",
            "INSERT INTO zzind.out (v) SELECT s.v FROM zzind.src s WHERE s.flag = 1;"));
    JsonNode up = Http.get(base, "api/upstream?name=zzind.out.v&columns=true").json();
    assertThat(edges(up.path("edges")))
        .containsExactly("zzind.src.v -> zzind.out.v ind:filtered.sql:[1]");
    assertThat(up.path("indirect")).hasSize(1);
    JsonNode filter = up.path("indirect").get(0);
    assertThat(
            filter.path("source").asText()
                + " -"
                + filter.path("kind").asText()
                + "-> "
                + filter.path("target").asText()
                + " "
                + filter.path("file").asText())
        .isEqualTo("zzind.src.flag -FILTER-> zzind.out.v ind:filtered.sql");

    JsonNode down = Http.get(base, "api/downstream?name=zzind.src.flag&columns=true").json();
    assertThat(down.path("nodes")).isEmpty();
    assertThat(down.path("indirect").get(0).path("target").asText()).isEqualTo("zzind.out.v");
    assertThat(Http.get(base, "api/upstream?name=zzind.out").json().has("indirect"))
        .as("the table level has no indirect field")
        .isFalse();
  }

  @Test
  void shouldNameTheFilesThatWriteAndReadATable() {
    JsonNode files = Http.get(base, "api/files?table=mart.positions").json();
    assertThat(files.path("table").asText()).isEqualTo("mart.positions");
    assertThat(files.path("writers").toString()).isEqualTo("[\"wh:marts/positions.sql\"]");
    assertThat(files.path("readers").toString()).isEqualTo("[\"wh:reports/risk.sql\"]");
    assertThat(Http.get(base, "api/files?table=rpt.risk").json().path("readers").toString())
        .isEqualTo("[\"wh:odd.sql\",\"wh:reports/adhoc.sql\"]");
  }

  @Test
  void shouldSearchTablesByPrefixOfTheNameOrOfTheTablePartThenColumns() {
    JsonNode mart = Http.get(base, "api/search?q=mart.p").json();
    List<String> found = new ArrayList<>();
    mart.path("matches")
        .forEach(m -> found.add(m.path("name").asText() + ":" + m.path("kind").asText()));
    assertThat(found)
        .containsExactly(
            "mart.positions:table", "mart.positions.exposure:column", "mart.positions.id:column");

    JsonNode part = Http.get(base, "api/search?q=posi").json();
    assertThat(part.path("matches").get(0).path("name").asText()).isEqualTo("mart.positions");

    JsonNode bounded = Http.get(base, "api/search?q=r&limit=2").json();
    assertThat(bounded.path("matches").size()).isEqualTo(2);
    assertThat(bounded.path("truncated").asBoolean()).isTrue();
    assertThat(Http.get(base, "api/search?q=nothing.like.this").json().path("matches").size())
        .isZero();
  }

  @Test
  void shouldListEverythingDownstreamOfATableWithTheFilesAndLinesOfTheStatements() {
    JsonNode impact = Http.get(base, "api/impact?name=raw.trades").json();
    assertThat(impact.path("starts").toString()).isEqualTo("[\"raw.trades\"]");
    assertThat(names(impact.path("tables")))
        .containsExactly("stg.trades@1", "mart.positions@2", "rpt.risk@3", CYPHER_TABLE + "@4");
    assertThat(names(impact.path("columns")))
        .containsExactly(
            "stg.trades.amount@1",
            "stg.trades.id@1",
            "mart.positions.exposure@2",
            "mart.positions.id@2",
            "rpt.risk.exposure@3",
            "rpt.risk.id@3");
    Map<String, String> files = new TreeMap<>();
    impact
        .path("files")
        .forEach(
            f ->
                files.put(
                    f.path("file").asText(),
                    f.path("lines")
                        + " writes "
                        + f.path("writes").size()
                        + " reads "
                        + f.path("reads")));
    assertThat(files)
        .containsEntry("wh:staging/stg_trades.sql", "[2] writes 3 reads [\"raw.trades\"]")
        .containsEntry("wh:marts/positions.sql", "[1] writes 3 reads [\"stg.trades\"]")
        .containsEntry("wh:reports/risk.sql", "[1] writes 3 reads [\"mart.positions\"]")
        .containsEntry("wh:reports/adhoc.sql", "[] writes 0 reads [\"rpt.risk\"]");
  }

  @Test
  void shouldFollowTheImpactOfOneColumnAndTheTablesOwningWhatItReaches() {
    JsonNode impact = Http.get(base, "api/impact?name=raw.adjustments.amount").json();
    assertThat(names(impact.path("columns")))
        .containsExactly("mart.positions.exposure@1", "rpt.risk.exposure@2");
    assertThat(names(impact.path("tables"))).containsExactly("mart.positions@1", "rpt.risk@2");
    assertThat(impact.path("tableEdges").size()).isZero();
    List<String> files = new ArrayList<>();
    impact.path("files").forEach(f -> files.add(f.path("file").asText() + f.path("lines")));
    assertThat(files).contains("wh:marts/positions.sql[3]", "wh:reports/risk.sql[1]");
  }

  @Test
  void shouldTakeSeveralStartsInOneImpact() {
    JsonNode impact =
        Http.get(base, "api/impact?name=raw.trades&name=raw.adjustments&depth=1").json();
    assertThat(impact.path("starts").toString()).isEqualTo("[\"raw.trades\",\"raw.adjustments\"]");
    assertThat(names(impact.path("tables"))).containsExactly("mart.positions@1", "stg.trades@1");
  }

  @Test
  void shouldCutAWalkAtTheResultBoundAndSaySo() {
    JsonNode body = Http.get(base, "api/downstream?name=raw.trades&depth=20&limit=2").json();
    assertThat(names(body.path("nodes"))).containsExactly("stg.trades@1", "mart.positions@2");
    assertThat(body.path("truncated").asBoolean()).isTrue();
    assertThat(edges(body.path("edges"))).allMatch(e -> !e.contains("rpt.risk"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api/upstream?name=rpt.risk&depth=0", "api/upstream?name=rpt.risk&depth=21",
            "api/upstream?name=rpt.risk&depth=two",
        "api/downstream?name=rpt.risk&limit=0", "api/downstream?name=rpt.risk&limit=5001",
            "api/upstream?depth=2",
        "api/upstream?name=", "api/upstream?name=rpt.risk&dpeth=2", "api/upstream?name=a&name=b",
        "api/upstream?name=rpt.risk&columns=maybe", "api/search?q=", "api/search?q=r&limit=101",
        "api/impact?depth=3", "api/files?name=rpt.risk", "api/upstream?name=a%0Ab"
      })
  void shouldAnswerABadParameterWithA400ThatSaysWhatIsWrong(String request) {
    Http.Response r = Http.get(base, request);
    assertThat(r.status()).as(request + " → " + r.body()).isEqualTo(400);
    assertThat(r.json().path("error").asText()).isEqualTo("bad_request");
    assertThat(r.json().path("message").asText()).isNotBlank();
  }

  @Test
  void shouldBoundNamesAndTheNumberOfImpactStarts() {
    assertThat(
            Http.get(base, "api/upstream?name=" + "a".repeat(ApiLimits.MAX_NAME_LENGTH + 1))
                .status())
        .isEqualTo(400);
    StringBuilder many = new StringBuilder("api/impact?name=raw.trades");
    for (int i = 0; i < ApiLimits.MAX_STARTS; i++) {
      many.append("&name=t").append(i);
    }
    Http.Response r = Http.get(base, many.toString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("message").asText()).contains("between 1 and " + ApiLimits.MAX_STARTS);
  }

  @Test
  void shouldAnswerAnUnknownNameWith404AndAnUnknownPathToo() {
    Http.Response table = Http.get(base, "api/upstream?name=no.such_table");
    assertThat(table.status()).isEqualTo(404);
    assertThat(table.json().path("error").asText()).isEqualTo("not_found");
    assertThat(table.json().path("message").asText())
        .isEqualTo("no table named 'no.such_table' in the graph");
    assertThat(Http.get(base, "api/upstream?name=rpt.risk.exposure").status())
        .as("a column is not a table without columns=true")
        .isEqualTo(404);
    assertThat(
            Http.get(base, "api/impact?name=raw.trades&name=nope").json().path("message").asText())
        .contains("'nope'");
    JsonNode skipped =
        Http.get(base, "api/impact?name=raw.trades&name=nope&skipUnknown=true").json();
    assertThat(skipped.path("unknown").toString()).isEqualTo("[\"nope\"]");
    assertThat(skipped.path("tables").size()).isEqualTo(4);
    Http.Response path = Http.get(base, "api/nothing");
    assertThat(path.status()).isEqualTo(404);
    assertThat(path.json().path("error").asText()).isEqualTo("no_such_endpoint");
  }

  @Test
  void shouldRefuseEveryMethodButGet() {
    Http.Response r =
        Http.send(
            HttpRequest.newBuilder(base.resolve("api/upstream?name=rpt.risk"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.raw().headers().firstValue("Allow")).contains("GET, HEAD");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x'}) MATCH (n) DETACH DELETE n //", "raw.trades\"}) RETURN 1 //", "raw.trades' OR '1'='1",
        "$name", "raw.trades}]->(x) DELETE x //", "`raw`.`trades`"
      })
  void shouldTreatANameCraftedAsCypherAsJustAName(String crafted) {
    long nodes = TestGraph.count(driver, "MATCH (n) RETURN count(n)");
    long edges = TestGraph.count(driver, "MATCH ()-[r]->() RETURN count(r)");
    for (String endpoint : List.of("upstream", "downstream")) {
      Http.Response r = Http.get(base, "api/" + endpoint + "?name=" + q(crafted) + "&columns=true");
      assertThat(r.status()).as(r.body()).isEqualTo(404);
      assertThat(r.json().path("message").asText())
          .contains(crafted.toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(Http.get(base, "api/files?table=" + q(crafted)).status()).isEqualTo(404);
    assertThat(Http.get(base, "api/impact?name=" + q(crafted)).status()).isEqualTo(404);
    // The one table that is named like the first crafted name is found by its own name part,
    // nothing else.
    List<String> found = new ArrayList<>();
    Http.get(base, "api/search?q=" + q(crafted))
        .json()
        .path("matches")
        .forEach(m -> found.add(m.path("name").asText()));
    assertThat(found).allMatch(CYPHER_TABLE::equals);
    assertThat(TestGraph.count(driver, "MATCH (n) RETURN count(n)")).isEqualTo(nodes);
    assertThat(TestGraph.count(driver, "MATCH ()-[r]->() RETURN count(r)")).isEqualTo(edges);
  }

  @Test
  void shouldFindATableNamedLikeCypherExactlyByItsName() {
    JsonNode up = Http.get(base, "api/upstream?name=" + q(CYPHER_TABLE)).json();
    assertThat(up.path("start").asText()).isEqualTo(CYPHER_TABLE);
    assertThat(names(up.path("nodes"))).startsWith("rpt.risk@1");
    assertThat(
            Http.get(base, "api/search?q=" + q("mart.x'"))
                .json()
                .path("matches")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo(CYPHER_TABLE);
  }

  @Test
  void shouldAnswerTheSameRecordsThroughTheClient() {
    ApiClient client = new ApiClient(base);
    Traversal traversal =
        client.traverse(
            "rpt.risk", LineageReads.Direction.upstream, LineageReads.Level.table, 5, 100);
    assertThat(traversal)
        .isEqualTo(
            new LineageReads(driver)
                .traverse(
                    "rpt.risk", LineageReads.Direction.upstream, LineageReads.Level.table, 5, 100));
    assertThat(client.files("mart.positions").writers()).containsExactly("wh:marts/positions.sql");
    assertThat(client.impact(List.of("raw.trades"), 20, 100))
        .isEqualTo(new LineageReads(driver).impact(List.of("raw.trades"), 20, 100));
    assertThat(client.search("mart.", 5).matches()).isNotEmpty();
    assertThatThrownBy(() -> client.files("nope"))
        .isInstanceOf(UnknownNameException.class)
        .hasMessage("no table named 'nope' in the graph");
    assertThatThrownBy(
            () ->
                client.traverse(
                    "rpt.risk", LineageReads.Direction.upstream, LineageReads.Level.table, 99, 10))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void shouldServeTheExplorerPageAndItsOwnFilesOnly() {
    Http.Response page = Http.get(base, "");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body())
        .contains("<title>lineage explorer</title>", "/explorer/vendor/cytoscape.min.js")
        .doesNotContain("http://", "https://");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
    assertThat(Http.get(base, "explorer/app.js").contentType()).startsWith("text/javascript");
    assertThat(Http.get(base, "explorer/vendor/cytoscape.min.js").body()).contains("\"3.35.0\"");
    assertThat(Http.get(base, "explorer/vendor/LICENSE-cytoscape.txt").body())
        .contains("Cytoscape Consortium");
    assertThat(Http.get(base, "explorer/../pom.xml").status()).isEqualTo(404);
    assertThat(Http.get(base, "explorer/ApiServer.class").status()).isEqualTo(404);
    assertThat(Http.get(base, "io/github/lineage/api/ApiServer.class").status()).isEqualTo(404);
  }
}
