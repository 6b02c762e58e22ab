package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.data;
import static io.switchboard.hub.HubFixture.op;
import static io.switchboard.hub.HubFixture.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.HubFixture.Client;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.routing.ChannelCount;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Server API's core (docs/admin.md): listing, disconnecting and subscribing sessions, listing channels. */
class ServerApiTest {
    private final HubFixture fx = new HubFixture();

    private SessionInfo info(String client) {
        return fx.hub.sessionList().stream().filter(i -> i.client().equals(client)).findFirst().orElseThrow();
    }

    private static ErrorCode codeOf(ThrowingCall call) {
        try {
            call.run();
        } catch (ProtocolException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    interface ThrowingCall {
        void run() throws ProtocolException;
    }

    @Test
    void aSessionIsListedWithItsTransportSubscriptionsQueueAndSince() {
        Instant opened = Instant.ofEpochMilli(fx.clock.get());
        Client c = fx.hello("{'op':'hello','client':'dev-1','name':'kitchen','kind':'device'}");
        c.send("{'op':'sub','ch':'/sensors/**'}");
        fx.advance(5_000);
        fx.hello("{'op':'hello'}").send("{'op':'pub','ch':'/sensors/t','data':1}");

        SessionInfo i = info("dev-1");
        assertThat(i.name()).isEqualTo("kitchen");
        assertThat(i.kind()).isEqualTo("device");
        assertThat(i.transport()).isEqualTo("ws");
        assertThat(i.connected()).isTrue();
        assertThat(i.since()).isEqualTo(opened);
        assertThat(i.subscriptions()).containsExactly("/clients/kitchen/**", "/sensors/**");
        assertThat(i.queued()).as("the msg is unacked").isEqualTo(1);
        assertThat(i.user()).isNull();

        c.send("{'op':'ack','seq':" + c.take().get(0).getJsonNumber("seq").longValue() + "}");
        c.connection().closed(1006);
        SessionInfo detached = info("dev-1");
        assertThat(detached.connected()).isFalse();
        assertThat(detached.queued()).isZero();
        assertThat(fx.hub.sessionList()).extracting(SessionInfo::client).first().isEqualTo("dev-1");
    }

    @Test
    void aDisconnectedSessionClosesWith4003AndCannotBeResumed() throws Exception {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send("{'op':'sub','ch':'/a'}");
        fx.hub.disconnect("dev-1");

        assertThat(c.closeCodes()).containsExactly(4003);
        assertThat(fx.hub.session("dev-1")).isNull();
        assertThat(fx.hub.sessionList()).isEmpty();
        c.connection().closed(4003);

        c.send("{'op':'pub','ch':'/a','data':1,'id':'p'}");
        assertThat(c.take()).as("an ended session acts on nothing").isEmpty();
        assertThat(fx.hub.latestOffset()).isZero();

        Client again = fx.connect();
        again.send("{'op':'hello','client':'dev-1','resume':{'seq':1}}");
        assertThat(again.take().get(0).getBoolean("resumed")).isFalse();
    }

    @Test
    void disconnectingAnUnknownSessionIsNotFound() {
        assertThat(codeOf(() -> fx.hub.disconnect("nobody"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> fx.hub.subscribeFor("nobody", "/a"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> fx.hub.unsubscribeFor("nobody", "/a"))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aSessionWithoutAConnectionIsEndedToo() throws Exception {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.connection().closed(1006);
        fx.hub.disconnect("dev-1");
        assertThat(fx.hub.sessionList()).isEmpty();
        assertThat(c.closeCodes()).isEmpty();
    }

    @Test
    void aServerSideSubscriptionIsToldThenDeliversRetainedAndLiveMessages() throws Exception {
        Client pub = fx.hello("{'op':'hello'}");
        pub.send("{'op':'pub','ch':'/news/a','data':1,'retain':true}");
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");

        assertThat(fx.hub.subscribeFor("dev-1", "/news/*")).isTrue();
        pub.send("{'op':'pub','ch':'/news/b','data':2}");
        List<JsonObject> frames = c.take();
        assertThat(ops(frames)).containsExactly("subscribed", "msg", "msg");
        assertThat(frames.get(0).getString("ch")).isEqualTo("/news/*");
        assertThat(frames.get(0).getString("by")).isEqualTo("admin");
        assertThat(frames.get(0).containsKey("seq")).as("sequenced: a resume resends it").isTrue();
        assertThat(data(frames)).containsExactly("1", "2");
        assertThat(fx.hub.subscribeFor("dev-1", "/news/*")).as("already").isFalse();
        assertThat(c.take()).isEmpty();

        assertThat(fx.hub.unsubscribeFor("dev-1", "/news/*")).isTrue();
        assertThat(op(c.takeOne())).isEqualTo("unsubscribed");
        pub.send("{'op':'pub','ch':'/news/b','data':3}");
        assertThat(c.take()).isEmpty();
        assertThat(fx.hub.unsubscribeFor("dev-1", "/news/*")).isFalse();
    }

    @Test
    void badPatternsAndOtherInboxesAreRefused() {
        fx.hello("{'op':'hello','client':'dev-1'}");
        assertThat(codeOf(() -> fx.hub.subscribeFor("dev-1", "/a/b%"))).isEqualTo(ErrorCode.BAD_CHANNEL);
        assertThat(codeOf(() -> fx.hub.subscribeFor("dev-1", "/a/b c"))).isEqualTo(ErrorCode.BAD_CHANNEL);
        assertThat(codeOf(() -> fx.hub.subscribeFor("dev-1", "/clients/other/**"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> fx.hub.unsubscribeFor("dev-1", "/clients/dev-1/**"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> fx.hub.channelList("/a b"))).isEqualTo(ErrorCode.BAD_CHANNEL);
    }

    @Test
    void everySessionOfAUserIsDisconnected() {
        Client a = fx.hello("{'op':'hello','client':'a'}");
        Client b = fx.hello("{'op':'hello','client':'b'}");
        Client other = fx.hello("{'op':'hello','client':'c'}");
        a.connection().session().identify(new io.switchboard.auth.Identity("alice", java.util.Set.of(), Long.MAX_VALUE));
        b.connection().session().identify(new io.switchboard.auth.Identity("alice", java.util.Set.of(), Long.MAX_VALUE));
        other.connection().session().identify(new io.switchboard.auth.Identity("bob", java.util.Set.of(), Long.MAX_VALUE));

        assertThat(fx.hub.disconnectUser("alice")).isEqualTo(2);
        assertThat(a.closeCodes()).containsExactly(4003);
        assertThat(b.closeCodes()).containsExactly(4003);
        assertThat(other.closeCodes()).isEmpty();
        assertThat(fx.hub.sessionList()).extracting(SessionInfo::client).containsExactly("c");
        assertThat(fx.hub.disconnectUser("alice")).isZero();
    }

    @Test
    void channelsAreListedWithTheirSubscribersEachOnce() throws Exception {
        Client pub = fx.hello("{'op':'hello','client':'p'}");
        pub.send("{'op':'pub','ch':'/sensors/t','data':1,'retain':true}");
        Client one = fx.hello("{'op':'hello','client':'one'}");
        one.send("{'op':'sub','ch':'/sensors/t'}").send("{'op':'sub','ch':'/sensors/**'}");
        fx.hello("{'op':'hello','client':'two'}").send("{'op':'sub','ch':'/sensors/h'}");

        List<ChannelCount> sensors = fx.hub.channelList("/sensors/**");
        assertThat(sensors).containsExactly(new ChannelCount("/sensors/h", 2, false),
                new ChannelCount("/sensors/t", 1, false), new ChannelCount("/sensors/**", 1, true));
        assertThat(fx.hub.channelList(null)).extracting(ChannelCount::ch)
                .contains("/clients/one/**", "/sensors/t").doesNotContain("/$sys/presence");
        assertThat(fx.hub.channelList("/other/**")).isEmpty();

        one.send("{'op':'unsub','ch':'/sensors/**'}");
        assertThat(fx.hub.channelList("/sensors/*")).containsExactly(new ChannelCount("/sensors/h", 1, false),
                new ChannelCount("/sensors/t", 1, false));
    }
}
