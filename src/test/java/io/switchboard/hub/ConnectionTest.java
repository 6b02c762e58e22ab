package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.data;
import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static io.switchboard.hub.HubFixture.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.HubFixture.Client;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One connection's frames: the first-frame rule, answers, errors and their ids and seqs. */
class ConnectionTest {
    private final HubFixture fx = new HubFixture();

    @Test
    void helloIsAnsweredWithAWelcomeNamingTheSessionAndTheLimits() {
        Client c = fx.connect(HubFixture.DEVICE_AGENT);
        c.send("{'op':'hello','client':'dev-1','name':'kitchen'}");

        JsonObject w = c.takeOne();
        assertThat(op(w)).isEqualTo("welcome");
        assertThat(w.getString("client")).isEqualTo("dev-1");
        assertThat(w.getString("name")).isEqualTo("kitchen");
        assertThat(w.getString("kind")).isEqualTo("device");
        assertThat(w.getString("session")).isNotBlank();
        assertThat(w.getBoolean("resumed")).isFalse();
        assertThat(w.getString("epoch")).isEqualTo(fx.hub.epoch());
        assertThat(w.getInt("heartbeat")).isEqualTo(25000);
        assertThat(w.getJsonObject("limits")).isEqualTo(FakeLink.parse(
                "{\"frame\":65536,\"hardFrame\":1048576,\"queue\":10000,\"sessionTtl\":120000,\"rate\":1000,"
                + "\"queueBytes\":4194304,\"historyBytes\":67108864,\"retainedTtl\":0,\"sessionsPerUser\":256,"
                + "\"sessionsPerAddress\":64,\"subscriptions\":1000,\"recentIds\":1000,\"callsPerSession\":256,"
                + "\"calls\":10000,\"documents\":10000,\"documentBytes\":65536,\"muxTopics\":64}"));
        assertThat(w).doesNotContainKey("seq");
    }

    @ParameterizedTest(name = "{0} + kind {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "Mozilla/5.0 (X11),  -,       browser",
            "curl/8.0,           -,       device",
            "-,                  -,       device",
            "Mozilla/5.0 (X11),  service, service",
            "curl/8.0,           browser, browser",
    })
    void kindComesFromHelloElseFromTheUserAgent(String userAgent, String kind, String expected) {
        Client c = fx.connect(userAgent);
        c.send(kind == null ? "{'op':'hello'}" : "{'op':'hello','kind':'" + kind + "'}");

        assertThat(c.takeOne().getString("kind")).isEqualTo(expected);
    }

    /** A first frame other than hello opens an anonymous session, welcomes it, then answers. */
    @ParameterizedTest(name = "{0} -> welcome, {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'ping','id':1}              | pong",
            "{'op':'sub','ch':'/a','id':1}     | ok",
            "{'op':'pub','ch':'/a','id':1}     | ok",
            "{'op':'frobnicate','id':1}        | error",
            "this is not json                  | error",
    })
    void aFirstFrameThatIsNotHelloGetsAWelcomeThenItsAnswer(String first, String answer) {
        Client c = fx.connect();
        c.send(first);

        List<JsonObject> frames = c.take();
        assertThat(ops(frames)).containsExactly("welcome", answer);
        assertThat(frames.get(0).getBoolean("resumed")).isFalse();
        assertThat(frames.get(0).getString("client")).isNotBlank();
        assertThat(fx.hub.sessionCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{'op':'hello'}", "{'op':'hello','client':'dev-1'}"})
    void aLaterHelloIsBadFrame(String hello) {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send(hello);

        JsonObject e = c.takeOne();
        assertThat(errorCode(e)).isEqualTo("bad_frame");
        assertThat(fx.hub.sessionCount()).isEqualTo(1);
    }

    @Test
    void aHelloAfterAnImplicitSessionIsBadFrame() {
        Client c = fx.connect();
        c.send("{'op':'ping'}");
        c.take();
        c.send("{'op':'hello','client':'late'}");

        assertThat(errorCode(c.takeOne())).isEqualTo("bad_frame");
    }

    /** An error answering a frame with an id carries that id and a seq of its own. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'pub','ch':'/$sys/x','data':1,'id':'p1'}     | forbidden",
            "{'op':'pub','ch':'/a/*','data':1,'id':'p1'}        | bad_channel",
            "{'op':'pub','ch':'/a b','id':'p1'}                 | bad_channel",
            "{'op':'sub','ch':'/clients/other/**','id':'p1'}    | forbidden",
            "{'op':'sub','ch':'/a//**x**/$y','id':'p1'}         | bad_channel",
            "{'op':'sub','id':'p1'}                             | bad_frame",
            "{'op':'pub','ch':5,'id':'p1'}                      | bad_frame",
            "{'op':'pub','ch':'/a','retain':'yes','id':'p1'}    | bad_frame",
            "{'op':'emit','data':1,'id':'p1'}                   | forbidden",
            "{'op':'input','device':'nobody','data':1,'id':'p1'} | device_offline",
            "{'op':'watch','ch':'/notstate','id':'p1'}          | bad_channel",
            "{'op':'patch','ch':'/state/a','id':'p1'}           | bad_frame",
            "{'op':'teleport','id':'p1'}                        | unknown_op",
            "{'op':'hello','id':'p1'}                           | bad_frame",
    })
    void errorsAnsweringAFrameWithAnIdCarryTheIdAndASeq(String frame, String code) {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send(frame);
        c.send(frame);

        List<JsonObject> errors = c.take();
        assertThat(errors).hasSize(2).allSatisfy(e -> {
            assertThat(errorCode(e)).isEqualTo(code);
            assertThat(e.getString("id")).isEqualTo("p1");
            assertThat(e.getJsonObject("error").getString("message")).isNotBlank();
        });
        assertThat(HubFixture.seqs(errors)).containsExactly(1L, 2L);
    }

    @Test
    void aNumericIdIsEchoedAsANumber() {
        Client c = fx.hello("{'op':'hello'}");
        c.send("{'op':'pub','ch':'/$sys/x','id':42}");

        assertThat(c.link().takeText().get(0)).contains("\"id\":42,");
    }

    /** A frame whose id cannot be read gets an error with neither id nor seq. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'pub','ch':'/a','id':'p1'                    | bad_json",
            "['op','ping']                                      | bad_frame",
            "{'op':'pub','ch':5,'id':true}                      | bad_frame",
            "{'op':'ping','id':{'n':1}}                         | bad_frame",
            "{'op':'ack','seq':99}                              | bad_frame",
            "{'op':'pub','ch':'/$sys/x'}                        | forbidden",
    })
    void errorsWithoutAReadableIdCarryNeitherIdNorSeq(String frame, String code) {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send(frame);

        JsonObject e = c.takeOne();
        assertThat(errorCode(e)).isEqualTo(code);
        assertThat(e).doesNotContainKeys("id", "seq");
        assertThat(c.closeCodes()).isEmpty();
    }

    @Test
    void aFrameOverTheSizeLimitIsTooLargeWithoutIdOrSeqAndCountsBytes() {
        Limits d = Limits.defaults();
        HubFixture small = new HubFixture(new Limits(200, d.hardFrame(), d.queue(), d.sessionTtl(), d.rate(),
                d.heartbeat(), d.history(), d.historyTtl()));
        Client c = small.hello("{'op':'hello'}");
        String prefix = "{\"op\":\"pub\",\"ch\":\"/a\",\"id\":\"p1\",\"data\":\"";
        String fits = prefix + "x".repeat(200 - prefix.length() - 2) + "\"}";
        String tooManyBytes = prefix + "é".repeat(100) + "\"}"; // under 200 chars, over 200 bytes

        c.sendRaw(fits);
        assertThat(op(c.takeOne())).isEqualTo("ok");

        c.sendRaw(tooManyBytes);
        c.sendRaw(fits.replace("x\"}", "xx\"}"));
        List<JsonObject> errors = c.take();
        assertThat(errors).hasSize(2).allSatisfy(e -> {
            assertThat(errorCode(e)).isEqualTo("too_large");
            assertThat(e).doesNotContainKeys("id", "seq");
        });
        assertThat(small.hub.publishedCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'ping','id':'p-1'} | {'op':'pong','id':'p-1'}",
            "{'op':'ping','id':7}     | {'op':'pong','id':7}",
            "{'op':'ping','id':'7'}   | {'op':'pong','id':'7'}",
            "{'op':'ping'}            | {'op':'pong'}",
    })
    void pingIsAnsweredByPongWithTheSameId(String ping, String pong) {
        Client c = fx.hello("{'op':'hello'}");
        c.send(ping);

        assertThat(c.link().takeText()).containsExactly(HubFixture.q(pong));
    }

    @Test
    void subIsAnsweredWithOkCarryingTheEpochAndLatestOffset() {
        Client publisher = fx.hello("{'op':'hello'}");
        publisher.send("{'op':'pub','ch':'/x','data':1}");
        publisher.send("{'op':'pub','ch':'/y','data':2}");
        Client c = fx.hello("{'op':'hello'}");

        c.send("{'op':'sub','ch':'/a/**','id':'s'}");

        JsonObject ok = c.takeOne();
        assertThat(ok.getString("id")).isEqualTo("s");
        assertThat(ok.getString("epoch")).isEqualTo(fx.hub.epoch());
        assertThat(ok.getInt("off")).isEqualTo(2);
        assertThat(ok).doesNotContainKey("seq");
    }

    @Test
    void aPublishReachesSubscribersAsMsgWithSeqOffAndFrom() {
        Client sub = fx.hello("{'op':'hello','client':'s1'}");
        sub.send("{'op':'sub','ch':'/room/*'}");
        Client pub = fx.hello("{'op':'hello','client':'p1','name':'alice'}");

        pub.send("{'op':'pub','ch':'room//kitchen/','data':{'t':21},'id':'x'}");

        JsonObject ok = pub.takeOne();
        JsonObject msg = sub.takeOne();
        assertThat(op(msg)).isEqualTo("msg");
        assertThat(msg.getString("ch")).isEqualTo("/room/kitchen");
        assertThat(msg.get("data").toString()).isEqualTo("{\"t\":21}");
        assertThat(msg.getString("from")).isEqualTo("alice");
        assertThat(msg.getInt("seq")).isEqualTo(1);
        assertThat(msg.getInt("off")).isEqualTo(ok.getInt("off")).isEqualTo(1);
    }

    @Test
    void aPubWithARepeatedIdIsAnsweredIdenticallyAndRoutedOnce() {
        Client sub = fx.hello("{'op':'hello'}");
        sub.send("{'op':'sub','ch':'/a'}");
        Client pub = fx.hello("{'op':'hello','client':'p1'}");

        pub.send("{'op':'pub','ch':'/a','data':1,'id':'x'}");
        pub.send("{'op':'pub','ch':'/a','data':2,'id':'y'}");
        pub.send("{'op':'pub','ch':'/a','data':1,'id':'x'}");

        List<String> answers = pub.link().takeText();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(2)).isEqualTo(answers.get(0)).isEqualTo("{\"op\":\"ok\",\"id\":\"x\",\"off\":1}");
        assertThat(data(sub.take())).containsExactly("1", "2");
        assertThat(fx.hub.publishedCount()).isEqualTo(2);
    }

    @Test
    void theSameIdTextAsANumberAndAsAStringAreDifferentIds() {
        Client pub = fx.hello("{'op':'hello'}");
        pub.send("{'op':'pub','ch':'/a','data':1,'id':7}");
        pub.send("{'op':'pub','ch':'/a','data':1,'id':'7'}");

        assertThat(fx.hub.publishedCount()).isEqualTo(2);
    }

    @Test
    void aPubToASystemChannelIsForbiddenAndNotRouted() {
        Client watcher = fx.hello("{'op':'hello'}");
        watcher.send("{'op':'sub','ch':'/$sys/x'}");
        Client c = fx.hello("{'op':'hello'}");

        c.send("{'op':'pub','ch':'/$sys/x','data':1,'id':'p'}");

        assertThat(errorCode(c.takeOne())).isEqualTo("forbidden");
        assertThat(watcher.take()).isEmpty();
        assertThat(fx.hub.publishedCount()).isZero();
    }

    @Test
    void aSessionGetsItsOwnInboxAndNoOneElses() {
        Client alice = fx.hello("{'op':'hello','client':'a1','name':'alice'}");
        Client bob = fx.hello("{'op':'hello','client':'b1','name':'bob'}");
        bob.send("{'op':'sub','ch':'/**'}");
        bob.send("{'op':'sub','ch':'/clients/*/x','id':'ok'}");
        assertThat(op(bob.takeOne())).isEqualTo("ok");
        Client anonymous = fx.hello("{'op':'hello'}");

        anonymous.send("{'op':'pub','ch':'/clients/alice/x','data':'hi alice'}");
        anonymous.send("{'op':'pub','ch':'/clients/bob/x','data':'hi bob'}");

        assertThat(data(alice.take())).containsExactly("\"hi alice\"");
        assertThat(data(bob.take())).containsExactly("\"hi bob\"");
    }

    @ParameterizedTest(name = "hello {0}")
    @ValueSource(strings = {
            "{'op':'hello','client':'a/b'}",
            "{'op':'hello','client':''}",
            "{'op':'hello','client':'*'}",
            "{'op':'hello','client':'$sys'}",
            "{'op':'hello','client':'white space'}",
            "{'op':'hello','name':'**'}",
            "{'op':'hello','kind':'toaster'}",
            // a name is a single inbox segment: slashes are not trimmed into it
            "{'op':'hello','client':'alice/'}",
            "{'op':'hello','name':'/alice'}",
    })
    void aHelloWithAnUnusableClientNameOrKindIsBadFrame(String hello) {
        Client c = fx.connect();
        c.send(hello);

        assertThat(c.take()).filteredOn(f -> op(f).equals("error")).extracting(HubFixture::errorCode)
                .containsExactly("bad_frame");
    }

    @Test
    void ackBeyondTheLastSeqIsBadFrameAndAckWithinIsSilent() {
        Client sub = fx.hello("{'op':'hello','client':'s1'}");
        sub.send("{'op':'sub','ch':'/a'}");
        fx.hello("{'op':'hello'}").send("{'op':'pub','ch':'/a','data':1}");
        sub.take();

        sub.send("{'op':'ack','seq':1}");
        assertThat(sub.take()).isEmpty();
        sub.send("{'op':'ack','seq':2}");
        assertThat(errorCode(sub.takeOne())).isEqualTo("bad_frame");
    }

    @Test
    void unsubWithAnIdIsAnsweredOkAndStopsMessages() {
        Client sub = fx.hello("{'op':'hello'}");
        sub.send("{'op':'sub','ch':'/a'}");
        sub.send("{'op':'unsub','ch':'/a','id':'u'}");
        assertThat(sub.link().takeText()).containsExactly("{\"op\":\"ok\",\"id\":\"u\"}");

        fx.hello("{'op':'hello'}").send("{'op':'pub','ch':'/a','data':1}");

        assertThat(sub.take()).isEmpty();
    }

    @Test
    void byeClosesWith1000AndEndsTheSession() {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send("{'op':'sub','ch':'/a'}");

        c.send("{'op':'bye'}");
        c.connection().closed(1000);

        assertThat(c.closeCodes()).containsExactly(1000);
        assertThat(fx.hub.sessionCount()).isZero();
        assertThat(fx.hub.subscriptionCount()).isZero();
    }

    @Test
    void framesArrivingAfterByeDoNotResurrectTheEndedSession() {
        Client c = fx.hello("{'op':'hello','client':'dev-1'}");
        c.send("{'op':'bye'}");

        c.send("{'op':'sub','ch':'/a'}"); // already in flight when the bye was read
        c.connection().closed(1000);

        assertThat(fx.hub.subscriptionCount()).as("an ended session must not be subscribed again").isZero();
    }
    /** TCP lines: a pong answers the server's ping frame; it is traffic, never unknown_op. */
    @Test
    void aPongIsTrafficAndGetsNoAnswer() {
        Client c = fx.connect(null);
        c.send("{'op':'hello','client':'pong-1'}").take();
        fx.advance(fx.limits.heartbeat() * 3 / 2);
        c.send("{'op':'pong'}");
        fx.advance(fx.limits.heartbeat());
        fx.hub.tick();

        assertThat(c.take()).isEmpty();
        assertThat(c.closeCodes()).as("heard within two heartbeats").isEmpty();
    }

    /** A transport that saw a frame pass the hard limit (TCP lines): too_large, then 1009. */
    @Test
    void aFrameOverTheHardLimitIsTooLargeThenCloses1009() {
        Client c = fx.connect(null);
        c.send("{'op':'hello'}").take();
        c.connection().overHardLimit();

        assertThat(c.link().timeline()).last().isEqualTo("close 1009");
        assertThat(errorCode(c.takeOne())).isEqualTo("too_large");
        c.send("{'op':'ping'}");
        assertThat(c.take()).as("nothing is carried out after the close").isEmpty();
    }
}
