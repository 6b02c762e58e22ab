package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.hub.HubFixture.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's events (docs/hooks.md): what is told, in which order, occupancy, overflow, the authorizer. */
class HubEventsTest {
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "hub-events-test");
        t.setDaemon(true);
        return t;
    };

    private final HubFixture fx = new HubFixture();
    private final List<HubEvent> heard = new CopyOnWriteArrayList<>();

    private void listen(HubFixture f) {
        f.hub.events().listen(heard::add);
        f.hub.events().start(DAEMONS);
    }

    @AfterEach
    void stop() {
        fx.hub.events().stop();
    }

    private List<String> types() {
        return heard.stream().map(e -> e.type() + (e instanceof HubEvent.Subscribed s ? " " + s.ch()
                : e instanceof HubEvent.Occupied o ? " " + o.ch() : e instanceof HubEvent.Vacated v ? " " + v.ch()
                : e instanceof HubEvent.Unsubscribed u ? " " + u.ch() : "")).toList();
    }

    private void awaitTypes(String... expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(types()).containsExactly(expected));
    }

    @Test
    void aSessionsLifeIsToldInOrderWithoutItsInbox() {
        listen(fx);
        Client c = fx.hello("{'op':'hello','client':'dev-1','name':'kitchen'}");
        c.send("{'op':'sub','ch':'/a/*'}");
        c.send("{'op':'pub','ch':'/a/b','data':{'t':21},'retain':true}");
        c.send("{'op':'unsub','ch':'/a/*'}");
        c.connection().closed(1000);

        awaitTypes("connected", "subscribed /a/*", "occupied /a/*", "published", "unsubscribed /a/*", "vacated /a/*",
                "disconnected");
        HubEvent.Connected hello = (HubEvent.Connected) heard.get(0);
        assertThat(hello.client()).isEqualTo("dev-1");
        assertThat(hello.name()).isEqualTo("kitchen");
        assertThat(hello.inbox()).isEqualTo("kitchen");
        assertThat(hello.transport()).isEqualTo("ws");
        assertThat(hello.resumed()).isFalse();
        assertThat(hello.at()).isEqualTo(fx.clock.get());
        HubEvent.Published pub = (HubEvent.Published) heard.get(3);
        assertThat(pub.ch()).isEqualTo("/a/b");
        assertThat(pub.data()).isEqualTo("{\"t\":21}");
        assertThat(pub.from()).isEqualTo("kitchen");
        assertThat(pub.retain()).isTrue();
        assertThat(pub.off()).isEqualTo(fx.hub.latestOffset());
        assertThat(((HubEvent.Subscribed) heard.get(1)).inbox()).isEqualTo("kitchen");
        HubEvent.Disconnected bye = (HubEvent.Disconnected) heard.get(6);
        assertThat(bye.code()).isEqualTo(1000);
        assertThat(bye.ended()).as("a clean close ends the session").isTrue();
    }

    @Test
    void aDetachedSessionIsToldAsNotEndedAndItsResumeAsResumed() {
        listen(fx);
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.connection().closed(1006);
        Client again = fx.connect();
        again.send("{'op':'hello','client':'dev-1','resume':{'seq':0}}");

        awaitTypes("connected", "disconnected", "connected");
        assertThat(((HubEvent.Disconnected) heard.get(1)).ended()).isFalse();
        assertThat(((HubEvent.Connected) heard.get(2)).resumed()).isTrue();
    }

    @Test
    void aPatternIsOccupiedByItsFirstSubscriberAndVacatedByItsLast() {
        listen(fx);
        Client a = fx.hello("{'op':'hello'}");
        Client b = fx.hello("{'op':'hello'}");
        a.send("{'op':'sub','ch':'/room'}");
        b.send("{'op':'sub','ch':'/room'}");
        a.send("{'op':'unsub','ch':'/room'}");
        awaitTypes("connected", "connected", "subscribed /room", "occupied /room", "subscribed /room", "unsubscribed /room");

        b.connection().closed(1000); // its session ends, and with it its subscription
        awaitTypes("connected", "connected", "subscribed /room", "occupied /room", "subscribed /room", "unsubscribed /room",
                "unsubscribed /room", "vacated /room", "disconnected");
    }

    /** Two hubs counting occupancy in one shared place, as the cluster's nodes do: each edge is told once. */
    @Test
    void nodesSharingACountTellEachEdgeOnceOnTheNodeThatCrossedIt() {
        Map<String, Integer> shared = new ConcurrentHashMap<>();
        Occupancy counted = new Occupancy() {
            @Override
            public boolean occupied(String pattern) {
                return shared.merge(pattern, 1, Integer::sum) == 1;
            }

            @Override
            public boolean vacated(String pattern) {
                return shared.merge(pattern, -1, Integer::sum) == 0;
            }
        };
        HubFixture other = new HubFixture();
        List<HubEvent> heardThere = new CopyOnWriteArrayList<>();
        fx.hub.events().countOccupancyWith(counted);
        other.hub.events().countOccupancyWith(counted);
        listen(fx);
        other.hub.events().listen(heardThere::add);
        other.hub.events().start(DAEMONS);
        try {
            fx.hello("{'op':'hello'}").send("{'op':'sub','ch':'/room'}");
            awaitTypes("connected", "subscribed /room", "occupied /room");
            Client there = other.hello("{'op':'hello'}").send("{'op':'sub','ch':'/room'}");
            await().atMost(Duration.ofSeconds(10)).until(() -> heardThere.size() == 2);
            there.send("{'op':'unsub','ch':'/room'}");
            await().atMost(Duration.ofSeconds(10)).until(() -> heardThere.size() == 3);
            assertThat(heardThere).extracting(HubEvent::type).containsExactly("connected", "subscribed", "unsubscribed");
            assertThat(shared).containsEntry("/room", 1);
        } finally {
            other.hub.events().stop();
        }
    }

    @Test
    void overflowIsCountedButOccupancyEdgesAreNeverDropped() throws Exception {
        fx.hub.events().limitQueue(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        fx.hub.events().listen(e -> {
            busy.countDown();
            awaitQuietly(release);
        });
        listen(fx);
        Client c = fx.hello("{'op':'hello'}"); // the listener now holds "connected"
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            c.send("{'op':'sub','ch':'/r" + i + "'}");
        }
        assertThat(fx.hub.events().dropped()).as("2 of 5 subscribed fit").isEqualTo(3);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(heard.stream().filter(e -> e instanceof HubEvent.Occupied).count()).isEqualTo(5));
        assertThat(heard.stream().filter(e -> e instanceof HubEvent.Subscribed).count()).isEqualTo(2);
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillHear() {
        fx.hub.events().listen(e -> {
            throw new IllegalStateException("observer bug");
        });
        listen(fx);
        fx.hello("{'op':'hello'}");
        awaitTypes("connected");
        assertThat(fx.hub.events().failures()).isEqualTo(1);
    }

    @Test
    void nothingIsQueuedUntilStarted() {
        Client c = fx.hello("{'op':'hello'}");
        c.send("{'op':'sub','ch':'/a'}");
        assertThat(fx.hub.events().waiting()).isZero();
        assertThat(fx.hub.events().dropped()).isZero();
    }

    @Test
    void theAuthorizerRefusesWhatItRefusesWithForbidden() {
        fx.hub.authorizeWith(new Authorizer() {
            @Override
            public boolean connect(Asker who, String client, String name, String transport) {
                return !"intruder".equals(name);
            }

            @Override
            public boolean subscribe(Asker who, String pattern) {
                return !pattern.startsWith("/secret") || "boss".equals(who.inbox());
            }

            @Override
            public boolean publish(Asker who, String channel) {
                return !channel.startsWith("/readonly");
            }
        });
        Client c = fx.hello("{'op':'hello','name':'worker'}");
        c.send("{'op':'sub','ch':'/secret/**','id':'s'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
        c.send("{'op':'pub','ch':'/readonly/x','data':1,'id':'p'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
        c.send("{'op':'sub','ch':'/open','id':'o'}");
        assertThat(HubFixture.op(c.takeOne())).isEqualTo("ok");

        Client boss = fx.hello("{'op':'hello','name':'boss'}");
        boss.send("{'op':'sub','ch':'/secret/**','id':'s'}");
        assertThat(HubFixture.op(boss.takeOne())).isEqualTo("ok");

        Client intruder = fx.connect();
        intruder.send("{'op':'hello','name':'intruder'}");
        assertThat(errorCode(intruder.takeOne())).isEqualTo("forbidden");
        assertThat(intruder.closeCodes()).containsExactly(1008);
    }

    @Test
    void anAuthorizerThatThrowsRefuses() {
        fx.hub.authorizeWith(new Authorizer() {
            @Override
            public boolean subscribe(Asker who, String pattern) {
                throw new IllegalStateException("authorizer bug");
            }
        });
        Client c = fx.hello("{'op':'hello'}");
        c.send("{'op':'sub','ch':'/a','id':'s'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
