package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames are written with single quotes for readability; {@link #q} turns them into JSON. */
class FrameCodecTest {
    private static final JsonProvider JSON = JsonProvider.provider();
    private final FrameCodec codec = new FrameCodec(JSON);

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private ClientFrame decode(String singleQuoted) throws ProtocolException {
        return codec.decode(codec.parse(q(singleQuoted)));
    }

    private ErrorCode failureOf(String singleQuoted) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(singleQuoted));
        assertThat(e).as("%s should be refused", singleQuoted).isNotNull();
        return e.code();
    }

    private static JsonValue json(String singleQuoted) {
        return JSON.createReader(new StringReader(q(singleQuoted))).readValue();
    }

    static Stream<Arguments> everyOp() {
        return Stream.of(
                Arguments.of("{'op':'hello'}", new ClientFrame.Hello(null, null, null, null, null, false)),
                Arguments.of("{'op':'hello','client':'c1','name':'n1','kind':'device','token':'t','resume':{'seq':5},'batch':true}",
                        new ClientFrame.Hello("c1", "n1", "device", "t", 5L, true)),
                Arguments.of("{'op':'hello','resume':null,'batch':false}", new ClientFrame.Hello(null, null, null, null, null, false)),
                Arguments.of("{'op':'sub','ch':'/a/*'}", new ClientFrame.Sub("/a/*", null, null)),
                Arguments.of("{'op':'sub','ch':'/a','id':'s1','since':7}", new ClientFrame.Sub("/a", "\"s1\"", new Since(7, null))),
                Arguments.of("{'op':'sub','ch':'/a','since':{'off':7,'epoch':'e1'}}", new ClientFrame.Sub("/a", null, new Since(7, "e1"))),
                Arguments.of("{'op':'sub','ch':'/a','since':{'off':0}}", new ClientFrame.Sub("/a", null, new Since(0, null))),
                Arguments.of("{'op':'unsub','ch':'/a','id':3}", new ClientFrame.Unsub("/a", "3")),
                Arguments.of("{'op':'pub','ch':'/a','data':{'t':21.5},'id':'p','retain':true}",
                        new ClientFrame.Pub("/a", json("{'t':21.5}"), "\"p\"", true)),
                Arguments.of("{'op':'pub','ch':'/a'}", new ClientFrame.Pub("/a", JsonValue.NULL, null, false)),
                Arguments.of("{'op':'pub','ch':'/a','data':null,'retain':true}", new ClientFrame.Pub("/a", JsonValue.NULL, null, true)),
                Arguments.of("{'op':'ack','seq':12}", new ClientFrame.Ack(12)),
                Arguments.of("{'op':'ping'}", new ClientFrame.Ping(null)),
                Arguments.of("{'op':'ping','id':'x'}", new ClientFrame.Ping("\"x\"")),
                Arguments.of("{'op':'bye'}", new ClientFrame.Bye()),
                Arguments.of("{'op':'ping','unknown':[1,2],'id':null}", new ClientFrame.Ping(null)),
                Arguments.of("{'op':'history','ch':'/a','id':'h'}", new ClientFrame.History("/a", "\"h\"", null, null, false)),
                Arguments.of("{'op':'history','ch':'/a','id':4,'since':9,'limit':20,'reverse':true}",
                        new ClientFrame.History("/a", "4", new Since(9, null), 20, true)),
                Arguments.of("{'op':'history','ch':'/a','id':4,'since':{'off':9,'epoch':'e'},'limit':0,'reverse':false}",
                        new ClientFrame.History("/a", "4", new Since(9, "e"), 0, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOp")
    void decodesEveryOp(String frame, ClientFrame expected) throws ProtocolException {
        assertThat(decode(frame)).isEqualTo(expected);
    }

    @Test
    void deviceOpsDecode() throws ProtocolException {
        assertThat(decode("{'op':'view','device':'tv','id':'v'}")).isEqualTo(new ClientFrame.View("tv", "\"v\""));
        assertThat(decode("{'op':'view','device':null}")).isEqualTo(new ClientFrame.View(null, null));
        assertThat(decode("{'op':'emit','data':{'t':1},'id':3}"))
                .isEqualTo(new ClientFrame.Emit(Json.createObjectBuilder().add("t", 1).build(), "3"));
        assertThat(decode("{'op':'input','device':'tv','data':'reset'}"))
                .isEqualTo(new ClientFrame.Input("tv", Json.createValue("reset"), null));
    }

    @Test
    void rpcAndStateOpsDecode() throws ProtocolException {
        assertThat(decode("{'op':'call','ch':'/a','data':{'x':1},'id':'c','timeout':500}"))
                .isEqualTo(new ClientFrame.Call("/a", Json.createObjectBuilder().add("x", 1).build(), "\"c\"", 500L));
        assertThat(decode("{'op':'register','ch':'/a/*','id':'r'}")).isEqualTo(new ClientFrame.Register("/a/*", "\"r\""));
        assertThat(decode("{'op':'unregister','ch':'/a/*'}")).isEqualTo(new ClientFrame.Unregister("/a/*", null));
        assertThat(decode("{'op':'yield','id':'i-1','data':2}")).isEqualTo(new ClientFrame.Yield("i-1", Json.createValue(2), null));
        assertThat(((ClientFrame.Yield) decode("{'op':'yield','id':'i-1','error':{'message':'m'}}")).error().getString("message"))
                .isEqualTo("m");
        assertThat(decode("{'op':'watch','ch':'/state/a','id':'w'}")).isEqualTo(new ClientFrame.Watch("/state/a", "\"w\""));
        ClientFrame.Patch p = (ClientFrame.Patch) decode("{'op':'patch','ch':'/state/a','ops':[],'base':3,'id':'p'}");
        assertThat(p.ops()).isEmpty();
        assertThat(p.merge()).isNull();
        assertThat(p.base()).isEqualTo(3L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'op':'call','ch':'/a','data':1}",
            "{'op':'yield','data':1}",
            "{'op':'yield','id':'i','error':'boom'}",
            "{'op':'patch','ch':'/state/a','id':'p'}",
            "{'op':'patch','ch':'/state/a','merge':{},'ops':[],'id':'p'}",
            "{'op':'patch','ch':'/state/a','ops':{},'id':'p'}",
            "{'op':'call','ch':'/a','id':'c','timeout':-5}",
            "{'op':'input','data':1}",
            "{'op':'view','device':7}",
            "{'op':'history','ch':'/a'}",
            "{'op':'history','id':'h'}",
            "{'op':'history','ch':7,'id':'h'}",
            "{'op':'history','ch':'/a','id':'h','since':'5'}",
            "{'op':'history','ch':'/a','id':'h','since':-1}",
            "{'op':'history','ch':'/a','id':'h','limit':'10'}",
            "{'op':'history','ch':'/a','id':'h','limit':-1}",
            "{'op':'history','ch':'/a','id':'h','limit':2.5}",
            "{'op':'history','ch':'/a','id':'h','reverse':'yes'}"})
    void malformedRpcAndStateFramesAreBadFrame(String frame) {
        assertThatThrownBy(() -> decode(frame)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'frobnicate'}                          | UNKNOWN_OP",
            "{'op':'HELLO'}                               | UNKNOWN_OP",
            "{'ch':'/a'}                                  | BAD_FRAME",
            "{'op':7}                                     | BAD_FRAME",
            "{'op':null}                                  | BAD_FRAME",
            // a missing or non-string ch is bad_frame
            "{'op':'sub'}                                 | BAD_FRAME",
            "{'op':'sub','ch':null}                       | BAD_FRAME",
            "{'op':'sub','ch':5}                          | BAD_FRAME",
            "{'op':'unsub','ch':['/a']}                   | BAD_FRAME",
            "{'op':'pub','data':1}                        | BAD_FRAME",
            "{'op':'pub','ch':{'path':'/a'}}              | BAD_FRAME",
            "{'op':'pub','ch':true}                       | BAD_FRAME",
            // id of the wrong type
            "{'op':'ping','id':true}                      | BAD_FRAME",
            "{'op':'pub','ch':'/a','id':{'n':1}}          | BAD_FRAME",
            "{'op':'sub','ch':'/a','id':[1]}              | BAD_FRAME",
            // flags are booleans
            "{'op':'pub','ch':'/a','retain':'yes'}        | BAD_FRAME",
            "{'op':'pub','ch':'/a','retain':1}            | BAD_FRAME",
            "{'op':'hello','batch':'true'}                | BAD_FRAME",
            // seq and since are non-negative integers
            "{'op':'ack'}                                 | BAD_FRAME",
            "{'op':'ack','seq':-1}                        | BAD_FRAME",
            "{'op':'ack','seq':1.5}                       | BAD_FRAME",
            "{'op':'ack','seq':'3'}                       | BAD_FRAME",
            "{'op':'hello','resume':5}                    | BAD_FRAME",
            "{'op':'hello','resume':{}}                   | BAD_FRAME",
            "{'op':'hello','resume':{'seq':'x'}}          | BAD_FRAME",
            "{'op':'sub','ch':'/a','since':'5'}           | BAD_FRAME",
            "{'op':'sub','ch':'/a','since':-2}            | BAD_FRAME",
            "{'op':'sub','ch':'/a','since':{'epoch':'e'}} | BAD_FRAME",
            "{'op':'sub','ch':'/a','since':{'off':1,'epoch':5}} | BAD_FRAME",
            "{'op':'sub','ch':'/a','since':[1]}           | BAD_FRAME",
            // hello fields are strings
            "{'op':'hello','client':5}                    | BAD_FRAME",
            "{'op':'hello','kind':['device']}             | BAD_FRAME",
    })
    void refusesBadFrames(String frame, ErrorCode expected) {
        assertThat(failureOf(frame)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'op':'ack','seq':18446744073709551617}", // 2^64 + 1: must not wrap around to seq 1
            "{'op':'hello','resume':{'seq':1e30}}",
    })
    void refusesSeqNumbersBeyondTheLongRangeInsteadOfWrappingThem(String frame) {
        assertThat(failureOf(frame)).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json         | BAD_JSON",
            "{'op':           | BAD_JSON",
            "''               | BAD_FRAME",
            "[{'op':'ping'}]  | BAD_FRAME",
            "42               | BAD_FRAME",
            "null             | BAD_FRAME",
    })
    void parseRefusesWhatIsNotAJsonObject(String text, ErrorCode expected) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.parse(q(text)));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(expected);
    }

    @Test
    void parseRefusesAnEmptyFrameAsBadJson() {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.parse(""));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    /** One JSON object per message: text after it is not valid JSON, and a second frame must not vanish silently. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"{'op':'ping'} x", "{'op':'ping'}{'op':'bye'}", "{'op':'ping'},"})
    void parseRefusesTrailingTextAfterTheObject(String text) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> codec.parse(q(text)));
        assertThat(e).as("trailing text after the frame should be bad_json").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'op':'ping','id':'abc'}   | \"abc\"",
            "{'op':'ping','id':7}       | 7",
            "{'op':'ping','id':'7'}     | \"7\"",
            "{'op':'ping','id':-2.50}   | -2.50",
    })
    void idIsEchoedAsTheJsonTextSent(String frame, String idText) throws ProtocolException {
        JsonObject obj = codec.parse(q(frame));
        assertThat(FrameCodec.idOf(obj)).isEqualTo(idText);
        assertThat(codec.decode(obj).id()).isEqualTo(idText);
    }

    @Test
    void anIdWithQuotesStaysValidJsonText() throws ProtocolException {
        JsonObject obj = codec.parse("{\"op\":\"ping\",\"id\":\"a\\\"b\\\\c\"}");
        String pong = ServerFrames.pong(codec.decode(obj).id());
        assertThat(codec.parse(pong).getString("id")).isEqualTo("a\"b\\c");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{'op':'ping'}", "{'op':'ping','id':null}", "{'op':'ping','id':true}",
            "{'op':'ping','id':{}}", "{'op':'ping','id':[]}"})
    void idOfIsNullWhenThereIsNoUsableId(String frame) throws ProtocolException {
        assertThat(FrameCodec.idOf(codec.parse(q(frame)))).isNull();
    }
}
