package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.spi.JsonProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {
    private final JsonInput input = new JsonInput(JsonProvider.provider(), 8, 20);

    static Stream<String> refused() {
        return Stream.of(
                "",
                "   ",
                "{\"op\":\"pub\"",
                "{\"op\":\"pub\"} trailing",
                "{\"a\":1}{\"b\":2}",
                "[".repeat(5000) + "]".repeat(5000),
                "[".repeat(9) + "]".repeat(9),
                "{\"a\":" + "{\"b\":".repeat(8) + "1" + "}".repeat(9),
                "1" + "0".repeat(5000),
                "123456789012345678901",
                "1e999999999",
                "-1.5E+12345",
                "{\"a\":\u0000}",
                "\u0000",
                "{\"a\":tru}",
                "{'a':1}",
                "{\"a\":1,}",
                "\"unterminated");
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedTextIsBadJson(String text) {
        assertThatThrownBy(() -> input.value(text))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"pub\",\"ch\":\"/a\",\"data\":[1,2,3]}",
            "[[[[[[[[]]]]]]]]",
            "12345678901234567890",
            "-1.5e+123",
            "true", "false", "null",
            "\"[[[[[[[[[[[[ 1e999999999 99999999999999999999999\"",
            "\"a \\\" [[[[[[[[[[ quote\"",
            "{\"a\":\"\\u0000\"}"})
    void acceptedTextIsItsValue(String text) throws ProtocolException {
        assertThat(input.compact(text)).isEqualTo(JsonProvider.provider()
                .createReader(new java.io.StringReader(text)).readValue().toString());
    }

    @Test
    void depthIsCountedExactly() throws ProtocolException {
        String eight = "[".repeat(8) + "]".repeat(8);
        assertThat(input.compact(eight)).isEqualTo(eight);
        assertThatThrownBy(() -> input.value("[" + eight + "]")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void defaultsStayUnderTheParsersOwnLimits() {
        JsonInput defaults = JsonInput.defaults(JsonProvider.provider());
        assertThatThrownBy(() -> defaults.value("{\"d\":" + "[".repeat(1001) + "]".repeat(1001) + "}"))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code()).isEqualTo(ErrorCode.BAD_JSON);
    }
}
