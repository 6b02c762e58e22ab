package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.Message;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void aMessageIsOneJsonLineWithItsFourFields() {
        String line = JsonText.line(new Message("/sensors/kitchen/temp", Json.createValue(21.5), 17, "kitchen", 3));
        assertThat(line).isEqualTo("{\"ch\":\"/sensors/kitchen/temp\",\"data\":21.5,\"off\":17,\"from\":\"kitchen\"}");
        assertThat(line).doesNotContain("\n");
        JsonObject noFrom = (JsonObject) JsonText.parse(JsonText.line(new Message("/a", JsonText.parse("{\"t\":\"x\\ny\"}"), 1, null, 1)));
        assertThat(noFrom.get("from")).isEqualTo(JsonValue.NULL);
        assertThat(noFrom.getJsonObject("data").getString("t")).isEqualTo("x\ny");
        assertThat(JsonText.line(new Message("/a", null, 2, null, 2))).contains("\"data\":null");
    }

    @Test
    void documentLines() {
        JsonObject doc = (JsonObject) JsonText.parse("{\"n\":2}");
        assertThat(JsonText.documentLine("/state/a", 1, null, doc)).isEqualTo("{\"ch\":\"/state/a\",\"rev\":1,\"data\":{\"n\":2}}");
        assertThat(JsonText.documentLine("/state/a", 2, JsonText.parse("[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}]"), doc))
                .isEqualTo("{\"ch\":\"/state/a\",\"rev\":2,\"ops\":[{\"op\":\"replace\",\"path\":\"/n\",\"value\":2}],\"data\":{\"n\":2}}");
    }

    @Test
    void parsingIsStrict() {
        assertThat(JsonText.parse(" 42 ")).isEqualTo(Json.createValue(42));
        assertThat(JsonText.parse("\"s\"")).isEqualTo(Json.createValue("s"));
        assertThat(JsonText.parse("null")).isEqualTo(JsonValue.NULL);
        for (String bad : new String[]{"", "hello", "1 2", "{\"a\":1}\n{\"b\":2}", "[1,", "nul"}) {
            assertThatThrownBy(() -> JsonText.parse(bad)).as(bad).isInstanceOf(JsonException.class);
        }
        assertThat(JsonText.parseOrString("hello")).isEqualTo(Json.createValue("hello"));
    }
}
