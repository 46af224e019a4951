package io.github.lineage.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of docs/design.md §3: the three stages never import one another. */
class ModuleBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.lineage");
  }

  @Test
  void parserStreamsShouldNeverTouchNeo4jOrTheOtherStages() {
    noClasses()
        .that()
        .resideInAPackage("io.github.lineage.parser..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.neo4j..", "io.github.lineage.sink..", "io.github.lineage.watcher..")
        .check(classes);
  }

  @Test
  void graphSinkShouldNeverTouchJSqlParserOrTheOtherStages() {
    noClasses()
        .that()
        .resideInAPackage("io.github.lineage.sink..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "net.sf.jsqlparser..",
            "io.github.lineage.sql..",
            "io.github.lineage.parser..",
            "io.github.lineage.watcher..")
        .check(classes);
  }

  @Test
  void watcherShouldNeverTouchParsingOrTheGraph() {
    noClasses()
        .that()
        .resideInAPackage("io.github.lineage.watcher..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "net.sf.jsqlparser..",
            "org.neo4j..",
            "io.github.lineage.sql..",
            "io.github.lineage.parser..",
            "io.github.lineage.sink..")
        .check(classes);
  }

  @Test
  void apiShouldOnlyReadTheGraphThroughTheDriver() {
    noClasses()
        .that()
        .resideInAPackage("io.github.lineage.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "net.sf.jsqlparser..",
            "io.github.lineage.sql..",
            "io.github.lineage.parser..",
            "io.github.lineage.watcher..",
            "io.github.lineage.sink..",
            "io.github.lineage.cli..")
        .check(classes);
  }

  @Test
  void coreShouldDependOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("io.github.lineage.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.github.lineage.sql..",
            "io.github.lineage.parser..",
            "io.github.lineage.sink..",
            "io.github.lineage.watcher..",
            "io.github.lineage.local..",
            "io.github.lineage.cli..",
            "net.sf.jsqlparser..",
            "org.neo4j..",
            "org.apache.kafka.streams..")
        .check(classes);
  }

  @Test
  void noServiceShouldDependOnTheBenchmark() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.github.lineage.core..",
            "io.github.lineage.sql..",
            "io.github.lineage.watcher..",
            "io.github.lineage.parser..",
            "io.github.lineage.sink..",
            "io.github.lineage.local..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.github.lineage.bench..")
        .check(classes);
  }
}
