package io.switchboard;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layering of the packages under one root ({@code io.switchboard}; the rules' own test runs them
 * on a fixture under another root). Each package is in exactly one of these groups:
 *
 * <ul>
 * <li><b>core</b>: plain Java, built with {@code new} in unit tests. It knows {@code java.*}, JSON-P /
 *     JSON-B and itself: no edge, no cluster, no container type (WebSocket, JAX-RS, servlet, CDI,
 *     MicroProfile, Hazelcast, Payara, Glassfish), whether imported or written out in full.</li>
 * <li><b>cluster</b>: the Hazelcast implementations of the core's seams (Bus, MessageLog,
 *     SessionStore...). Only app builds it (and metrics reads it): no core class or transport knows it.</li>
 * <li><b>plumbing</b>: the edge that every transport stands on. {@code app} is the composition root
 *     (it builds the hub, the cluster and the token checks from configuration; every transport injects
 *     its HubService); {@code security} is what app builds the checks from (tokens, origins);
 *     {@code http} is what every HTTP transport shares (the guard on every request, the bearer check,
 *     the error body) besides the /api resources; {@code hooks} hands the hub's events to the
 *     application (CDI events, webhooks) and knows no transport. Transports may depend on plumbing because plumbing
 *     depends on no transport: that one direction is what keeps the edge free of cycles.</li>
 * <li><b>transports</b>: each is an adapter from one way of connecting to the hub, and none calls
 *     another; what two of them share goes into the core or the plumbing.</li>
 * <li><b>metrics</b>: the /metrics gauges, which read every part; nothing depends on them.</li>
 * </ul>
 *
 * And no package depends on itself through others (no cycles).
 */
public final class Layering {
    public static final List<String> CORE = List.of("channels", "routing", "sessions", "rpc", "state", "devices",
            "protocol", "hub", "auth", "outbound", "sockets", "chat", "mux", "tree");
    public static final List<String> CLUSTER = List.of("cluster");
    public static final List<String> PLUMBING = List.of("app", "security", "http", "hooks");
    public static final List<String> TRANSPORTS = List.of("websocket", "sse", "polling", "tcp", "web");
    public static final List<String> TOP = List.of("metrics");

    /**
     * The one named exception to "no transport depends on another": {@code web} serves a tree path
     * three ways on one URL (docs/web.md), so it hands an event-stream request to the SSE stream writer
     * and an upgrade to the tree's WebSocket bridge. Only these classes, only from web. Lifting it means
     * moving the SSE stream writer (SseStream, SseStreams) to plumbing of its own, which touches the
     * subscription code of web.TreeStreams and sse.PatternStream that the Feed work is rewriting now,
     * and reaching the upgrade (TreeSockets.upgrade) through a seam rather than by name.
     */
    static final List<String> WEB_MAY_USE = List.of("sse.SseStream", "sse.SseStreams", "websocket.TreeSockets");

    private final String root;

    /** The rules for the packages under {@code root}, e.g. {@code io.switchboard}. */
    public Layering(String root) {
        this.root = root;
    }

    /** Every rule below, as one. */
    public ArchRule all() {
        return CompositeArchRule.of(everyPackageIsPlaced()).and(coreIsPlainJava()).and(clusterIsBuiltByAppOnly())
                .and(plumbingDependsOnNoTransport()).and(transportsDoNotCallEachOther()).and(transportsUseTheHubNotTheRouter())
                .and(nothingDependsOnMetrics()).and(noCycles());
    }

    /** A new package must be placed in a group, or it would escape every rule. */
    public ArchRule everyPackageIsPlaced() {
        String[] all = Stream.of(CORE, CLUSTER, PLUMBING, TRANSPORTS, TOP).flatMap(List::stream).toArray(String[]::new);
        return classes().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root)
                .should().resideInAnyPackage(packages(all))
                .because("every package under " + root + " is placed in the layering (Layering's lists)")
                .allowEmptyShould(true);
    }

    public ArchRule coreIsPlainJava() {
        List<String> allowed = new ArrayList<>(List.of("java..", "jakarta.json.."));
        allowed.addAll(List.of(packages(CORE)));
        return classes().that().resideInAnyPackage(packages(CORE))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("the core is plain Java: java.*, JSON-P/JSON-B and the core itself, built with new in unit tests")
                .allowEmptyShould(true);
    }

    public ArchRule clusterIsBuiltByAppOnly() {
        return noClasses().that().resideOutsideOfPackages(packages(List.of("cluster", "app", "metrics")))
                .should().dependOnClassesThat().resideInAnyPackage(packages(CLUSTER))
                .because("the cluster sits behind the core's seams; only app chooses it")
                .allowEmptyShould(true);
    }

    public ArchRule plumbingDependsOnNoTransport() {
        return noClasses().that().resideInAnyPackage(packages(PLUMBING))
                .should().dependOnClassesThat().resideInAnyPackage(packages(concat(TRANSPORTS, TOP)))
                .because("transports stand on app, security and http, so these never reach up into a transport")
                .allowEmptyShould(true);
    }

    public ArchRule transportsDoNotCallEachOther() {
        List<ArchRule> rules = new ArrayList<>();
        for (String transport : TRANSPORTS) {
            List<String> others = TRANSPORTS.stream().filter(t -> !t.equals(transport)).toList();
            DescribedPredicate<JavaClass> target = resideInAnyPackage(packages(others));
            if (transport.equals("web")) {
                target = target.and(not(namedIn(WEB_MAY_USE)));
            }
            rules.add(noClasses().that().resideInAPackage(root + "." + transport + "..")
                    .should().dependOnClassesThat(target)
                    .because("transports call the hub, never each other").allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules).as("no transport " + TRANSPORTS + " depends on another (web may use "
                + WEB_MAY_USE + ")");
    }

    /**
     * {@code Hub} is the one door: sessions, event streams and tree sockets all subscribe through a
     * {@code Feed} the hub hands out, so no transport holds the router and repeats what a feed does.
     */
    public ArchRule transportsUseTheHubNotTheRouter() {
        return noClasses().that().resideInAnyPackage(packages(TRANSPORTS))
                .should().dependOnClassesThat().haveFullyQualifiedName(root + ".routing.Router")
                .because("transports subscribe through the hub's feeds, never on the router")
                .allowEmptyShould(true);
    }

    public ArchRule nothingDependsOnMetrics() {
        return noClasses().that().resideOutsideOfPackages(packages(TOP))
                .should().dependOnClassesThat().resideInAnyPackage(packages(TOP))
                .because("the gauges read every part, so no part may read them").allowEmptyShould(true);
    }

    public ArchRule noCycles() {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles()
                .allowEmptyShould(true);
    }

    private String[] packages(List<String> names) {
        return names.stream().map(n -> root + "." + n + "..").toArray(String[]::new);
    }

    private String[] packages(String... names) {
        return packages(List.of(names));
    }

    /** These classes (names relative to the root), their nested classes and arrays of them. */
    private DescribedPredicate<JavaClass> namedIn(List<String> relative) {
        Pattern names = Pattern.compile(relative.stream().map(n -> Pattern.quote(root + "." + n) + "(\\$.*)?")
                .reduce((a, b) -> a + "|" + b).orElseThrow());
        return DescribedPredicate.describe("one of " + relative,
                c -> names.matcher(c.getBaseComponentType().getName()).matches());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
