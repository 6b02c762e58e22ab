package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebOriginsTest {
    private final WebOrigins web = new WebOrigins(Set.of("hub.example"), Set.of("https://app.example"));

    @ParameterizedTest
    @CsvSource({
            "localhost:8080, true", "127.0.0.1, true", "[::1]:8080, true", "HUB.example:443, true",
            "evil.example, false", "evil.example:8080, false", "localhost.evil.example, false", "192.168.1.9:8080, false"})
    void hostsAreLoopbackAndConfiguredNames(String host, boolean allowed) {
        assertThat(web.hostAllowed(host)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8080, localhost:8080, true",
            "https://app.example, localhost:8080, true",
            "http://hub.example, hub.example, true",
            "http://evil.example, localhost:8080, false",
            "http://localhost:9999, localhost:8080, false",
            "null, localhost:8080, false",
            "https://app.example.evil, localhost:8080, false"})
    void originsAreListedOrTheHubsOwn(String origin, String host, boolean allowed) {
        assertThat(web.originAllowed(origin, host)).isEqualTo(allowed);
    }
}
