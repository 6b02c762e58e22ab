package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "/a/b, /a/b, true",
            "/a/b, /a/c, false",
            "/a/b, /a/b/c, false",
            "/a/*, /a/b, true",
            "/a/*, /a, false",
            "/a/*, /a/b/c, false",
            "/a/**, /a, true",
            "/a/**, /a/b/c, true",
            "/a/**, /ab, false",
            "/**/temp, /temp, true",
            "/**/temp, /x/y/temp, true",
            "/**/temp, /x/y/temp/z, false",
            "/**, /anything/at/all, true",
            "/*/b/**, /a/b, true",
            "/*/b/**, /a/c/b, false",
            "/x/a*b, /x/a*b, true",
            "/x/a*b, /x/aXb, false",
            "/x/**y, /x/**y, true",
            "/x/**y, /x/ay, false",
    })
    void matches(String pattern, String channel, boolean expected) {
        assertThat(new Pattern(pattern).matches(channel)).isEqualTo(expected);
    }

    @Test
    void aWildcardFirstNeverMatchesSystemChannels() {
        assertThat(new Pattern("/**").matches("/$sys/presence")).isFalse();
        assertThat(new Pattern("/*/presence").matches("/$sys/presence")).isFalse();
        assertThat(new Pattern("/$sys/**").matches("/$sys/presence")).isTrue();
        assertThat(new Pattern("/$sys/presence").matches("/$sys/presence")).isTrue();
    }

    @Test
    void inputIsNormalised() {
        assertThat(new Pattern("/a//b/").matches("/a/b")).isTrue();
        assertThat(new Pattern("/a/b").matches("a//b/")).isTrue();
    }
}
