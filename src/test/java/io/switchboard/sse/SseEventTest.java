package io.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SseEventTest {

    @Test
    void anEventHasItsFieldsInOrderAndEndsWithABlankLine() {
        assertThat(SseEvent.of("e1:7", "msg", "{\"op\":\"msg\"}").toString())
                .isEqualTo("id: e1:7\nevent: msg\ndata: {\"op\":\"msg\"}\n\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a\\nb|data: a\\ndata: b\\n\\n",
            "a\\r\\nb|data: a\\ndata: b\\n\\n",
            "a\\rb|data: a\\ndata: b\\n\\n",
            "a\\n\\nb|data: a\\ndata: \\ndata: b\\n\\n",
            "a\\n|data: a\\ndata: \\n\\n",
            "\\r\\n\\r|data: \\ndata: \\ndata: \\n\\n"})
    void everyLineOfTheDataIsADataLine(String data, String framed) {
        assertThat(SseEvent.of(null, null, unescape(data)).toString()).isEqualTo(unescape(framed));
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertThat(SseEvent.of(null, "x", "").toString()).isEqualTo("event: x\ndata: \n\n");
    }

    @Test
    void anIdWithoutDataIsAPositionTheBrowserDoesNotDispatch() {
        SseEvent marker = SseEvent.of("e1:9", null, null);
        assertThat(marker.toString()).isEqualTo("id: e1:9\n\n");
        assertThat(marker.dispatched()).isFalse();
        assertThat(SseEvent.of(null, null, "1").dispatched()).isTrue();
    }

    @Test
    void commentsAndRetryAreFramedAndNotCountedAsEvents() {
        assertThat(SseEvent.comment("hb").toString()).isEqualTo(": hb\n\n");
        assertThat(SseEvent.comment("two\nlines").toString()).isEqualTo(": two\n: lines\n\n");
        assertThat(SseEvent.retry(2500).toString()).isEqualTo("retry: 2500\n\n");
        assertThat(SseEvent.comment("hb").dispatched()).isFalse();
        assertThat(SseEvent.retry(1).dispatched()).isFalse();
    }

    @Test
    void sizeIsTheUtf8Length() {
        assertThat(SseEvent.of(null, null, "é").size()).isEqualTo("data: é\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isEqualTo(10);
    }

    @Test
    void fieldsThatWouldBreakTheFramingAreRefused() {
        assertThatThrownBy(() -> SseEvent.of("a\nb", null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseEvent.of(null, "a\rb", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseEvent.of("a\0", null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseEvent.of(null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseEvent.retry(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r");
    }
}
