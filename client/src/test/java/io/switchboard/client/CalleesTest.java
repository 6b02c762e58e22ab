package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CalleesTest {
    private final FakeHub hub = new FakeHub();
    private final Callees callees = new Callees(hub);

    private static JsonObject invoke(String id, String ch, String data) {
        return FakeHub.parse("{\"op\":\"invoke\",\"id\":\"" + id + "\",\"ch\":\"" + ch + "\",\"data\":" + data + ",\"seq\":1}");
    }

    @Test
    void registersAndYieldsTheResult() {
        callees.register("/rpc/**", inv -> CompletableFuture.completedFuture(
                Json.createValue(inv.channel() + ":" + inv.data())));
        assertThat(hub.requestOps()).containsExactly("register /rpc/**");
        callees.invoke(invoke("i1", "/rpc/echo", "[1,2]"));
        assertThat(hub.sent).hasSize(1);
        JsonObject y = hub.sent.get(0);
        assertThat(y.getString("op")).isEqualTo("yield");
        assertThat(y.getString("id")).isEqualTo("i1");
        assertThat(y.getString("data")).isEqualTo("/rpc/echo:[1,2]");
    }

    @Test
    void aCalleeThatThrowsYieldsAnError() {
        callees.register("/rpc/fail", inv -> {
            throw new IllegalArgumentException("bad input");
        });
        callees.invoke(invoke("i1", "/rpc/fail", "null"));
        assertThat(hub.sent.get(0).getJsonObject("error").getString("message")).isEqualTo("bad input");
        assertThat(hub.sent.get(0)).doesNotContainKey("data");
    }

    @Test
    void aFailedStageYieldsAnErrorWithTheHubExceptionsCode() {
        callees.register("/rpc/fail", inv -> CompletableFuture.failedFuture(new HubException("busy", "try later")));
        callees.invoke(invoke("i1", "/rpc/fail", "null"));
        JsonObject error = hub.sent.get(0).getJsonObject("error");
        assertThat(error.getString("message")).isEqualTo("try later");
        assertThat(error.getString("code")).isEqualTo("busy");
    }

    @Test
    void aLaterAnswerIsYieldedWhenItComes() {
        CompletableFuture<JsonValue> later = new CompletableFuture<>();
        callees.register("/rpc/slow", inv -> later);
        callees.invoke(invoke("i1", "/rpc/slow", "1"));
        assertThat(hub.sent).isEmpty();
        later.complete(null);
        assertThat(hub.sent.get(0).get("data")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void theFirstMatchingRegistrationAnswers() {
        callees.register("/rpc/a/*", inv -> CompletableFuture.completedFuture(Json.createValue("first")));
        callees.register("/rpc/**", inv -> CompletableFuture.completedFuture(Json.createValue("second")));
        callees.invoke(invoke("i1", "/rpc/a/x", "1"));
        callees.invoke(invoke("i2", "/rpc/b", "1"));
        assertThat(hub.sent).extracting(f -> f.getString("data")).containsExactly("first", "second");
    }

    @Test
    void anInvokeNoRegistrationMatchesIsAnError() {
        callees.register("/rpc/a", inv -> CompletableFuture.completedFuture(JsonValue.TRUE));
        callees.unregister("/rpc/a");
        callees.invoke(invoke("i1", "/rpc/a", "1"));
        assertThat(hub.sent.get(0).getJsonObject("error").getString("message")).contains("/rpc/a");
        assertThat(hub.requestOps()).containsExactly("register /rpc/a", "unregister /rpc/a");
        assertThat(callees.restore()).isEmpty();
    }

    @Test
    void yieldsAreKeptUntilAPongConfirmsThem() {
        callees.register("/rpc/x", inv -> CompletableFuture.completedFuture(JsonValue.TRUE));
        callees.invoke(invoke("i1", "/rpc/x", "1"));
        callees.invoke(invoke("i2", "/rpc/x", "1"));
        assertThat(callees.unconfirmed()).isEqualTo(2);
        callees.confirm();
        assertThat(hub.sentOps()).containsExactly("yield i1", "yield i2", "ping yields-2");
        callees.confirm(); // nothing new: no second ping
        assertThat(hub.sent).hasSize(3);
        callees.invoke(invoke("i3", "/rpc/x", "1"));
        callees.pong(FakeHub.parse("{\"op\":\"pong\",\"id\":\"yields-2\"}"));
        assertThat(callees.unconfirmed()).isEqualTo(1);
        callees.pong(FakeHub.parse("{\"op\":\"pong\",\"id\":\"someone-else\"}"));
        assertThat(callees.unconfirmed()).isEqualTo(1);
    }

    @Test
    void unconfirmedYieldsGoAgainAfterAResumeAndAreDroppedWithTheSession() {
        callees.register("/rpc/x", inv -> CompletableFuture.completedFuture(JsonValue.TRUE));
        callees.invoke(invoke("i1", "/rpc/x", "1"));
        hub.welcomed = false;
        callees.invoke(invoke("i2", "/rpc/x", "1")); // answered while offline
        assertThat(hub.sentOps()).containsExactly("yield i1");
        hub.welcomed = true;
        callees.welcomed(true);
        assertThat(hub.sentOps()).containsExactly("yield i1", "yield i1", "yield i2");
        callees.confirm();
        assertThat(hub.sentOps()).last().isEqualTo("ping yields-2");
        callees.welcomed(false);
        assertThat(callees.unconfirmed()).isZero();
    }

    @Test
    void restoreRegistersEveryPatternAgain() {
        callees.register("/a", inv -> null);
        callees.register("/b/**", inv -> null);
        assertThat(callees.restore()).containsOnlyKeys("register /a", "register /b/**");
        assertThat(FakeHub.parse(callees.restore().get("register /b/**").apply("id9")).getString("ch")).isEqualTo("/b/**");
    }

    @Test
    void aNullStageYieldsNull() {
        callees.register("/a", inv -> null);
        callees.invoke(invoke("i1", "/a", "1"));
        assertThat(hub.sent.get(0).get("data")).isEqualTo(JsonValue.NULL);
    }
}
