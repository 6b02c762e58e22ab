package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameSizeTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "😀", "a€😀é"})
    void theLimitIsExactInUtf8Bytes(String unit) {
        String text = unit.repeat(1000);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertThat(FrameSize.over(text, bytes)).isFalse();
        assertThat(FrameSize.over(text, bytes - 1)).isTrue();
    }
}
