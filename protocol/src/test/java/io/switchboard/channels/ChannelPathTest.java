package io.switchboard.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class ChannelPathTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /sensors/kitchen/temp | /sensors/kitchen/temp
            sensors//kitchen/     | /sensors/kitchen
            /a/                   | /a
            a                     | /a
            //a///b//             | /a/b
            /a*b                  | /a*b
            /**x/x**/***          | /**x/x**/***
            /$sys/presence        | /$sys/presence
            /$*                   | /$*
            /A-Z_a.z~0:9@x        | /A-Z_a.z~0:9@x
            """)
    void normalises(String raw, String canonical) throws BadChannelException {
        ChannelPath path = ChannelPath.parse(raw);
        assertThat(path.value()).isEqualTo(canonical);
        assertThat(path.toString()).isEqualTo(canonical);
        assertThat(path).isEqualTo(ChannelPath.parse(canonical));
    }

    @Test
    void splitsIntoImmutableSegments() throws BadChannelException {
        ChannelPath path = ChannelPath.parse("sensors//kitchen/temp");
        assertThat(path.segments()).containsExactly("sensors", "kitchen", "temp");
        assertThat(path.depth()).isEqualTo(3);
        assertThat(path.segment(1)).isEqualTo("kitchen");
        assertThatThrownBy(() -> path.segments().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorCopiesSegments() {
        List<String> segments = new java.util.ArrayList<>(List.of("a"));
        ChannelPath path = new ChannelPath("/a", segments);
        segments.add("b");
        assertThat(path.segments()).containsExactly("a");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("/", "no segments"),
                Arguments.of("///", "no segments"),
                Arguments.of("/a b", "'a b' has a character outside A-Z a-z 0-9 - _ . ~ : @ *"),
                Arguments.of("/a#", "character outside"),
                Arguments.of("/a+", "character outside"),
                Arguments.of("/a\\b", "character outside"),
                Arguments.of("/caf\u00e9", "'caf\\u00e9' has a character outside"),
                Arguments.of("/a\nb", "'a\\u000ab'"),
                Arguments.of("/a/$b", "'$b' has '$' in the wrong place"),
                Arguments.of("/a$b", "'a$b' has '$' in the wrong place"),
                Arguments.of("/$a$", "'$a$' has '$' in the wrong place"),
                Arguments.of("/$$/a", "'$$' has '$' in the wrong place"),
                Arguments.of("/$", "'$' needs a name"),
                Arguments.of("/$/a", "'$' needs a name"),
                Arguments.of("/" + "x".repeat(65), "65 characters long; at most 64"),
                Arguments.of("/x".repeat(17), "more than 16 segments"),
                Arguments.of(longChannel(257), "longer than 256 characters"),
                Arguments.of("/a/*", "'*' is a wildcard; wildcards are not allowed here"),
                Arguments.of("/**", "'**' is a wildcard; wildcards are not allowed here"),
                Arguments.of("*/a", "wildcards are not allowed here"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("rejected")
    void rejects(String raw, String message) {
        assertThatThrownBy(() -> ChannelPath.parse(raw))
                .isInstanceOf(BadChannelException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsNullAndEmpty(String raw) {
        assertThatThrownBy(() -> ChannelPath.parse(raw)).isInstanceOf(BadChannelException.class);
    }

    @Test
    void slashIsTheSeparatorNeverPartOfASegment() throws BadChannelException {
        assertThat(ChannelPath.parse("a/b").segments()).containsExactly("a", "b");
    }

    @Test
    void acceptsTheLimits() throws BadChannelException {
        assertThat(ChannelPath.parse("/" + "x".repeat(64)).segment(0)).hasSize(64);
        assertThat(ChannelPath.parse("/x".repeat(16)).depth()).isEqualTo(16);
        assertThat(ChannelPath.parse(longChannel(256)).value()).hasSize(256);
        assertThat(ChannelPath.parse("//" + longChannel(256) + "//").value()).hasSize(256);
    }

    /** A canonical channel of exactly {@code length} characters in at most 16 segments of at most 64. */
    private static String longChannel(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int segment = Math.min(64, length - sb.length() - 1);
            sb.append('/').append("y".repeat(Math.max(segment, 1)));
        }
        assertThat(sb).hasSize(length);
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} system={1}")
    @CsvSource({"/$sys/presence, true", "/$a, true", "$sys, true", "/sys/presence, false", "/a/b, false"})
    void knowsSystemChannels(String raw, boolean system) throws BadChannelException {
        assertThat(ChannelPath.parse(raw).isSystem()).isEqualTo(system);
    }

    @Test
    void parent() throws BadChannelException {
        ChannelPath path = ChannelPath.parse("/a/b/c");
        assertThat(path.parent()).isEqualTo(ChannelPath.parse("/a/b"));
        assertThat(path.parent().parent()).isEqualTo(ChannelPath.parse("/a"));
        assertThat(path.parent().parent().parent()).isNull();
    }

    @ParameterizedTest(name = "{0} startsWith {1} = {2}")
    @CsvSource({
        "/a/b/c, /a/b/c, true",
        "/a/b/c, /a/b, true",
        "/a/b/c, /a, true",
        "/a/b/c, /a/b/c/d, false",
        "/ab/c, /a, false",
        "/a/bc, /a/b, false",
        "/a/b, /b, false",
    })
    void startsWith(String path, String prefix, boolean expected) throws BadChannelException {
        assertThat(ChannelPath.parse(path).startsWith(ChannelPath.parse(prefix))).isEqualTo(expected);
    }
}
