package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static io.switchboard.hub.HubFixture.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.auth.Grants;
import io.switchboard.security.JwtAuthenticator;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The budgets (docs/protocol.md, Budgets) through the hub's one door: each budget answers overloaded, counts it, and leaves others working. */
class HubBudgetsTest {
    private static Limits with(Budgets b) {
        return Limits.defaults().with(b);
    }

    private static Budgets budgets(long historyBytes, long retainedTtl, int perUser, int perAddress, int subscriptions,
                                   int callsPerSession, int calls, int documents, int documentBytes) {
        Budgets d = Budgets.defaults();
        return new Budgets(d.queueBytes(), historyBytes, retainedTtl, perUser, perAddress, subscriptions, d.recentIds(),
                callsPerSession, calls, documents, documentBytes, d.muxTopics());
    }

    private static Budgets small() {
        return budgets(200_000, 5_000, 3, 2, 5, 2, 3, 4, 300);
    }

    private static JsonObject lastOf(List<JsonObject> frames, String op) {
        JsonObject last = null;
        for (JsonObject f : frames) {
            if (op(f).equals(op)) {
                last = f;
            }
        }
        if (last == null) {
            throw new AssertionError("no " + op + " in " + frames);
        }
        return last;
    }

    @Test
    void welcomeLimitsNameEveryBudgetAClientCanHit() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client c = fx.connect();
        c.send("{'op':'hello'}");
        JsonObject limits = c.take().get(0).getJsonObject("limits");
        assertThat(limits.getInt("queueBytes")).isEqualTo(4 << 20);
        assertThat(limits.getInt("historyBytes")).isEqualTo(200_000);
        assertThat(limits.getInt("retainedTtl")).isEqualTo(5_000);
        assertThat(limits.getInt("sessionsPerUser")).isEqualTo(3);
        assertThat(limits.getInt("sessionsPerAddress")).isEqualTo(2);
        assertThat(limits.getInt("subscriptions")).isEqualTo(5);
        assertThat(limits.getInt("recentIds")).isEqualTo(1000);
        assertThat(limits.getInt("callsPerSession")).isEqualTo(2);
        assertThat(limits.getInt("calls")).isEqualTo(3);
        assertThat(limits.getInt("documents")).isEqualTo(4);
        assertThat(limits.getInt("documentBytes")).isEqualTo(300);
        assertThat(limits.getInt("muxTopics")).isEqualTo(64);
        assertThat(limits.getInt("queue")).isEqualTo(10000);
    }

    @Test
    void aSubscriptionPastTheBoundIsOverloadedButARepeatAndOtherSessionsAreFine() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client c = fx.hello("{'op':'hello'}");
        for (int i = 1; i <= 4; i++) { // the inbox is the fifth
            c.send("{'op':'sub','ch':'/s/" + i + "','id':'s" + i + "'}");
            assertThat(ops(c.take())).containsExactly("ok");
        }
        c.send("{'op':'sub','ch':'/s/5','id':'s5'}");
        JsonObject refused = c.takeOne();
        assertThat(errorCode(refused)).isEqualTo("overloaded");
        assertThat(refused.getString("id")).isEqualTo("s5");
        c.send("{'op':'sub','ch':'/s/1','id':'again'}");
        assertThat(ops(c.take())).containsExactly("ok");
        HubFixture.Client other = fx.hello("{'op':'hello'}");
        other.send("{'op':'sub','ch':'/s/5','id':'x'}");
        assertThat(ops(other.take())).containsExactly("ok");
        assertThat(fx.hub.stats().overloadedBy(Budget.SUBSCRIPTIONS)).isEqualTo(1);
    }

    @Test
    void retainedValuesPastHistoryBytesAreOverloadedWhilePlainPublishesGoOn() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client flooder = fx.hello("{'op':'hello'}");
        HubFixture.Client normal = fx.hello("{'op':'hello'}");
        normal.send("{'op':'sub','ch':'/live','id':'s'}");
        normal.take();
        String big = "x".repeat(10_000);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            flooder.send("{'op':'pub','ch':'/r/" + i + "','data':'" + big + "','retain':true,'id':'p" + i + "'}");
            JsonObject answer = flooder.takeOne();
            if (op(answer).equals("error")) {
                assertThat(errorCode(answer)).isEqualTo("overloaded");
                refused++;
            }
        }
        assertThat(refused).as("200 KB hold about 19 values of 10 KB").isBetween(15, 25);
        assertThat(fx.hub.historyBytes()).isLessThanOrEqualTo(200_000 + 11_000);
        normal.send("{'op':'pub','ch':'/live','data':1,'id':'n'}");
        assertThat(ops(normal.take())).containsExactlyInAnyOrder("ok", "msg");
        assertThat(fx.hub.stats().overloadedBy(Budget.RETAINED)).isEqualTo(refused);
    }

    @Test
    void theTickSweepsRetainedValuesPastTheirTtlAndFreesTheirRoom() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client c = fx.hello("{'op':'hello'}");
        c.send("{'op':'pub','ch':'/r/a','data':'" + "x".repeat(50_000) + "','retain':true}");
        long held = fx.hub.historyBytes();
        assertThat(held).isGreaterThan(50_000);
        fx.advance(5_001);
        fx.hub.tick();
        HubFixture.Client late = fx.hello("{'op':'hello'}");
        late.send("{'op':'sub','ch':'/r/**','id':'s'}");
        assertThat(ops(late.take())).as("no retained value any more").containsExactly("ok");
        assertThat(fx.hub.historyBytes()).as("still history until historyTtl").isGreaterThan(50_000);
        fx.advance(Limits.defaults().historyTtl());
        fx.hub.tick();
        assertThat(fx.hub.historyBytes()).isLessThan(1_000);
    }

    @Test
    void callsPerSessionAndInAllAreBoundedAndAnAnswerFreesRoom() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client callee = fx.hello("{'op':'hello','kind':'service'}");
        callee.send("{'op':'register','ch':'/svc','id':'r'}");
        callee.take();
        HubFixture.Client a = fx.hello("{'op':'hello'}");
        HubFixture.Client b = fx.hello("{'op':'hello'}");
        a.send("{'op':'call','ch':'/svc','data':1,'id':'a1'}").send("{'op':'call','ch':'/svc','data':2,'id':'a2'}");
        a.send("{'op':'call','ch':'/svc','data':3,'id':'a3'}");
        JsonObject perSession = a.takeOne();
        assertThat(errorCode(perSession)).isEqualTo("overloaded");
        assertThat(perSession.getString("id")).isEqualTo("a3");
        b.send("{'op':'call','ch':'/svc','data':4,'id':'b1'}").send("{'op':'call','ch':'/svc','data':5,'id':'b2'}");
        JsonObject inAll = b.takeOne();
        assertThat(inAll.getString("id")).isEqualTo("b2");
        assertThat(errorCode(inAll)).isEqualTo("overloaded");
        List<JsonObject> invokes = callee.take();
        assertThat(ops(invokes)).containsExactly("invoke", "invoke", "invoke");
        callee.send("{'op':'yield','id':'" + invokes.get(0).getString("id") + "','data':'done'}");
        assertThat(op(a.takeOne())).isEqualTo("result");
        a.send("{'op':'call','ch':'/svc','data':6,'id':'a4'}");
        assertThat(a.take()).isEmpty();
        assertThat(fx.hub.pendingCallCount()).isEqualTo(3);
        assertThat(fx.hub.stats().overloadedBy(Budget.CALLS)).isEqualTo(2);
    }

    @Test
    void documentsAreBoundedInNumberAndInSize() throws Exception {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client c = fx.hello("{'op':'hello'}");
        for (int i = 1; i <= 4; i++) {
            c.send("{'op':'patch','ch':'/state/d" + i + "','merge':{'n':" + i + "},'id':'p" + i + "'}");
            assertThat(op(c.takeOne())).isEqualTo("ok");
        }
        c.send("{'op':'patch','ch':'/state/d5','merge':{'n':5},'id':'p5'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("overloaded");
        c.send("{'op':'watch','ch':'/state/d6','id':'w6'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("overloaded");
        c.send("{'op':'patch','ch':'/state/d1','merge':{'big':'" + "x".repeat(400) + "'},'id':'big'}");
        assertThat(errorCode(c.takeOne())).isEqualTo("overloaded");
        assertThat(fx.hub.documents().snapshot(Hub.concreteChannel("/state/d1")).rev()).isEqualTo(1);
        c.send("{'op':'patch','ch':'/state/d1','merge':{'n':9},'id':'small'}");
        assertThat(op(c.takeOne())).isEqualTo("ok");
        assertThat(fx.hub.stats().overloadedBy(Budget.DOCUMENTS)).isEqualTo(3);
    }

    @Test
    void pollSessionsPerAddressAreBoundedAndAnEndedOneFreesItsPlace() {
        HubFixture fx = new HubFixture(with(small()));
        HubFixture.Client p1 = fx.connectWith(new Handshake("poll", "curl", "10.0.0.1"));
        p1.send("{'op':'hello','client':'p1'}");
        assertThat(op(p1.takeOne())).isEqualTo("welcome");
        HubFixture.Client p2 = fx.connectWith(new Handshake("poll", "curl", "10.0.0.1"));
        p2.send("{'op':'hello','client':'p2'}");
        p2.take();
        HubFixture.Client p3 = fx.connectWith(new Handshake("poll", "curl", "10.0.0.1"));
        p3.send("{'op':'hello','client':'p3'}");
        assertThat(errorCode(p3.takeOne())).isEqualTo("overloaded");
        assertThat(p3.closeCodes()).containsExactly(1013);
        assertThat(fx.hub.session("p3")).isNull();
        HubFixture.Client elsewhere = fx.connectWith(new Handshake("poll", "curl", "10.0.0.2"));
        elsewhere.send("{'op':'hello','client':'q1'}");
        assertThat(op(elsewhere.takeOne())).isEqualTo("welcome");
        HubFixture.Client socket = fx.connectWith(new Handshake("ws", "curl", "10.0.0.1"));
        socket.send("{'op':'hello','client':'w1'}");
        assertThat(op(socket.takeOne())).as("sockets are bound by connectionsPerAddress").isEqualTo("welcome");
        p1.send("{'op':'bye'}");
        HubFixture.Client p4 = fx.connectWith(new Handshake("poll", "curl", "10.0.0.1"));
        p4.send("{'op':'hello','client':'p4'}");
        assertThat(op(p4.takeOne())).isEqualTo("welcome");
        p2.send("{'op':'hello','client':'p2'}");
        assertThat(fx.hub.stats().overloadedBy(Budget.SESSIONS_PER_ADDRESS)).isEqualTo(1);
    }

    /**
     * A client that says hello with a fresh client id and vanishes, over and over, leaves sessions
     * waiting for a resume: from one address they count against connectionsPerAddress until they
     * expire, on every socket transport, while a resume and other addresses are unaffected.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ws", "mux", "tcp"})
    void detachedSocketSessionsCountAgainstTheirAddressUntilTheyExpire(String transport) {
        HubFixture fx = new HubFixture(with(small()));
        fx.hub.limitConnectionsPerAddress(2);
        for (String id : List.of("gone-1", "gone-2")) {
            HubFixture.Client c = fx.connectWith(new Handshake(transport, "curl", "10.9.0.1"));
            c.send("{'op':'hello','client':'" + id + "'}");
            assertThat(op(c.takeOne())).isEqualTo("welcome");
            c.connection().closed(1006);
        }
        HubFixture.Client third = fx.connectWith(new Handshake(transport, "curl", "10.9.0.1"));
        third.send("{'op':'hello','client':'gone-3'}");
        JsonObject refused = third.takeOne();
        assertThat(errorCode(refused)).isEqualTo("overloaded");
        assertThat(refused.getJsonObject("error").getString("message")).contains("limits.connectionsPerAddress");
        assertThat(fx.hub.session("gone-3")).isNull();
        assertThat(fx.hub.stats().overloadedBy(Budget.SESSIONS_PER_ADDRESS)).isEqualTo(1);

        HubFixture.Client back = fx.connectWith(new Handshake(transport, "curl", "10.9.0.1"));
        back.send("{'op':'hello','client':'gone-1','resume':{'seq':0}}");
        JsonObject welcome = back.takeOne();
        assertThat(welcome.getBoolean("resumed")).as("a resume is no new session").isTrue();
        HubFixture.Client elsewhere = fx.connectWith(new Handshake(transport, "curl", "10.9.0.2"));
        elsewhere.send("{'op':'hello','client':'other-1'}");
        assertThat(op(elsewhere.takeOne())).isEqualTo("welcome");

        back.connection().closed(1006);
        third.connection().closed(1013);
        fx.advance(fx.limits.sessionTtl() + 1);
        fx.hub.tick();
        HubFixture.Client later = fx.connectWith(new Handshake(transport, "curl", "10.9.0.1"));
        later.send("{'op':'hello','client':'gone-4'}");
        assertThat(op(later.takeOne())).as("the detached sessions expired and gave their places back").isEqualTo("welcome");
    }

    /** Many openings racing for the last places (poll sessions of one address): exactly the bound are made. */
    @Test
    void openingsThatRaceForTheLastPlacesNeverPassTheBound() throws Exception {
        HubFixture fx = new HubFixture(with(small()));
        int bound = small().sessionsPerAddress();
        int openings = 40;
        List<HubFixture.Client> clients = new java.util.ArrayList<>();
        for (int i = 0; i < openings; i++) {
            clients.add(fx.connectWith(new Handshake("poll", "curl", "10.8.0.1")));
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < openings; i++) {
            HubFixture.Client c = clients.get(i);
            String id = "race-" + i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.send("{'op':'hello','client':'" + id + "'}");
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long welcomed = clients.stream().filter(c -> "welcome".equals(op(c.takeOne()))).count();
        assertThat(welcomed).isEqualTo(bound);
        assertThat(fx.hub.stats().overloadedBy(Budget.SESSIONS_PER_ADDRESS)).isEqualTo(openings - bound);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "poll", "tcp"})
    void sessionsPerUserAreBoundedOnEveryTransportAndAResumeIsNoNewSession(String transport) {
        HubFixture fx = new HubFixture(with(small()));
        JwtAuthenticator auth = new JwtAuthenticator("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                Grants.parse(Map.of()), 3_600_000, fx.clock::get);
        fx.hub.secure(auth);
        String alice = auth.issue("alice", Set.of()).token();
        String bob = auth.issue("bob", Set.of()).token();
        for (int i = 0; i < 3; i++) {
            HubFixture.Client c = fx.connectWith(new Handshake(transport, "curl", "10.1.0." + i));
            c.send("{'op':'hello','client':'a" + i + "','token':'" + alice + "'}");
            assertThat(op(c.takeOne())).isEqualTo("welcome");
        }
        HubFixture.Client fourth = fx.connectWith(new Handshake(transport, "curl", "10.2.0.1"));
        fourth.send("{'op':'hello','client':'a3','token':'" + alice + "'}");
        assertThat(errorCode(fourth.takeOne())).isEqualTo("overloaded");
        HubFixture.Client resume = fx.connectWith(new Handshake(transport, "curl", "10.2.0.2"));
        resume.send("{'op':'hello','client':'a0','token':'" + alice + "'}");
        assertThat(op(resume.takeOne())).isEqualTo("welcome");
        HubFixture.Client other = fx.connectWith(new Handshake(transport, "curl", "10.2.0.3"));
        other.send("{'op':'hello','client':'b0','token':'" + bob + "'}");
        assertThat(op(other.takeOne())).isEqualTo("welcome");
    }
}
