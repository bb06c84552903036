package io.icasdk.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No Jackson, AWS SDK or other third-party type leaks into a public signature of ica-sdk-core. */
class PublicApiTest {
  private static final List<String> FOREIGN = List.of(
      "com.fasterxml.", "software.amazon.", "org.slf4j.", "okhttp3.", "org.yaml.");

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.icasdk.core");

  @Test
  void publicSignatures_useNoForeignTypes() {
    codeUnits().that().arePublic()
        .and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
        .should(new ArchCondition<JavaCodeUnit>("use only JDK and ica-sdk types") {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            Set<JavaClass> involved = new java.util.HashSet<>(unit.getReturnType().getAllInvolvedRawTypes());
            unit.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
            involved.addAll(unit.getThrowsClause().getTypes());
            report(unit.getFullName(), involved, events);
          }
        })
        .allowEmptyShould(true)
        .check(CLASSES);
    fields().that().arePublic()
        .and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
        .should(new ArchCondition<JavaField>("have only JDK and ica-sdk types") {
          @Override
          public void check(JavaField field, ConditionEvents events) {
            report(field.getFullName(), field.getType().getAllInvolvedRawTypes(), events);
          }
        })
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  private static void report(String where, Set<JavaClass> involved, ConditionEvents events) {
    for (JavaClass type : involved) {
      boolean foreign = FOREIGN.stream().anyMatch(p -> type.getName().startsWith(p));
      if (foreign) {
        events.add(SimpleConditionEvent.violated(where, where + " exposes " + type.getName()));
      }
    }
  }
}
