package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.HubClient;
import io.switchboard.client.HubException;
import io.switchboard.protocol.HistoryPage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * History on demand (docs/protocol.md) end to end on one hub with users and 50 messages of
 * history per channel: the {@code history} op over /ws, {@code GET /api/history}, the Java client
 * and the CLI; paging both ways, the retention boundary, grants, inboxes and bad requests. Each
 * test publishes on channels of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HistoryIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int HISTORY = 50;
    private static final Path CLI = Path.of("cli/target/switchboard.jar");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=alice:wonder:ops,bob:builder:ops,wes:writer:writer",
                "switchboard.auth.secret=an-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**;call:/**;register:/**",
                "switchboard.auth.role.writer=publish:/**",
                "switchboard.history=" + HISTORY);
    }

    private String token(String user) throws Exception {
        return Tokens.of(base, user, switch (user) {
            case "alice" -> "wonder";
            case "bob" -> "builder";
            default -> "writer";
        });
    }

    private WsClient as(String user, String name) throws Exception {
        WsClient c = WsClient.connect(Deployments.ws(base, "ws"));
        c.send("{'op':'hello','token':'" + token(user) + "'" + (name == null ? "" : ",'name':'" + name + "'") + "}");
        assertThat(c.nextOp("welcome")).isNotNull();
        return c;
    }

    private static List<Long> publish(WsClient c, String ch, int n) {
        List<Long> offs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.send("{'op':'pub','ch':'" + ch + "','data':{'i':" + i + "},'id':'p" + i + "'}");
            offs.add(c.nextOp("ok").getJsonNumber("off").longValue());
        }
        return offs;
    }

    private static JsonObject history(WsClient c, String ch, Long since, int limit, boolean reverse) {
        String id = "h" + System.nanoTime();
        c.send("{'op':'history','ch':'" + ch + "','id':'" + id + "','limit':" + limit
                + (since == null ? "" : ",'since':" + since) + (reverse ? ",'reverse':true" : "") + "}");
        JsonObject page = c.nextOp("history");
        assertThat(page.getString("id")).isEqualTo(id);
        return page;
    }

    private static List<Long> offs(JsonObject page) {
        return page.getJsonArray("msgs").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getJsonNumber("off").longValue()).toList();
    }

    /** Pages over the socket from the start, each from the last one's off, until one says no more. */
    private static List<JsonObject> pages(WsClient c, String ch, int limit, boolean reverse) {
        List<JsonObject> pages = new ArrayList<>();
        Long since = null;
        JsonObject page;
        do {
            page = history(c, ch, since, limit, reverse);
            pages.add(page);
            List<Long> o = offs(page);
            since = o.isEmpty() ? since : o.get(o.size() - 1);
        } while (page.getBoolean("more") && pages.size() < 20);
        return pages;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(Deployments.http(base, path)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject withoutId(JsonObject f) {
        JsonObjectBuilder b = Json.createObjectBuilder(f);
        b.remove("id");
        return b.build();
    }

    private static List<Long> reversed(List<Long> offs) {
        List<Long> out = new ArrayList<>(offs);
        Collections.reverse(out);
        return out;
    }

    private static String errorCode(JsonObject f) {
        return f.getJsonObject("error").getString("code");
    }

    @Test
    void forwardAndReversePagesOverTheSocketGiveEveryMessageOnceInOrder() throws Exception {
        try (WsClient alice = as("alice", null)) {
            List<Long> published = publish(alice, "/hist/pages", 45);
            List<JsonObject> forward = pages(alice, "/hist/pages", 20, false);
            assertThat(forward).extracting(p -> p.getBoolean("more")).containsExactly(true, true, false);
            assertThat(forward.stream().flatMap(p -> offs(p).stream()).toList()).isEqualTo(published);
            assertThat(forward).allSatisfy(p -> {
                assertThat(p.containsKey("gap")).isFalse();
                assertThat(p.containsKey("seq")).isFalse();
                assertThat(p.getJsonNumber("top").longValue()).isEqualTo(published.get(44));
                assertThat(p.getString("ch")).isEqualTo("/hist/pages");
            });
            JsonObject first = forward.get(0).getJsonArray("msgs").getJsonObject(3);
            assertThat(first.getJsonObject("data").getInt("i")).isEqualTo(3);
            assertThat(Instant.parse(first.getString("at"))).isBefore(Instant.now().plusSeconds(60));

            List<JsonObject> reverse = pages(alice, "/hist/pages", 20, true);
            assertThat(reverse).extracting(p -> p.getBoolean("more")).containsExactly(true, true, false);
            assertThat(reverse.stream().flatMap(p -> offs(p).stream()).toList()).isEqualTo(reversed(published));
            assertThat(reverse).allSatisfy(p -> assertThat(p.containsKey("gap")).isFalse());

            JsonObject olderThanTheTenth = history(alice, "/hist/pages", published.get(9), 3, true);
            assertThat(offs(olderThanTheTenth)).containsExactly(published.get(8), published.get(7), published.get(6));
        }
    }

    @Test
    void theHttpApiAnswersTheSameJsonAsTheSocket() throws Exception {
        String t = token("alice");
        try (WsClient alice = as("alice", null)) {
            List<Long> published = publish(alice, "/hist/http", 30);
            JsonObject ws = history(alice, "/hist/http", published.get(4), 10, false);
            HttpResponse<String> r = get("api/history/hist/http?since=" + published.get(4) + "&limit=10", t);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r.body())).isEqualTo(withoutId(ws));
            assertThat(json(r.body()).getString("op")).isEqualTo("history");
            JsonObject wsBack = history(alice, "/hist/http", null, 100, true);
            assertThat(json(get("api/history/hist/http?reverse=true", t).body())).isEqualTo(withoutId(wsBack));
            assertThat(offs(wsBack)).hasSize(30);
        }
    }

    @Test
    void pagingPastTheRetentionLimitSaysWhatIsGone() throws Exception {
        String t = token("alice");
        try (WsClient alice = as("alice", null)) {
            List<Long> published = publish(alice, "/hist/retention", HISTORY + 20);
            long lastLost = published.get(19);
            JsonObject fromTheStart = history(alice, "/hist/retention", null, 20, false);
            assertThat(offs(fromTheStart)).isEqualTo(published.subList(20, 40));
            assertThat(fromTheStart.getJsonObject("gap").getJsonNumber("from").longValue()).isEqualTo(1);
            assertThat(fromTheStart.getJsonObject("gap").getJsonNumber("to").longValue()).isEqualTo(lastLost);
            JsonObject afterTheFifth = history(alice, "/hist/retention", published.get(4), 20, false);
            assertThat(afterTheFifth.getJsonObject("gap").getJsonNumber("from").longValue()).isEqualTo(published.get(4) + 1);

            List<JsonObject> back = pages(alice, "/hist/retention", 20, true);
            assertThat(back).extracting(p -> offs(p).size()).containsExactly(20, 20, 10);
            assertThat(back.subList(0, 2)).allSatisfy(p -> assertThat(p.containsKey("gap")).isFalse());
            JsonObject last = back.get(2);
            assertThat(last.getBoolean("more")).isFalse();
            assertThat(last.getJsonObject("gap").getJsonNumber("from").longValue()).isEqualTo(1);
            assertThat(last.getJsonObject("gap").getJsonNumber("to").longValue()).isEqualTo(lastLost);

            JsonObject http = json(get("api/history/hist/retention?limit=20", t).body());
            assertThat(http).isEqualTo(withoutId(fromTheStart));
        }
    }

    @Test
    void theSubscribeGrantIsNeededAndAnInboxIsReadOnlyByItsOwner() throws Exception {
        try (WsClient alice = as("alice", "alice-hist");
             WsClient bob = as("bob", "bob-hist");
             WsClient wes = as("wes", null)) {
            publish(wes, "/hist/granted", 3);
            wes.send("{'op':'history','ch':'/hist/granted','id':'w'}");
            JsonObject refused = wes.nextOp("error");
            assertThat(refused.getString("id")).isEqualTo("w");
            assertThat(errorCode(refused)).isEqualTo("forbidden");
            assertThat(get("api/history/hist/granted", token("wes")).statusCode()).isEqualTo(403);
            assertThat(get("api/history/hist/granted", null).statusCode()).isEqualTo(401);
            assertThat(offs(history(bob, "/hist/granted", null, 10, false))).hasSize(3);

            publish(bob, "/clients/alice-hist/notes", 2);
            assertThat(offs(history(alice, "/clients/alice-hist/notes", null, 10, false))).hasSize(2);
            bob.send("{'op':'history','ch':'/clients/alice-hist/notes','id':'b'}");
            assertThat(errorCode(bob.nextOp("error"))).isEqualTo("forbidden");
            HttpResponse<String> overHttp = get("api/history/clients/alice-hist/notes", token("alice"));
            assertThat(overHttp.statusCode()).as("no inbox is an HTTP request's own").isEqualTo(403);
            assertThat(json(overHttp.body()).getJsonObject("error").getString("code")).isEqualTo("forbidden");
        }
    }

    /** The op is the hub's, not the socket's: a long poll carries it and its answer like any frame. */
    @Test
    void aLongPollAsksForHistoryToo() throws Exception {
        String t = token("alice");
        try (WsClient alice = as("alice", null)) {
            List<Long> published = publish(alice, "/hist/poll", 5);
            String body = "{'frames':[{'op':'hello','token':'" + t + "'},"
                    + "{'op':'history','ch':'/hist/poll','id':'hp','reverse':true,'limit':2}],'wait':5}";
            List<JsonObject> frames = new ArrayList<>();
            String client = null;
            for (int i = 0; i < 5 && frames.stream().noneMatch(f -> "history".equals(f.getString("op"))); i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/poll"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + t)
                        .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonObject answer = json(r.body());
                client = answer.getString("client");
                frames.addAll(answer.getJsonArray("frames").getValuesAs(JsonObject.class));
                body = "{'client':'" + client + "','frames':[],'wait':5}";
            }
            JsonObject page = frames.stream().filter(f -> "history".equals(f.getString("op"))).findFirst().orElseThrow(
                    () -> new AssertionError("no history answer in " + frames));
            assertThat(page.getString("id")).isEqualTo("hp");
            assertThat(offs(page)).containsExactly(published.get(4), published.get(3));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'op':'history','ch':'/hist/bad','id':'x','limit':0}     | bad_frame",
            "{'op':'history','ch':'/hist/bad','id':'x','limit':1001}  | bad_frame",
            "{'op':'history','ch':'/hist/bad','id':'x','since':'3'}   | bad_frame",
            "{'op':'history','ch':'/hist/bad','id':'x','since':-3}    | bad_frame",
            "{'op':'history','ch':'/hist/bad','id':'x','reverse':1}   | bad_frame",
            "{'op':'history','ch':'/hist/*','id':'x'}                 | bad_channel",
            "{'op':'history','ch':'/hist/a b','id':'x'}               | bad_channel",
            "{'op':'history','id':'x'}                                | bad_frame",
    })
    void malformedRequestsOverTheSocketGetTheUsualErrors(String frame, String code) throws Exception {
        try (WsClient alice = as("alice", null)) {
            alice.send(frame);
            JsonObject error = alice.nextOp("error");
            assertThat(errorCode(error)).isEqualTo(code);
            assertThat(error.getString("id")).isEqualTo("x");
            alice.send("{'op':'ping','id':'still'}");
            assertThat(alice.nextOp("pong").getString("id")).isEqualTo("still");
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "api/history/hist/bad?limit=0       | 400 | bad_frame",
            "api/history/hist/bad?limit=lots    | 400 | bad_frame",
            "api/history/hist/bad?since=-1      | 400 | bad_frame",
            "api/history/hist/bad?since=1.5     | 400 | bad_frame",
            "api/history/hist/bad?reverse=maybe | 400 | bad_frame",
            "api/history/hist/*                 | 400 | bad_channel",
            "api/history/hist/**                | 400 | bad_channel",
    })
    void malformedRequestsOverHttpGetTheApiErrors(String path, int status, String code) throws Exception {
        HttpResponse<String> r = get(path, token("alice"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r.body()).getJsonObject("error").getString("code")).isEqualTo(code);
    }

    @Test
    void theJavaClientPagesBackAndAnswersARefusalWithItsCode() throws Exception {
        try (WsClient alice = as("alice", null);
             HubClient client = HubClient.builder(Deployments.ws(base, "ws")).token(token("alice")).build()) {
            List<Long> published = publish(alice, "/hist/java", 25);
            client.connect().get(30, TimeUnit.SECONDS);
            HistoryPage newest = client.history("/hist/java", null, 10, true).get(30, TimeUnit.SECONDS);
            assertThat(newest.msgs()).extracting(HistoryPage.Entry::off)
                    .containsExactlyElementsOf(reversed(published.subList(15, 25)));
            assertThat(newest.more()).isTrue();
            assertThat(newest.top()).isEqualTo(published.get(24));
            HistoryPage older = client.history("/hist/java", newest.next(), 10, true).get(30, TimeUnit.SECONDS);
            assertThat(older.msgs().get(0).off()).isEqualTo(published.get(14));
            assertThat(older.msgs().get(0).value().asJsonObject().getInt("i")).isEqualTo(14);
            assertThat(client.history("/hist/java").get(30, TimeUnit.SECONDS).msgs()).hasSize(25);
            ExecutionException bad = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> client.history("/hist/*", null, null, false).get(30, TimeUnit.SECONDS));
            assertThat(bad.getCause()).isInstanceOf(HubException.class);
            assertThat(((HubException) bad.getCause()).code()).isEqualTo("bad_channel");
        }
    }

    @Test
    void theCliPrintsHistoryAsJsonLinesAndTellsOfWhatIsGone() throws Exception {
        assertThat(CLI).as("the CLI jar: mvn -f cli/pom.xml package").exists();
        try (WsClient alice = as("alice", null)) {
            List<Long> published = publish(alice, "/hist/cli", HISTORY + 5);
            String t = token("alice");
            Run back = cli("history", "/hist/cli", "--reverse", "--limit", "7", "--token", t);
            assertThat(back.exit()).as(back.err()).isZero();
            List<JsonObject> lines = back.out().lines().map(HistoryIT::json).toList();
            assertThat(lines).extracting(l -> l.getJsonNumber("off").longValue())
                    .containsExactlyElementsOf(reversed(published.subList(HISTORY - 2, HISTORY + 5)));
            assertThat(lines.get(0).getString("ch")).isEqualTo("/hist/cli");
            assertThat(lines.get(0).getJsonObject("data").getInt("i")).isEqualTo(HISTORY + 4);
            assertThat(Instant.parse(lines.get(0).getString("at"))).isNotNull();
            assertThat(back.err()).doesNotContain("gap");

            Run all = cli("history", "/hist/cli", "--limit", "1000", "--since", "0", "--token", t);
            assertThat(all.exit()).as(all.err()).isZero();
            assertThat(all.out().lines().count()).isEqualTo(HISTORY);
            assertThat(all.err()).contains("gap").contains("1.." + published.get(4));

            Run refused = cli("history", "/hist/cli", "--token", token("wes"));
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("forbidden");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CLI.toString(), "--url", Deployments.ws(base, "ws").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
