package kz.ekino.core.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, over the main classes of ekino-core. */
@AnalyzeClasses(packages = "kz.ekino.core", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

  /** The top-level packages (token with token.v1, verify, …) depend on each other one way. */
  @ArchTest
  static final ArchRule topLevelPackagesHaveNoCycles =
      slices().matching("kz.ekino.core.(*)..").should().beFreeOfCycles();

  /** So does every package on its own: token.v1 does not call back into token. */
  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("kz.ekino.core.(**)").should().beFreeOfCycles();

  /** internal holds codecs and helpers that know nothing of ekino. */
  @ArchTest
  static final ArchRule internalKnowsNoOtherEkinoPackage = noClasses()
      .that().resideInAPackage("kz.ekino.core.internal")
      .should().dependOnClassesThat(resideInAPackage("kz.ekino..")
          .and(not(resideInAPackage("kz.ekino.core.internal"))));

  /** The records know no format, no key and no trust list. */
  @ArchTest
  static final ArchRule modelKnowsNoFormat = classes()
      .that().resideInAPackage("kz.ekino.core.model")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("kz.ekino.core.model", "java..", "org.jspecify..");

  /** Format versions are dispatched: the verifier names no versioned codec. */
  @ArchTest
  static final ArchRule verifierNamesNoFormatVersion = noClasses()
      .that().resideInAPackage("kz.ekino.core.verify..")
      .should().dependOnClassesThat().resideInAPackage("kz.ekino.core..v1..");
}
