package kz.ekino.qr.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, over the main classes of ekino-qr. */
@AnalyzeClasses(packages = "kz.ekino.qr", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("kz.ekino.(**)").should().beFreeOfCycles();

  /** ZXing and ImageIO work stays inside; it knows nothing of the API built on it. */
  @ArchTest
  static final ArchRule internalKnowsNotTheApi = noClasses()
      .that().resideInAPackage("kz.ekino.qr.internal..")
      .should().dependOnClassesThat().resideInAPackage("kz.ekino.qr");
}
