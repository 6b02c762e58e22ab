package io.switchboard.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    private static final String NOT_UTF8 = "<not utf-8>";
    private final List<String> lines = new ArrayList<>();

    private boolean feed(LineFramer framer, String text) {
        return feed(framer, text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean feed(LineFramer framer, byte[] bytes) {
        return framer.feed(ByteBuffer.wrap(bytes), lines::add, () -> lines.add(NOT_UTF8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "newline      | a\\nb\\n       | a,b",
            "nul          | a\\0b\\0       | a,b",
            "mixed        | a\\nb\\0c\\n   | a,b,c",
            "crlf         | a\\r\\nb\\r\\n | a,b",
            "blank lines  | \\n\\na\\n \\n\\r\\n\\t\\nb\\n | a,b",
            "no end yet   | a\\nbc         | a",
    })
    void splitsLines(String name, String input, String expected) {
        LineFramer framer = new LineFramer(100);
        String text = input.replace("\\n", "\n").replace("\\0", "\0").replace("\\r", "\r").replace("\\t", "\t");
        assertThat(feed(framer, text)).isTrue();
        assertThat(lines).containsExactly(expected.split(","));
    }

    @Test
    void keepsAPartialLineUntilItEnds() {
        LineFramer framer = new LineFramer(100);
        feed(framer, "{\"op\":");
        assertThat(lines).isEmpty();
        assertThat(framer.pendingBytes()).isEqualTo(6);
        feed(framer, "\"ping\"}");
        feed(framer, "\n{\"op\"");
        assertThat(lines).containsExactly("{\"op\":\"ping\"}");
        feed(framer, ":\"bye\"}\0");
        assertThat(lines).containsExactly("{\"op\":\"ping\"}", "{\"op\":\"bye\"}");
        assertThat(framer.pendingBytes()).isZero();
    }

    @Test
    void aLineThatIsNotUtf8IsReportedInItsPlace() {
        LineFramer framer = new LineFramer(100);
        feed(framer, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"', '\n', '1', '\n'});
        assertThat(lines).containsExactly(NOT_UTF8, "1");
    }

    @Test
    void aUtf8CharacterSplitAcrossReadsArrivesWhole() {
        byte[] bytes = "{\"t\":\"é€😀\"}\n".getBytes(StandardCharsets.UTF_8);
        LineFramer framer = new LineFramer(100);
        for (byte b : bytes) {
            feed(framer, new byte[] {b});
        }
        assertThat(lines).containsExactly("{\"t\":\"é€😀\"}");
    }

    @Test
    void anyCutOfAStreamGivesTheSameLines() {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String line = "{\"n\":" + i + ",\"pad\":\"" + "ü".repeat(random.nextInt(300)) + "\"}";
            expected.add(line);
            sb.append(line).append(random.nextBoolean() ? "\n" : "\0");
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        LineFramer framer = new LineFramer(1000);
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + random.nextInt(700));
            assertThat(framer.feed(ByteBuffer.wrap(all, at, n), lines::add, () -> lines.add(NOT_UTF8))).isTrue();
            at += n;
        }
        assertThat(lines).isEqualTo(expected);
    }

    @Test
    void aLineAtTheLimitPassesOneByteMoreDoesNot() {
        LineFramer framer = new LineFramer(10);
        assertThat(feed(framer, "x".repeat(10) + "\n")).isTrue();
        assertThat(lines).containsExactly("x".repeat(10));
        assertThat(feed(framer, "y".repeat(11) + "\n")).isFalse();
        assertThat(lines).hasSize(1);
    }

    @Test
    void anOverLongLineIsNoticedBeforeItsEndArrives() {
        LineFramer framer = new LineFramer(1000);
        assertThat(feed(framer, "ok\n" + "z".repeat(600))).isTrue();
        assertThat(feed(framer, "z".repeat(600))).isFalse();
        assertThat(lines).containsExactly("ok");
    }

    @Test
    void linesBeforeTheOverLongOneInTheSameReadAreHandedOver() {
        LineFramer framer = new LineFramer(5);
        assertThat(feed(framer, "a\nb\n123456789\nc\n")).isFalse();
        assertThat(lines).containsExactly("a", "b");
    }
}
