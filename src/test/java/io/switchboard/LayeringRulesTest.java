package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.switchboard.archfixture.app.FixtureService;
import io.switchboard.archfixture.app.ServiceCountingLines;
import io.switchboard.archfixture.cluster.FixtureNode;
import io.switchboard.archfixture.hub.CleanHub;
import io.switchboard.archfixture.hub.HubCallingAnEndpoint;
import io.switchboard.archfixture.hub.HubHoldingASession;
import io.switchboard.archfixture.hub.HubOnTheCluster;
import io.switchboard.archfixture.metrics.Gauges;
import io.switchboard.archfixture.routing.Log;
import io.switchboard.archfixture.routing.LogCallingTheHub;
import io.switchboard.archfixture.sse.SseStream;
import io.switchboard.archfixture.sse.StreamOnTheRouter;
import io.switchboard.archfixture.sse.StreamWritingLines;
import io.switchboard.archfixture.tcp.FixtureLine;
import io.switchboard.archfixture.tcp.LineCountingGauges;
import io.switchboard.archfixture.web.TreePage;
import io.switchboard.archfixture.web.TreePageOverLines;
import io.switchboard.archfixture.websocket.FixtureEndpoint;
import io.switchboard.archfixture.websocket.TreeSockets;
import io.switchboard.archfixture.widgets.Widget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link Layering} themselves, on the fixture under {@code io.switchboard.archfixture}:
 * a fixture that keeps the layering passes every rule, and each planted violation is reported by the
 * rule it breaks, naming the class that breaks it.
 */
class LayeringRulesTest {
    private static final Layering RULES = new Layering("io.switchboard.archfixture");
    private static final List<Class<?>> CLEAN = List.of(CleanHub.class, Log.class, io.switchboard.archfixture.routing.Router.class, FixtureEndpoint.class, TreeSockets.class,
            TreeSockets.Bridge.class, SseStream.class, FixtureLine.class, TreePage.class, FixtureService.class, FixtureNode.class,
            Gauges.class);

    @Test
    void aFixtureThatKeepsTheLayeringPasses() {
        EvaluationResult result = RULES.all().evaluate(classes());
        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void theCoreCallingATransportIsReported() {
        assertReported(Layering::coreIsPlainJava, HubCallingAnEndpoint.class, "FixtureEndpoint");
    }

    @Test
    void aContainerTypeWrittenOutInFullIsReported() {
        assertReported(Layering::coreIsPlainJava, HubHoldingASession.class, "jakarta.websocket.Session");
    }

    @Test
    void theCoreReachingTheClusterIsReported() {
        assertReported(Layering::coreIsPlainJava, HubOnTheCluster.class, "FixtureNode");
        assertReported(Layering::clusterIsBuiltByAppOnly, HubOnTheCluster.class, "FixtureNode");
    }

    @Test
    void aTransportUsingAnotherIsReported() {
        assertReported(Layering::transportsDoNotCallEachOther, StreamWritingLines.class, "FixtureLine");
    }

    @Test
    void aTransportOnTheRouterIsReported() {
        assertReported(Layering::transportsUseTheHubNotTheRouter, StreamOnTheRouter.class, "routing.Router");
    }

    @Test
    void webIsExceptedForTheNamedClassesOnly() {
        assertReported(Layering::transportsDoNotCallEachOther, TreePageOverLines.class, "FixtureLine");
    }

    @Test
    void appReachingATransportIsReported() {
        assertReported(Layering::plumbingDependsOnNoTransport, ServiceCountingLines.class, "FixtureLine");
    }

    @Test
    void aTransportReadingTheGaugesIsReported() {
        assertReported(Layering::nothingDependsOnMetrics, LineCountingGauges.class, "Gauges");
    }

    @Test
    void aCycleIsReported() {
        assertReported(Layering::noCycles, LogCallingTheHub.class, "CleanHub");
    }

    @Test
    void aPackageTheLayeringDoesNotNameIsReported() {
        assertReported(Layering::everyPackageIsPlaced, Widget.class, "Widget");
    }

    /** With {@code planted} among the clean classes, {@code rule} (and so every rule together) reports it. */
    private static void assertReported(Function<Layering, ArchRule> rule, Class<?> planted, String target) {
        JavaClasses classes = classes(planted);
        List<String> details = rule.apply(RULES).evaluate(classes).getFailureReport().getDetails();
        assertThat(details).isNotEmpty().allMatch(d -> d.contains(planted.getName()) || d.contains(planted.getSimpleName()));
        assertThat(String.join("\n", details)).contains(target);
        assertThat(RULES.all().evaluate(classes).hasViolation()).isTrue();
    }

    private static JavaClasses classes(Class<?>... planted) {
        List<Class<?>> all = new ArrayList<>(CLEAN);
        all.addAll(List.of(planted));
        return new ClassFileImporter().importClasses(all);
    }
}
