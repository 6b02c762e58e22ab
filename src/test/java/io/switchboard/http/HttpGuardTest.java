package io.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpGuardTest {

    @ParameterizedTest
    @CsvSource({"application/json, true", "application/json; charset=utf-8, true", "Application/JSON, true",
            "application/merge-patch+json, true", "text/plain, false", "application/x-www-form-urlencoded, false",
            "multipart/form-data; boundary=x, false"})
    void onlyJsonBodiesPass(String type, boolean json) {
        assertThat(HttpGuard.isJson(type)).isEqualTo(json);
    }
}
