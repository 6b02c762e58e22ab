package io.switchboard.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelPatternTest {

    /** pattern, channel, expected. Shared with PatternTrieTest, so both matchers face the same rules. */
    private static final String MATCH_TABLE = """
            /a/b            /a/b            true
            /a/b            /a/b/c          false
            /a/b/c          /a/b            false
            /a              /b              false
            /*              /a              true
            /*              /a/b            false
            /a/*            /a              false
            /a/*            /a/b            true
            /a/*            /a/b/c          false
            /*/b            /a/b            true
            /*/*            /a/b            true
            /a/**           /a              true
            /a/**           /a/b/c          true
            /a/**           /b              false
            /a/**           /ab             false
            /**/temp        /temp           true
            /**/temp        /x/y/temp       true
            /**/temp        /x/temp/y       false
            /**             /a              true
            /**             /a/b/c/d/e/f/g  true
            /**/**          /a/b            true
            /a/**/b         /a/b            true
            /a/**/b         /a/x/y/b        true
            /a/**/b         /a/b/c          false
            /a/**/b/**      /a/b            true
            /a/**/b/**      /a/x/b/y/z      true
            /a/**/b/**      /a/x/c          false
            /**/a/**        /b/a/a/c        true
            /**/*/**        /a              true
            /*/**           /a              true
            /**/*           /a/b            true
            /x/a*b          /x/a*b          true
            /x/a*b          /x/axb          false
            /x/a*b          /x/ab           false
            /**x            /**x            true
            /**x            /ax             false
            /x**            /xa             false
            /***            /a              false
            /**             /$sys/presence  false
            /*/presence     /$sys/presence  false
            /*              /$sys           false
            /**/presence    /$sys/presence  false
            /$sys/**        /$sys/presence  true
            /$sys/**        /$sys           true
            /$sys/*         /$sys/presence  true
            /$sys/*         /$sys/a/b       false
            /$sys/presence  /$sys/presence  true
            /$sys/**        /sys/presence   false
            /sys/**         /$sys/presence  false
            """;

    static Stream<Arguments> matchTable() {
        return MATCH_TABLE.lines().map(String::trim).filter(l -> !l.isEmpty()).map(line -> {
            String[] f = line.split("\\s+");
            return Arguments.of(f[0], f[1], Boolean.parseBoolean(f[2]));
        });
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("matchTable")
    void matches(String pattern, String channel, boolean expected) throws BadChannelException {
        assertThat(ChannelPattern.parse(pattern).matches(ChannelPath.parse(channel))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} wildcard={1}")
    @CsvSource({"/a/b, false", "/a/*, true", "/**, true", "/a/**/b, true", "/a*b, false", "/**x, false"})
    void knowsWildcards(String raw, boolean wildcard) throws BadChannelException {
        assertThat(ChannelPattern.parse(raw).isWildcard()).isEqualTo(wildcard);
    }

    @Test
    void normalisesLikeAChannel() throws BadChannelException {
        ChannelPattern pattern = ChannelPattern.parse("a//*/**/");
        assertThat(pattern.value()).isEqualTo("/a/*/**");
        assertThat(pattern.segments()).containsExactly("a", "*", "**");
        assertThat(pattern).isEqualTo(ChannelPattern.parse("/a/*/**")).hasToString("/a/*/**");
    }

    @Test
    void rejectsWhatAChannelRejectsExceptWildcards() {
        for (String bad : new String[] {"/", "", "/a b", "/a/$b", "/$", "/x".repeat(17), "/*$"}) {
            assertThatThrownBy(() -> ChannelPattern.parse(bad)).as(bad).isInstanceOf(BadChannelException.class);
        }
        assertThatThrownBy(() -> ChannelPattern.parse(null)).isInstanceOf(BadChannelException.class);
    }

    @Test
    void convertsToAndFromExactPaths() throws BadChannelException {
        ChannelPath path = ChannelPath.parse("/a/b*c");
        ChannelPattern exact = ChannelPattern.of(path);
        assertThat(exact.isWildcard()).isFalse();
        assertThat(exact).isEqualTo(ChannelPattern.parse("/a/b*c"));
        assertThat(exact.toPath()).isEqualTo(path);
        assertThat(exact.matches(path)).isTrue();
    }

    @Test
    void wildcardPatternIsNoPath() throws BadChannelException {
        ChannelPattern pattern = ChannelPattern.parse("/a/*");
        assertThatThrownBy(pattern::toPath).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void systemPatternsNeedTheDollarFirst() throws BadChannelException {
        assertThat(ChannelPattern.parse("/$sys/*").segment(0)).isEqualTo("$sys");
        assertThatThrownBy(() -> ChannelPattern.parse("/*/$sys")).isInstanceOf(BadChannelException.class);
    }
}
