package io.switchboard.hub;

import static io.switchboard.hub.HubFixture.errorCode;
import static io.switchboard.hub.HubFixture.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.hub.HubFixture.Client;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hello's client id and name: 1-64 of A-Z a-z 0-9 - _ . ~ : @, as the docs and the browser library say. */
class HelloNamesTest {
    private final HubFixture fx = new HubFixture();

    @ParameterizedTest
    @ValueSource(strings = {"kitchen", "dev-1", "a.b~c:d@e_f", "X"})
    void aPlainNameIsWelcomed(String name) {
        Client c = fx.connect();
        c.send("{'op':'hello','client':'" + name + "','name':'" + name + "'}");

        assertThat(op(c.takeOne())).isEqualTo("welcome");
    }

    /** Refused like any bad first frame: an anonymous session is welcomed, then the error says why. */
    @ParameterizedTest
    @ValueSource(strings = {"a*b", "*", "**", "a/b", "a b", "$sys", ""})
    void anythingElseIsABadFrame(String name) {
        for (String field : new String[] {"client", "name"}) {
            Client c = fx.connect();
            c.send("{'op':'hello','" + field + "':'" + name + "'}");

            List<JsonObject> answers = c.take();
            assertThat(answers).as(field + " '" + name + "'").hasSize(2);
            assertThat(answers.get(0).getString(field, null)).as("the welcome").isNotEqualTo(name);
            assertThat(errorCode(answers.get(1))).as(field + " '" + name + "'").isEqualTo("bad_frame");
        }
    }
}
