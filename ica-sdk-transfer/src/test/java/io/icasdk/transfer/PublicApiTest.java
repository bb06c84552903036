package io.icasdk.transfer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public API of ica-sdk-transfer shows neither AWS/CRT/logging types nor its own internals. */
class PublicApiTest {
    private static final List<String> FORBIDDEN = List.of("software.amazon.", "com.fasterxml.", "org.slf4j.",
            "org.reactivestreams.", "io.icasdk.transfer.internal.");

    @Test
    void publicSignatures_exposeNoForeignOrInternalTypes() throws Exception {
        // Only this module's own classes (scanning the class path for the package would take seconds).
        java.nio.file.Path own = java.nio.file.Path.of(TransferManager.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(own);
        codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<JavaCodeUnit>("use only JDK, core and transfer API types") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        Set<JavaClass> types = new HashSet<>(unit.getReturnType().getAllInvolvedRawTypes());
                        unit.getParameterTypes().forEach(t -> types.addAll(t.getAllInvolvedRawTypes()));
                        types.addAll(unit.getThrowsClause().getTypes());
                        for (JavaClass type : types) {
                            if (FORBIDDEN.stream().anyMatch(p -> type.getName().startsWith(p))) {
                                events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes "
                                        + type.getName()));
                            }
                        }
                    }
                })
                .check(classes);
    }
}
