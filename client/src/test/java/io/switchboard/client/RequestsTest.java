package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private final Requests requests = new Requests();
    private final List<JsonObject> unanswered = new ArrayList<>();

    @Test
    void idsAreFreshAndPendingFramesAreResentInOrder() {
        String a = requests.nextId();
        String b = requests.nextId();
        assertThat(a).isNotEqualTo(b);
        requests.add(a, null, "A", new CompletableFuture<>());
        requests.add(b, "sub /x", "B", new CompletableFuture<>());
        assertThat(requests.frames()).containsExactly("A", "B");
        requests.addUnlessPending("sub /x", id -> "again");
        requests.addUnlessPending("sub /y", id -> "Y");
        assertThat(requests.frames()).containsExactly("A", "B", "Y");
    }

    @Test
    void anOkCompletesAndAnErrorFailsWithItsCode() throws Exception {
        CompletableFuture<JsonObject> ok = new CompletableFuture<>();
        CompletableFuture<JsonObject> failed = new CompletableFuture<>();
        requests.add("1", null, "x", ok);
        requests.add("2", null, "y", failed);
        requests.answered(FakeHub.parse("{\"op\":\"result\",\"id\":\"1\",\"data\":5,\"seq\":3}"), null, unanswered::add);
        assertThat(ok.get().getInt("data")).isEqualTo(5);
        JsonObject error = FakeHub.parse("{\"op\":\"error\",\"id\":\"2\",\"seq\":4,\"error\":{\"code\":\"no_callee\",\"message\":\"none\"}}");
        requests.answered(error, error.getJsonObject("error"), unanswered::add);
        Assertions.assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HubException.class)
                .satisfies(t -> assertThat(((HubException) t).code()).isEqualTo("no_callee"))
                .satisfies(t -> assertThat(((HubException) t).detail()).isEqualTo("none"));
        assertThat(requests.frames()).isEmpty();
        assertThat(unanswered).isEmpty();
    }

    @Test
    void anErrorWithoutIdIsUnanswered() {
        JsonObject error = FakeHub.parse("{\"op\":\"error\",\"error\":{\"code\":\"bad_json\",\"message\":\"?\"}}");
        requests.answered(error, error.getJsonObject("error"), unanswered::add);
        assertThat(unanswered).extracting(e -> e.getString("code")).containsExactly("bad_json");
    }

    @Test
    void expireFailsOnlyWhatIsStillPending() {
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        requests.add("1", null, "x", f);
        requests.expire("1", new HubException("timeout", "late"));
        assertThat(f).isCompletedExceptionally();
        requests.expire("1", new HubException("timeout", "again"));
        assertThat(requests.frames()).isEmpty();
    }
}
