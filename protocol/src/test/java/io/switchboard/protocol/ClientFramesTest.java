package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a client writes, the hub reads back as the same frame: one vocabulary, both directions. */
class ClientFramesTest {
    private static final JsonProvider JSON = JsonProvider.provider();
    private final FrameCodec codec = new FrameCodec(JSON);

    private static JsonValue json(String text) {
        return JSON.createReader(new StringReader(text)).readValue();
    }

    private static String id(String id) {
        return ClientFrames.idText(id);
    }

    /** At least one of every kind, with the optional fields both present and absent. */
    static List<ClientFrame> samples() {
        return List.of(
                new ClientFrame.Hello("c1", "kitchen", "sensor", "tok", 42L, true),
                new ClientFrame.Hello(null, null, null, null, null, false),
                new ClientFrame.Sub("sensors/**", id("s1"), null),
                new ClientFrame.Sub("a/b", "7", new Since(12, null)),
                new ClientFrame.Sub("a/*", id("s2"), new Since(3, "e-\"1\"")),
                new ClientFrame.Unsub("a/*", id("u1")),
                new ClientFrame.Pub("a/b", json("{\"t\":21.5,\"s\":\"x\\ny\"}"), id("p1"), true),
                new ClientFrame.Pub("a/b", JsonValue.NULL, null, false),
                new ClientFrame.Call("rpc/add", json("[1,2]"), id("c1"), 500L),
                new ClientFrame.Call("rpc/add", json("\"x\""), "3", null),
                new ClientFrame.Register("rpc/*", id("r1")),
                new ClientFrame.Unregister("rpc/*", id("r2")),
                new ClientFrame.Yield("inv-1", json("{\"sum\":3}"), null),
                new ClientFrame.Yield("inv-2", null, json("{\"message\":\"no\",\"code\":\"denied\"}").asJsonObject()),
                new ClientFrame.Watch("docs/d", id("w1")),
                new ClientFrame.Unwatch("docs/d", id("w2")),
                new ClientFrame.Patch("docs/d", json("{\"a\":1}"), null, 4L, id("m1")),
                new ClientFrame.Patch("docs/d", null, json("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]").asJsonArray(),
                        null, id("m2")),
                new ClientFrame.View("glasses-1", id("v1")),
                new ClientFrame.View(null, id("v2")),
                new ClientFrame.Emit(json("{\"x\":1}"), id("e1")),
                new ClientFrame.Input("glasses-1", json("{\"tap\":true}"), id("i1")),
                new ClientFrame.Ack(99),
                new ClientFrame.Ping(id("ping-1")),
                new ClientFrame.Ping(null),
                new ClientFrame.Refresh("eyJ.new.token", id("t1")),
                new ClientFrame.Bye(),
                new ClientFrame.Pong(),
                new ClientFrame.History("/a/b", id("h1"), null, null, false),
                new ClientFrame.History("/a/b", "9", new Since(40, null), 25, true),
                new ClientFrame.History("/a/b", id("h2"), new Since(40, "e1"), 1000, false));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void whatIsWrittenReadsBackAsTheSameFrame(ClientFrame frame) throws ProtocolException {
        String text = ClientFrames.write(frame);
        assertThat(codec.decode(codec.parse(text))).as(text).isEqualTo(normalised(frame));
    }

    @Test
    void everyKindOfClientFrameHasASample() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(
                Arrays.asList(ClientFrame.class.getPermittedSubclasses()));
    }

    @Test
    void aNumericIdStaysANumber() throws ProtocolException {
        String text = ClientFrames.write(new ClientFrame.Unsub("a", "12"));
        assertThat(codec.parse(text).get("id").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
        assertThat(FrameCodec.idOf(codec.parse(ClientFrames.write(new ClientFrame.Unsub("a", id("12"))))))
                .isEqualTo("\"12\"");
    }

    /** The codec reads an absent data as JSON null: a frame written without data comes back with it. */
    private static ClientFrame normalised(ClientFrame f) {
        if (f instanceof ClientFrame.Yield y && y.error() == null && y.data() == null) {
            return new ClientFrame.Yield(y.invoke(), JsonValue.NULL, null);
        }
        return f;
    }
}
