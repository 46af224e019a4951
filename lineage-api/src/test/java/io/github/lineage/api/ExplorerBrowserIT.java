package io.github.lineage.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.local.EmbeddedNeo4j;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer page in headless Chromium (Debian's package, installed by scripts/chromium.sh),
 * driven by Selenium through the system ChromeDriver: load, search, expand on click, edge details,
 * column view, impact. Screenshots go to target/explorer-screenshots/. Without Chromium the test is
 * skipped, except in CI ({@code CI=true}), where it must run.
 */
class ExplorerBrowserIT {

  /** A table named as markup: the page must show it as text and never run it. */
  static final String HTML_TABLE = "mart.<img src=x onerror=\"window.pwned=1\">";

  private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

  private static EmbeddedNeo4j neo4j;
  private static Driver graph;
  private static ApiServer server;
  private static ChromeDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    Path chromedriver =
        Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"));
    boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI=true but "
              + chromium
              + " or "
              + chromedriver
              + " is missing: run scripts/chromium.sh install");
    }
    Assumptions.assumeTrue(
        present,
        "no Chromium at " + chromium + " / " + chromedriver + " (scripts/chromium.sh install)");

    neo4j = EmbeddedNeo4j.startTemporary();
    graph = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
    TestGraph.writeSql(graph, "wh", TestGraph.WAREHOUSE);
    TestGraph.writeStatement(graph, "wh", "odd.sql", "rpt.risk", HTML_TABLE);
    server = ApiServer.start("127.0.0.1", 0, new LineageReads(graph), "test graph");

    Files.createDirectories(SCREENSHOTS);
    profile = Files.createTempDirectory("lineage-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // The flags that work on a machine without a network beyond loopback; a fresh profile each run.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
      graph.close();
      neo4j.close();
    }
    if (profile != null) {
      try (var paths = Files.walk(profile)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeEach
  void open() {
    browser.get(server.uri().toString());
    waitUntil("the page script ran", "return !!window.explorer");
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private void waitUntil(String what, String script) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(what)
        .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script)));
  }

  private void waitIdle() {
    waitUntil("no request in flight", "return window.explorer.idle()");
  }

  @SuppressWarnings("unchecked")
  private List<String> nodes() {
    return (List<String>) js("return window.explorer.nodes()");
  }

  private void show(String level, String name) {
    new Select(browser.findElement(By.id("level"))).selectByValue(level);
    WebElement search = browser.findElement(By.id("search"));
    search.clear();
    search.sendKeys(name);
    browser.findElement(By.id("show")).click();
    waitUntil(
        "the graph shows " + name,
        "return window.explorer.idle() && window.explorer.nodes().includes(arguments[0])"
            .replace("arguments[0]", "'" + name.replace("'", "\\'") + "'"));
  }

  /**
   * A real mouse click where cytoscape drew the node or edge (offsets are from the canvas' centre).
   */
  @SuppressWarnings("unchecked")
  private void clickOnGraph(String id) {
    Map<String, Number> p =
        (Map<String, Number>) js("return window.explorer.position(arguments[0])", id);
    assertThat(p).as("drawn: " + id).isNotNull();
    WebElement canvas = browser.findElement(By.id("graph"));
    int dx = (int) Math.round(p.get("x").doubleValue() - p.get("width").doubleValue() / 2);
    int dy = (int) Math.round(p.get("y").doubleValue() - p.get("height").doubleValue() / 2);
    new Actions(browser).moveToElement(canvas, dx, dy).click().perform();
  }

  private void screenshot(String name) throws IOException {
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void shouldLoadThePageWithItsOwnScriptsOnly() throws IOException {
    assertThat(browser.getTitle()).isEqualTo("lineage explorer");
    assertThat(browser.findElement(By.id("status")).getText()).startsWith("Search a table");
    assertThat(js("return typeof cytoscape")).isEqualTo("function");
    screenshot("01-load");
  }

  @Test
  void shouldFindATableBySearchAndDrawItsUpAndDownstream() throws IOException {
    browser.findElement(By.id("search")).sendKeys("mart.p");
    waitUntil(
        "search matches listed",
        "return document.querySelectorAll('#match-list a').length > 0 && window.explorer.idle()");
    WebElement match = browser.findElement(By.cssSelector("#match-list a"));
    assertThat(match.getText()).isEqualTo("mart.positions");
    match.click();
    waitUntil(
        "graph drawn",
        "return window.explorer.idle() && window.explorer.nodes().includes('mart.positions')");
    waitIdle();
    assertThat(nodes())
        .contains("mart.positions", "stg.trades", "raw.adjustments", "raw.trades", "rpt.risk");
    assertThat(browser.findElement(By.id("status")).getText()).startsWith("mart.positions:");
    screenshot("02-search-and-show");
  }

  @Test
  void shouldExpandANodeOnClickAndShowTheFileAndLineOfAnEdge() throws IOException {
    new Select(browser.findElement(By.id("depth"))).selectByVisibleText("1");
    new Select(browser.findElement(By.id("direction"))).selectByValue("upstream");
    show("table", "rpt.risk");
    assertThat(nodes()).containsExactly("mart.positions", "rpt.risk");

    clickOnGraph("mart.positions");
    waitUntil(
        "expanded",
        "return window.explorer.idle() && window.explorer.nodes().includes('stg.trades')");
    assertThat(nodes())
        .containsExactlyInAnyOrder("mart.positions", "raw.adjustments", "rpt.risk", "stg.trades");
    waitUntil(
        "table details",
        "return document.getElementById('details-title').textContent === 'mart.positions'");
    assertThat(browser.findElement(By.id("details-body")).getText())
        .contains("wh:marts/positions.sql", "wh:reports/risk.sql");
    screenshot("03-expanded");

    clickOnGraph("mart.positions -> rpt.risk @ wh:reports/risk.sql");
    waitUntil("edge details", "return !!document.querySelector('#details-body .edge-file')");
    assertThat(browser.findElement(By.cssSelector("#details-body .edge-file")).getText())
        .isEqualTo("wh:reports/risk.sql");
    assertThat(browser.findElement(By.cssSelector("#details-body .edge-lines")).getText())
        .isEqualTo("1");
    screenshot("04-edge-details");
  }

  @Test
  void shouldSwitchToColumnLineage() throws IOException {
    new Select(browser.findElement(By.id("depth"))).selectByVisibleText("5");
    new Select(browser.findElement(By.id("direction"))).selectByValue("upstream");
    show("column", "rpt.risk.exposure");
    assertThat(js("return window.explorer.level()")).isEqualTo("column");
    assertThat(nodes())
        .containsExactlyInAnyOrder(
            "mart.positions.exposure",
            "raw.adjustments.amount",
            "raw.trades.amount",
            "rpt.risk.exposure",
            "stg.trades.amount");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> edges =
        (List<Map<String, Object>>) js("return window.explorer.edges()");
    assertThat(edges)
        .anySatisfy(
            e -> {
              assertThat(e.get("source")).isEqualTo("raw.adjustments.amount");
              assertThat(e.get("file")).isEqualTo("wh:marts/positions.sql");
              assertThat(e.get("lines").toString()).isEqualTo("[3]");
            });
    screenshot("05-columns");
  }

  @Test
  void shouldListTheImpactOfATable() throws IOException {
    show("table", "raw.trades");
    browser.findElement(By.id("impact")).click();
    waitUntil(
        "impact listed",
        "return window.explorer.idle() && !document.getElementById('impact-view').hidden");
    assertThat(browser.findElement(By.id("impact-tables")).getText())
        .contains("stg.trades", "mart.positions", "rpt.risk");
    assertThat(browser.findElement(By.id("impact-files")).getText())
        .contains("wh:staging/stg_trades.sql:2", "wh:reports/adhoc.sql");
    assertThat(nodes()).contains("rpt.risk", HTML_TABLE);
    screenshot("06-impact");
  }

  @Test
  void shouldShowANameMadeOfMarkupAsTextAndNeverRunIt() throws IOException {
    browser.findElement(By.id("search")).sendKeys("mart.<img");
    waitUntil(
        "search matches listed",
        "return document.querySelectorAll('#match-list a').length > 0 && window.explorer.idle()");
    assertThat(browser.findElement(By.cssSelector("#match-list a")).getText())
        .isEqualTo(HTML_TABLE);
    assertThat(browser.findElements(By.cssSelector("#match-list img"))).isEmpty();
    browser.findElement(By.cssSelector("#match-list a")).click();
    waitUntil("graph drawn", "return window.explorer.idle() && window.explorer.nodes().length > 1");
    assertThat(js("return window.pwned === undefined")).isEqualTo(true);
    screenshot("07-markup-name");
  }
}
