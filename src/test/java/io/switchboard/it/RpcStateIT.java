package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Calls over the hub (section 4) and state documents (section 6), over /ws and HTTP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RpcStateIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    private WsClient client(String hello) {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send(hello);
        assertThat(c.nextOp("welcome")).isNotNull();
        return c;
    }

    private static void register(WsClient callee, String pattern) {
        callee.send("{'op':'register','ch':'" + pattern + "','id':'reg'}");
        assertThat(callee.nextOp("ok").getString("id")).isEqualTo("reg");
    }

    /** Answers every invoke with {"by": name, "echo": data}, on a thread of its own, until stopped. */
    private static CompletableFuture<Integer> answerAll(WsClient callee, String name, AtomicBoolean running) {
        return CompletableFuture.supplyAsync(() -> {
            int answered = 0;
            try {
                while (running.get()) {
                    JsonObject f = callee.poll(Duration.ofMillis(100));
                    if (f != null && "invoke".equals(f.getString("op"))) {
                        callee.sendRaw(Json.createObjectBuilder().add("op", "yield").add("id", f.getString("id"))
                                .add("data", Json.createObjectBuilder().add("by", name).add("echo", f.get("data"))).build().toString());
                        answered++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answered;
        });
    }

    @Test
    void twentyCallersWithFiftyCallsInFlightEachGetTheirOwnResults() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (WsClient a = client("{'op':'hello','name':'adder-a'}"); WsClient b = client("{'op':'hello','name':'adder-b'}")) {
            register(a, "/math/**");
            register(b, "/math/**");
            CompletableFuture<Integer> byA = answerAll(a, "a", running);
            CompletableFuture<Integer> byB = answerAll(b, "b", running);
            List<WsClient> callers = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                callers.add(client("{'op':'hello'}"));
            }
            for (int c = 0; c < 20; c++) {
                for (int i = 0; i < 50; i++) {
                    callers.get(c).send("{'op':'call','ch':'/math/add','data':{'caller':" + c + ",'i':" + i + "},'id':'c" + c + "-" + i + "'}");
                }
            }
            for (int c = 0; c < 20; c++) {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < 50; i++) {
                    JsonObject r = callers.get(c).nextOp("result");
                    JsonObject echo = r.getJsonObject("data").getJsonObject("echo");
                    assertThat(echo.getInt("caller")).isEqualTo(c);
                    assertThat(r.getString("id")).isEqualTo("c" + c + "-" + echo.getInt("i"));
                    ids.add(r.getString("id"));
                }
                assertThat(ids).hasSize(50);
            }
            running.set(false);
            int answeredByA = byA.get(10, TimeUnit.SECONDS);
            int answeredByB = byB.get(10, TimeUnit.SECONDS);
            assertThat(answeredByA + answeredByB).isEqualTo(1000);
            assertThat(answeredByA).as("round robin").isBetween(400, 600);
            callers.forEach(WsClient::close);
        }
    }

    @Test
    void eachFailureOfACallIsToldApart() throws Exception {
        try (WsClient caller = client("{'op':'hello'}"); WsClient callee = client("{'op':'hello','client':'failing-callee'}")) {
            caller.send("{'op':'call','ch':'/nobody/home','data':1,'id':'none'}");
            assertErrorCode(caller.nextOp("error"), "none", "no_callee");

            register(callee, "/fails/*");
            caller.send("{'op':'call','ch':'/fails/loudly','data':1,'id':'err'}");
            JsonObject invoke = callee.nextOp("invoke");
            callee.send("{'op':'yield','id':'" + invoke.getString("id") + "','error':{'message':'disk on fire','code':'E42'}}");
            JsonObject err = caller.nextOp("error");
            assertErrorCode(err, "err", "callee_error");
            assertThat(err.getJsonObject("error").getString("message")).contains("disk on fire");

            caller.send("{'op':'call','ch':'/fails/slowly','data':1,'id':'late','timeout':300}");
            JsonObject slow = callee.nextOp("invoke");
            assertErrorCode(caller.nextOp("error"), "late", "timeout");
            callee.send("{'op':'yield','id':'" + slow.getString("id") + "','data':'too late'}");
            assertThat(callee.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");

            caller.send("{'op':'call','ch':'/fails/gone','data':1,'id':'gone'}");
            callee.nextOp("invoke");
            callee.send("{'op':'bye'}");
            assertErrorCode(caller.nextOp("error"), "gone", "callee_gone");
        }
    }

    private static void assertErrorCode(JsonObject e, String id, String code) {
        assertThat(e.getString("id")).isEqualTo(id);
        assertThat(e.getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(e.getInt("seq")).isPositive();
    }

    @Test
    void aCalleeThatLosesItsSocketMidCallGetsTheInvokeAgainOnResumeAndAnswers() throws Exception {
        try (WsClient caller = client("{'op':'hello'}")) {
            WsClient callee = client("{'op':'hello','client':'flaky-callee'}");
            register(callee, "/flaky");
            caller.send("{'op':'call','ch':'/flaky','data':{'q':7},'id':'mid','timeout':20000}");
            JsonObject first = callee.nextOp("invoke");
            callee.abort();
            try (WsClient back = WsClient.connect(Deployments.ws(base, "ws"))) {
                back.send("{'op':'hello','client':'flaky-callee','resume':{'seq':" + (first.getInt("seq") - 1) + "}}");
                assertThat(back.nextOp("welcome").getBoolean("resumed")).isTrue();
                JsonObject again = back.nextOp("invoke");
                assertThat(again.getString("id")).isEqualTo(first.getString("id"));
                back.send("{'op':'yield','id':'" + again.getString("id") + "','data':{'answer':49}}");
                JsonObject result = caller.nextOp("result");
                assertThat(result.getString("id")).isEqualTo("mid");
                assertThat(result.getJsonObject("data").getInt("answer")).isEqualTo(49);
                caller.send("{'op':'call','ch':'/flaky','data':{'q':7},'id':'mid'}");
                assertThat(caller.nextOp("result").getString("id")).as("a repeated id is answered again").isEqualTo("mid");
                assertThat(back.poll(Duration.ofMillis(300))).as("and not invoked again").isNull();
            }
        }
    }

    @Test
    void httpCallsAnswerWithTheStatusOfEachOutcome() throws Exception {
        assertHttp(call("nobody/http", "1", ""), 404, "no_callee");
        assertHttp(call("bad/*", "1", ""), 400, "bad_channel");
        assertHttp(call("ok/x", "{nope", ""), 400, "bad_json");
        assertHttp(call("ok/x", "\"" + "z".repeat(70_000) + "\"", ""), 413, "too_large");
        try (WsClient callee = client("{'op':'hello','client':'http-callee'}")) {
            register(callee, "/http/**");
            CompletableFuture<HttpResponse<String>> ok = callAsync("http/echo", "{\"v\":1}", "");
            JsonObject inv = callee.nextOp("invoke");
            assertThat(inv.getJsonObject("data").getInt("v")).isEqualTo(1);
            callee.send("{'op':'yield','id':'" + inv.getString("id") + "','data':{'v':2}}");
            HttpResponse<String> r = ok.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"v\":2}");

            CompletableFuture<HttpResponse<String>> nul = callAsync("http/null", "1", "");
            callee.send("{'op':'yield','id':'" + callee.nextOp("invoke").getString("id") + "','data':null}");
            assertThat(nul.get(10, TimeUnit.SECONDS).body()).isEqualTo("null");

            CompletableFuture<HttpResponse<String>> err = callAsync("http/err", "1", "");
            callee.send("{'op':'yield','id':'" + callee.nextOp("invoke").getString("id") + "','error':{'message':'no'}}");
            assertHttp(err.get(10, TimeUnit.SECONDS), 502, "callee_error");

            CompletableFuture<HttpResponse<String>> slow = callAsync("http/slow", "1", "?timeout=300");
            callee.nextOp("invoke");
            assertHttp(slow.get(10, TimeUnit.SECONDS), 504, "timeout");

            CompletableFuture<HttpResponse<String>> gone = callAsync("http/gone", "1", "");
            callee.nextOp("invoke");
            callee.send("{'op':'bye'}");
            assertHttp(gone.get(10, TimeUnit.SECONDS), 502, "callee_gone");
        }
    }

    private HttpResponse<String> call(String ch, String body, String query) throws Exception {
        return callAsync(ch, body, query).get(15, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> callAsync(String ch, String body, String query) {
        return HTTP.sendAsync(HttpRequest.newBuilder(Deployments.http(base, "api/call/" + ch + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertHttp(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject e = Json.createReader(new StringReader(r.body())).readObject().getJsonObject("error");
        assertThat(e.getString("code")).isEqualTo(code);
        assertThat(e.getString("message")).isNotBlank();
    }

    @Test
    void concurrentPatchesConvergeAndEveryWatcherSeesTheSameRevisionsInOrder() throws Exception {
        List<WsClient> watchers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            WsClient c = client("{'op':'hello'}");
            c.send("{'op':'watch','ch':'/state/board','id':'w'}");
            c.nextOp("ok");
            JsonObject snap = c.nextOp("snapshot");
            assertThat(snap.getInt("rev")).isZero();
            assertThat(snap.getJsonObject("data")).isEmpty();
            watchers.add(c);
        }
        List<WsClient> writers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            writers.add(client("{'op':'hello'}"));
        }
        int perWriter = 25;
        for (int i = 0; i < perWriter; i++) {
            for (int p = 0; p < writers.size(); p++) {
                writers.get(p).send("{'op':'patch','ch':'/state/board','merge':{'w" + p + "':" + i + ",'last':'w" + p + "'},'id':'p" + i + "'}");
            }
        }
        Set<Long> revs = new HashSet<>();
        for (WsClient w : writers) {
            for (int i = 0; i < perWriter; i++) {
                revs.add(w.nextOp("ok").getJsonNumber("rev").longValue());
            }
        }
        int total = writers.size() * perWriter;
        assertThat(revs).hasSize(total).allMatch(r -> r >= 1 && r <= total);
        List<JsonObject> finals = new ArrayList<>();
        List<List<String>> seenOps = new ArrayList<>();
        for (WsClient w : watchers) {
            JsonObject doc = JsonValue.EMPTY_JSON_OBJECT;
            List<String> ops = new ArrayList<>();
            for (int rev = 1; rev <= total; rev++) {
                JsonObject patched = w.nextOp("patched");
                assertThat(patched.getInt("rev")).isEqualTo(rev);
                JsonArray o = patched.getJsonArray("ops");
                ops.add(o.toString());
                doc = Json.createPatch(o).apply(doc);
            }
            finals.add(doc);
            seenOps.add(ops);
        }
        assertThat(finals).allMatch(d -> d.equals(finals.get(0)));
        assertThat(seenOps).allMatch(o -> o.equals(seenOps.get(0)));
        for (int p = 0; p < writers.size(); p++) {
            assertThat(finals.get(0).getInt("w" + p)).isEqualTo(perWriter - 1);
        }
        try (WsClient late = client("{'op':'hello'}")) {
            late.send("{'op':'watch','ch':'/state/board','id':'late'}");
            JsonObject snap = late.nextOp("snapshot");
            assertThat(snap.getInt("rev")).isEqualTo(total);
            assertThat(snap.getJsonObject("data")).isEqualTo(finals.get(0));
        }
        watchers.forEach(WsClient::close);
        writers.forEach(WsClient::close);
    }

    @Test
    void conflictsAndFailedPatchesChangeNothing() {
        try (WsClient c = client("{'op':'hello'}")) {
            c.send("{'op':'watch','ch':'/state/cfg','id':'w'}");
            assertThat(c.nextOp("ok").getString("id")).isEqualTo("w");
            c.nextOp("snapshot");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'add','path':'/list','value':[1,null,3]}],'base':0,'id':'a'}");
            assertThat(c.nextOp("ok").getInt("rev")).isEqualTo(1);
            JsonObject patched = c.nextOp("patched");
            assertThat(patched.getJsonArray("ops").toString()).contains("[1,null,3]");
            c.send("{'op':'patch','ch':'/state/cfg','merge':{'x':1},'base':0,'id':'stale'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("conflict");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'test','path':'/list/0','value':9},{'op':'remove','path':'/list'}],'id':'t'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/state/cfg','ops':[{'op':'remove','path':'/missing'}],'id':'m'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/state/cfg','merge':[1],'id':'notobj'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("patch_failed");
            c.send("{'op':'patch','ch':'/notstate/x','merge':{},'id':'where'}");
            assertThat(c.nextOp("error").getJsonObject("error").getString("code")).isEqualTo("bad_channel");
            c.send("{'op':'patch','ch':'/state/cfg','merge':{},'id':'same'}");
            assertThat(c.nextOp("ok").getInt("rev")).as("an empty change is still a new rev").isEqualTo(2);
            assertThat(c.nextOp("patched").getJsonArray("ops")).isEmpty();
        }
    }
}
