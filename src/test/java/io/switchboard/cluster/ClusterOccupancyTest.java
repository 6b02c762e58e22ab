package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.hub.HubEvent;
import io.switchboard.hub.Limits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Occupancy across two nodes on real Hazelcast members: each edge of a pattern is told once, by the node that crossed it. */
class ClusterOccupancyTest {
    private static TwoNodes cluster;
    private static final List<List<HubEvent>> heard = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());

    @BeforeAll
    static void start() {
        cluster = new TwoNodes(Limits.defaults(), 1_000);
        for (int i = 0; i < 2; i++) {
            cluster.hubs.get(i).events().listen(heard.get(i)::add);
            cluster.hubs.get(i).events().start(r -> {
                Thread t = new Thread(r, "occupancy-test-events");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @AfterAll
    static void stop() {
        cluster.hubs.forEach(h -> h.events().stop());
        cluster.close();
    }

    private static void awaitHeard(int node, Predicate<HubEvent> what) {
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.get(node).stream().anyMatch(what));
    }

    private static long count(Class<? extends HubEvent> type, String ch) {
        return heard.stream().flatMap(List::stream).filter(type::isInstance)
                .filter(e -> e instanceof HubEvent.Occupied o ? o.ch().equals(ch) : ((HubEvent.Vacated) e).ch().equals(ch))
                .count();
    }

    @Test
    void aPatternHeldOnTwoNodesIsOccupiedOnceAndVacatedOnceWhereTheLastLeft() {
        TwoNodes.Client first = cluster.connect(0, "{\"op\":\"hello\"}");
        first.send("{'op':'sub','ch':'/shared'}");
        awaitHeard(0, e -> e instanceof HubEvent.Occupied o && o.ch().equals("/shared"));

        TwoNodes.Client second = cluster.connect(1, "{\"op\":\"hello\"}");
        second.send("{'op':'sub','ch':'/shared'}");
        awaitHeard(1, e -> e instanceof HubEvent.Subscribed s && s.ch().equals("/shared"));
        first.send("{'op':'unsub','ch':'/shared'}");
        awaitHeard(0, e -> e instanceof HubEvent.Unsubscribed u && u.ch().equals("/shared"));
        second.send("{'op':'unsub','ch':'/shared'}");
        awaitHeard(1, e -> e instanceof HubEvent.Vacated v && v.ch().equals("/shared"));

        assertThat(count(HubEvent.Occupied.class, "/shared")).isEqualTo(1);
        assertThat(count(HubEvent.Vacated.class, "/shared")).isEqualTo(1);
        assertThat(heard.get(1)).noneMatch(e -> e instanceof HubEvent.Occupied);
        assertThat(heard.get(0)).noneMatch(e -> e instanceof HubEvent.Vacated);

        second.send("{'op':'sub','ch':'/shared'}"); // empty again, so occupied again, now on node 1
        awaitHeard(1, e -> e instanceof HubEvent.Occupied o && o.ch().equals("/shared"));
        assertThat(count(HubEvent.Occupied.class, "/shared")).isEqualTo(2);
    }
}
