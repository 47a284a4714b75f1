package io.feedlake;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the compiled main classes of {@code io.feedlake} (ArchUnit's {@link ClassFileImporter}:
 * every class, field, method signature, call and constant a class file refers to; Javadoc
 * {@code @link}s are not in class files and do not count) and checks the one-way package
 * dependencies of ARCHITECTURE.md, "Dependencies between packages":
 *
 * <pre>
 * cli → {ingest, check, report}
 * ingest → {source, conform, layout, publish, catalog, ledger}
 * check → {source, publish, ledger}         (data-quality checks over inputs and published runs)
 * source → {conform, layout}                (only the unit contract: UnitShape, Units, PayloadParser, Classified's column names)
 * ledger → {source, layout}                 (a run record lists the source's input files)
 * publish → {catalog, ledger, layout}       (through PartitionCatalog and the ledger's records)
 * catalog → {layout, spark}
 * conform → {layout, spark}                 (the partition column's name; no I/O)
 * layout, report, spark → config
 * config → nothing else of feedlake         (the only package that imports Typesafe Config)
 * </pre>
 *
 * <p>Where the layers come from: {@code check} and {@code report} are used by {@code cli} only
 * (the {@code check} and {@code report} commands and the checks after publishing), so they sit
 * beside {@code ingest}; {@code spark} (the session factory) and {@code layout} (partition column,
 * lake paths, Parquet options) are used by several layers and use only {@code config}; the root
 * package ({@code ExitCode}, {@code FeedlakeException}) is used by every layer and uses none.
 *
 * <p>The rules: no cycle between the top-level packages ({@code io.feedlake.(*)..}), the layering
 * above, and config depending on no other feedlake package. There are no exceptions. The cycles
 * this test found when it was added (source↔conform: the classification lived in source;
 * catalog↔publish: CatalogSync in catalog read publish's TableStorage and LakePaths;
 * ledger↔publish: the ledger read publish's LakePaths) were removed by moving the classification
 * to conform, CatalogSync to publish and LakePaths to layout.
 */
class PackageDependenciesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.feedlake");
  }

  @Test
  void importsTheMainClasses() {
    // A rule over no classes passes; make sure the import found the application.
    assertThat(classes.contain("io.feedlake.cli.Main")).isTrue();
    assertThat(classes.contain("io.feedlake.config.ConfigLoader")).isTrue();
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("io.feedlake.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesDependOneWay() {
    LayeredArchitecture layers = layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("io.feedlake.cli..")
        .layer("ingest").definedBy("io.feedlake.ingest..")
        .layer("check").definedBy("io.feedlake.check..")
        .layer("report").definedBy("io.feedlake.report..")
        .layer("source").definedBy("io.feedlake.source..")
        .layer("publish").definedBy("io.feedlake.publish..")
        .layer("ledger").definedBy("io.feedlake.ledger..")
        .layer("catalog").definedBy("io.feedlake.catalog..")
        .layer("conform").definedBy("io.feedlake.conform..")
        .layer("layout").definedBy("io.feedlake.layout..")
        .layer("spark").definedBy("io.feedlake.spark..")
        .layer("config").definedBy("io.feedlake.config..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("ingest").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("check").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("source").mayOnlyBeAccessedByLayers("cli", "ingest", "check", "ledger")
        .whereLayer("publish").mayOnlyBeAccessedByLayers("cli", "ingest", "check")
        .whereLayer("ledger").mayOnlyBeAccessedByLayers("cli", "ingest", "check", "publish")
        .whereLayer("catalog").mayOnlyBeAccessedByLayers("cli", "ingest", "publish")
        .whereLayer("conform").mayOnlyBeAccessedByLayers("cli", "ingest", "check", "source")
        .whereLayer("layout")
        .mayOnlyBeAccessedByLayers("cli", "ingest", "check", "source", "publish", "ledger", "catalog", "conform")
        .whereLayer("spark").mayOnlyBeAccessedByLayers("cli", "ingest", "check", "report", "catalog", "conform");
    layers.check(classes);
  }

  /**
   * The source contract (issue 13): a source lists and reads, and conform classifies. Sources may
   * use conform's description of units ({@code UnitShape}, {@code Units}), the payload parser
   * interface they implement or pick ({@code PayloadParser}) and the internal column names ({@code
   * Classified}); never a classifier, the outcome rules, event time or dedupe.
   */
  @Test
  void sourcesOnlyDescribeTheirUnitsToConform() {
    noClasses().that().resideInAPackage("io.feedlake.source..")
        .should().dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe("are conform classes other than the unit contract",
                c -> c.getPackageName().equals("io.feedlake.conform")
                    && !List.of("UnitShape", "Units", "PayloadParser", "Classified")
                        .contains(c.getName().substring("io.feedlake.conform.".length()).split("\\$")[0])))
        .check(classes);
  }

  @Test
  void configDependsOnNoOtherFeedlakePackage() {
    ArchRule rule = noClasses().that().resideInAPackage("io.feedlake.config..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.feedlake.cli..", "io.feedlake.ingest..", "io.feedlake.check..", "io.feedlake.report..",
            "io.feedlake.source..", "io.feedlake.publish..", "io.feedlake.ledger..", "io.feedlake.catalog..",
            "io.feedlake.conform..", "io.feedlake.layout..", "io.feedlake.spark..");
    rule.check(classes);
  }

  @Test
  void onlyConfigImportsTypesafeConfig() {
    noClasses().that().resideOutsideOfPackage("io.feedlake.config..")
        .should().dependOnClassesThat().resideInAPackage("com.typesafe.config..")
        .check(classes);
  }
}
