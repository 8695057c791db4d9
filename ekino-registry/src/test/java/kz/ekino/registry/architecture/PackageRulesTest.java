package kz.ekino.registry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, over the main classes of ekino-registry. */
@AnalyzeClasses(packages = "kz.ekino.registry", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

  /** Every package on its own, the engine's root package included: no cycles. */
  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("kz.ekino.(**)").should().beFreeOfCycles();

  /** The store, the Merkle tree and the monitoring API know nothing of the engine. */
  @ArchTest
  static final ArchRule partsDoNotKnowTheEngine = noClasses()
      .that().resideInAnyPackage("kz.ekino.registry.store..", "kz.ekino.registry.log..",
          "kz.ekino.registry.monitoring..")
      .should().dependOnClassesThat().resideInAPackage("kz.ekino.registry");

  /** The Merkle tree and the monitoring API know no SQL. */
  @ArchTest
  static final ArchRule apiKnowsNoStore = noClasses()
      .that().resideInAnyPackage("kz.ekino.registry.log..", "kz.ekino.registry.monitoring..")
      .should().dependOnClassesThat().resideInAnyPackage("kz.ekino.registry.store..",
          "java.sql..");
}
