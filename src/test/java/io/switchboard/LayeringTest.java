package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application's classes (target/classes, not the tests nor the rules' fixture) keep the
 * layering of {@link Layering}. ArchUnit reads the bytecode, so a type written out in full counts
 * as much as an imported one.
 */
class LayeringTest {
    private static final Layering RULES = new Layering("io.switchboard");
    private static JavaClasses app;

    @BeforeAll
    static void importTheApplication() {
        app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/io/switchboard/archfixture/"))
                .importPackages("io.switchboard");
    }

    /** A rule over a package that is not there passes on nothing: every package the rules name has classes. */
    @Test
    void everyPackageTheRulesNameIsThere() {
        List<String> named = Stream.of(Layering.CORE, Layering.CLUSTER, Layering.PLUMBING, Layering.TRANSPORTS, Layering.TOP)
                .flatMap(List::stream).toList();
        List<String> empty = named.stream()
                .filter(p -> app.stream().noneMatch(c -> c.getPackageName().equals("io.switchboard." + p))).toList();
        assertThat(empty).as("packages named in Layering without a class").isEmpty();
    }

    @Test
    void everyPackageIsPlaced() {
        RULES.everyPackageIsPlaced().check(app);
    }

    @Test
    void coreIsPlainJava() {
        RULES.coreIsPlainJava().check(app);
    }

    @Test
    void clusterIsBuiltByAppOnly() {
        RULES.clusterIsBuiltByAppOnly().check(app);
    }

    @Test
    void plumbingDependsOnNoTransport() {
        RULES.plumbingDependsOnNoTransport().check(app);
    }

    @Test
    void transportsDoNotCallEachOther() {
        RULES.transportsDoNotCallEachOther().check(app);
    }

    @Test
    void transportsUseTheHubNotTheRouter() {
        RULES.transportsUseTheHubNotTheRouter().check(app);
    }

    @Test
    void nothingDependsOnMetrics() {
        RULES.nothingDependsOnMetrics().check(app);
    }

    @Test
    void noPackageCycles() {
        RULES.noCycles().check(app);
    }
}
