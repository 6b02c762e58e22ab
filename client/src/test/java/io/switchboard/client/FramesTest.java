package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static JsonObject parse(String text) {
        try (var r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    @Test
    void readSplitsBatchedMessages() {
        assertThat(Frames.read("{\"op\":\"a\"}\n{\"op\":\"b\"}\n\n"))
                .extracting(f -> f.getString("op")).containsExactly("a", "b");
        assertThat(Frames.read("{\"op\":\"pong\"}")).hasSize(1);
    }

    @Test
    void historyCarriesOnlyWhatWasAsked() {
        JsonObject plain = parse(Frames.history("/a", "h1", null, null, false));
        assertThat(plain).containsOnlyKeys("op", "ch", "id");
        assertThat(plain.getString("op")).isEqualTo("history");
        JsonObject back = parse(Frames.history("/a", "h2", 40L, 25, true));
        assertThat(back.getJsonNumber("since").longValue()).isEqualTo(40);
        assertThat(back.getInt("limit")).isEqualTo(25);
        assertThat(back.getBoolean("reverse")).isTrue();
    }

    @Test
    void helloResumesOnlyAfterSomeSeq() {
        JsonObject fresh = parse(Frames.hello("c1", null, "service", null, 0));
        assertThat(fresh.getString("op")).isEqualTo("hello");
        assertThat(fresh.getString("client")).isEqualTo("c1");
        assertThat(fresh.getString("kind")).isEqualTo("service");
        assertThat(fresh.getBoolean("batch")).isTrue();
        assertThat(fresh).doesNotContainKeys("resume", "name", "token");
        JsonObject resume = parse(Frames.hello("c1", "n", null, "t", 42));
        assertThat(resume.getJsonObject("resume").getInt("seq")).isEqualTo(42);
        assertThat(resume.getString("name")).isEqualTo("n");
        assertThat(resume.getString("token")).isEqualTo("t");
    }

    @Test
    void subWithSince() {
        assertThat(parse(Frames.sub("/a/**", "1", null, null))).doesNotContainKey("since");
        assertThat(parse(Frames.sub("/a/**", "1", 7L, null)).getInt("since")).isEqualTo(7);
        JsonObject since = parse(Frames.sub("/a/**", "1", 7L, "e1")).getJsonObject("since");
        assertThat(since.getInt("off")).isEqualTo(7);
        assertThat(since.getString("epoch")).isEqualTo("e1");
    }

    @Test
    void pubCarriesRetainOnlyWhenAsked() {
        JsonObject plain = parse(Frames.pub("/a", Json.createValue(1), "i", false));
        assertThat(plain).doesNotContainKey("retain");
        assertThat(plain.getInt("data")).isEqualTo(1);
        assertThat(parse(Frames.pub("/a", JsonValue.NULL, "i", true)).getBoolean("retain")).isTrue();
    }

    @Test
    void call() {
        JsonObject noTimeout = parse(Frames.call("/rpc/add", Json.createArrayBuilder().add(1).add(2).build(), "c-1", null));
        assertThat(noTimeout.getString("op")).isEqualTo("call");
        assertThat(noTimeout.getString("ch")).isEqualTo("/rpc/add");
        assertThat(noTimeout.getString("id")).isEqualTo("c-1");
        assertThat(noTimeout.getJsonArray("data")).hasSize(2);
        assertThat(noTimeout).doesNotContainKey("timeout");
        assertThat(parse(Frames.call("/rpc/add", JsonValue.NULL, "c-2", 1500L)).getInt("timeout")).isEqualTo(1500);
    }

    @Test
    void registerAndYield() {
        JsonObject register = parse(Frames.register("/rpc/**", "r1"));
        assertThat(register.getString("op")).isEqualTo("register");
        assertThat(register.getString("ch")).isEqualTo("/rpc/**");
        assertThat(parse(Frames.unregister("/rpc/**", "r2")).getString("op")).isEqualTo("unregister");

        JsonObject data = parse(Frames.yieldData("inv-1", Json.createValue("x")));
        assertThat(data.getString("op")).isEqualTo("yield");
        assertThat(data.getString("id")).isEqualTo("inv-1");
        assertThat(data.getString("data")).isEqualTo("x");
        assertThat(data).doesNotContainKey("error");

        JsonObject error = parse(Frames.yieldError("inv-2", "boom", null));
        assertThat(error.getJsonObject("error").getString("message")).isEqualTo("boom");
        assertThat(error.getJsonObject("error")).doesNotContainKey("code");
        assertThat(error).doesNotContainKey("data");
        assertThat(parse(Frames.yieldError("inv-3", null, "busy")).getJsonObject("error").getString("code")).isEqualTo("busy");
    }

    @Test
    void watchAndPatch() {
        assertThat(parse(Frames.watch("/state/a", "w")).getString("op")).isEqualTo("watch");
        assertThat(parse(Frames.unwatch("/state/a", "w")).getString("op")).isEqualTo("unwatch");
        JsonObject merge = parse(Frames.patchMerge("/state/a", Json.createObjectBuilder().add("x", 1).build(), null, "p1"));
        assertThat(merge.getString("op")).isEqualTo("patch");
        assertThat(merge.getJsonObject("merge").getInt("x")).isEqualTo(1);
        assertThat(merge).doesNotContainKeys("base", "ops");
        JsonObject ops = parse(Frames.patchOps("/state/a",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("op", "remove").add("path", "/x")).build(), 3L, "p2"));
        assertThat(ops.getJsonArray("ops")).hasSize(1);
        assertThat(ops.getInt("base")).isEqualTo(3);
        assertThat(ops).doesNotContainKey("merge");
    }

    @Test
    void smallFrames() {
        assertThat(parse(Frames.ack(9)).getInt("seq")).isEqualTo(9);
        assertThat(parse(Frames.ping("p")).getString("id")).isEqualTo("p");
        assertThat(parse(Frames.bye()).getString("op")).isEqualTo("bye");
    }

    @Test
    void onlySessionGapsCountAsSeqGaps() {
        assertThat(Sequence.isSeqGap("gap", parse("{\"op\":\"gap\",\"from\":3,\"to\":9,\"seq\":10}"))).isTrue();
        assertThat(Sequence.isSeqGap("gap", parse("{\"op\":\"gap\",\"ch\":\"/a\",\"from\":300,\"to\":900,\"seq\":4}"))).isFalse();
        assertThat(Sequence.isSeqGap("gap", parse("{\"op\":\"gap\",\"epoch\":\"e2\",\"seq\":4}"))).isFalse();
        assertThat(Sequence.isSeqGap("msg", parse("{\"op\":\"msg\"}"))).isFalse();
    }
}
