package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTextTest {
    private static final JsonProvider JSON = JsonProvider.provider();

    private static JsonValue read(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonObject object(String text) {
        return read(text).asJsonObject();
    }

    static Stream<Arguments> awkwardStrings() {
        return Stream.of(
                Arguments.of("plain", "plain text"),
                Arguments.of("empty", ""),
                Arguments.of("quotes", "say \"hi\""),
                Arguments.of("backslash", "C:\\dir\\"),
                Arguments.of("escape-looking text", "\\u0041 \\n"),
                Arguments.of("newline, return, tab", "a\nb\rc\td"),
                Arguments.of("NUL and other C0 controls", "\u0000\u0001\u0008\u000b\u000c\u001f"),
                Arguments.of("line and paragraph separators", "x\u2028y\u2029z"),
                Arguments.of("DEL and C1", "\u007f\u0085"),
                Arguments.of("non-ASCII and surrogate pair", "température 😀 日本"),
                Arguments.of("markup", "</script><!--"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardStrings")
    void quoteRoundTripsThroughJsonP(String what, String value) {
        String quoted = JsonText.quote(value);
        assertThat(((JsonString) read(quoted)).getString()).isEqualTo(value);
    }

    /** Batched frames are split on '\n' (hello's batch), and U+2028/9 break JavaScript string literals. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardStrings")
    void quoteLeavesNoRawControlCharacterOrLineSeparator(String what, String value) {
        String quoted = JsonText.quote(value);
        assertThat(quoted.chars()).noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029);
    }

    @Test
    void quoteWritesTheShortEscapesAndUnicodeEscapesForTheRest() {
        assertThat(JsonText.quote("\"\\\n\r\t")).isEqualTo("\"\\\"\\\\\\n\\r\\t\"");
        assertThat(JsonText.quote("\u0001\u2028")).isEqualTo("\"\\u0001\\u2028\"");
    }

    @Test
    void buildsAFrameFieldByFieldAndSkipsNullStringsAndRaws() {
        String text = JsonText.op("test").str("s", "a\"b").num("n", -5).bool("b", true).raw("r", "[1,{\"x\":null}]")
                .str("absent", null).raw("alsoAbsent", null).toString();
        JsonObject f = object(text);
        assertThat(f.getString("op")).isEqualTo("test");
        assertThat(f.getString("s")).isEqualTo("a\"b");
        assertThat(f.getInt("n")).isEqualTo(-5);
        assertThat(f.getBoolean("b")).isTrue();
        assertThat(f.getJsonArray("r")).hasSize(2);
        assertThat(f).doesNotContainKeys("absent", "alsoAbsent");
    }

    @Test
    void withSeqClosesAnOpenFrame() {
        String open = JsonText.op("msg").str("ch", "/a").open();
        assertThat(JsonText.withSeq(open, 42)).isEqualTo("{\"op\":\"msg\",\"ch\":\"/a\",\"seq\":42}");
    }

    @Test
    void errorWithoutIdHasNeitherIdNorSeq() {
        JsonObject f = object(ServerFrames.error(ErrorCode.BAD_JSON, "bad \"input\"\n here"));
        assertThat(f.getString("op")).isEqualTo("error");
        assertThat(f).doesNotContainKeys("id", "seq");
        assertThat(f.getJsonObject("error").getString("code")).isEqualTo("bad_json");
        assertThat(f.getJsonObject("error").getString("message")).isEqualTo("bad \"input\"\n here");
    }

    @Test
    void errorAnsweringAnIdCarriesTheIdTextAndTheSeq() {
        JsonObject f = object(JsonText.withSeq(ServerFrames.errorOpen("\"p1\"", ErrorCode.FORBIDDEN, "no"), 3));
        assertThat(f.getString("id")).isEqualTo("p1");
        assertThat(f.getInt("seq")).isEqualTo(3);
        assertThat(f.getJsonObject("error").getString("code")).isEqualTo("forbidden");
    }

    @Test
    void seqGapStandsAtItsLastSeq() {
        assertThat(ServerFrames.seqGap(4, 9)).isEqualTo("{\"op\":\"gap\",\"from\":4,\"to\":9,\"seq\":9}");
    }

    @Test
    void okPongAndHistoryFrames() {
        assertThat(ServerFrames.ok("7")).isEqualTo("{\"op\":\"ok\",\"id\":7}");
        assertThat(ServerFrames.okOffset("\"a\"", 12)).isEqualTo("{\"op\":\"ok\",\"id\":\"a\",\"off\":12}");
        assertThat(ServerFrames.okSub("1", "ep", 3)).isEqualTo("{\"op\":\"ok\",\"id\":1,\"epoch\":\"ep\",\"off\":3}");
        assertThat(ServerFrames.pong(null)).isEqualTo("{\"op\":\"pong\"}");
        assertThat(JsonText.withSeq(ServerFrames.historyGapOpen("/a", 2, 5), 1))
                .isEqualTo("{\"op\":\"gap\",\"ch\":\"/a\",\"from\":2,\"to\":5,\"seq\":1}");
        JsonObject epochGap = object(JsonText.withSeq(ServerFrames.epochGapOpen("ep"), 1));
        assertThat(epochGap.getString("epoch")).isEqualTo("ep");
        assertThat(epochGap).doesNotContainKeys("ch", "from", "to");
    }

    @Test
    void aSinceGapIsOneFrameForSessionsAndStreamsAndItsRangeForAChannelOfItsOwn() {
        Gap lost = Gap.lost("/a/b", 42, 97);
        Gap epoch = Gap.epochChanged("ep");
        assertThat(ServerFrames.gap(lost)).isEqualTo("{\"op\":\"gap\",\"ch\":\"/a/b\",\"from\":42,\"to\":97}");
        assertThat(ServerFrames.gap(epoch)).isEqualTo("{\"op\":\"gap\",\"epoch\":\"ep\"}");
        assertThat(ServerFrames.gapOpen(lost) + "}").isEqualTo(ServerFrames.gap(lost));
        assertThat(ServerFrames.channelGap(lost)).isEqualTo("{\"from\":42,\"to\":97}");
        assertThat(ServerFrames.channelGap(epoch)).isEqualTo("{\"epoch\":\"ep\"}");
        assertThat(JsonText.object().toString()).isEqualTo("{}");
    }
}
