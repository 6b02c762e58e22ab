package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The switchboard CLI end to end: the real runnable jar, as a process, against a real hub. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CliIT {
    private static final Path JAR = Path.of("cli/target/switchboard.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub();
    }

    private record Run(int exit, String out, String err) {
    }

    private Process start(String... args) throws IOException {
        assertThat(JAR).as("the CLI jar: bin/test builds it (mvn -f cli/pom.xml package)").exists();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString(), "--url", Deployments.ws(base, "ws").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private Run run(String... args) throws Exception {
        return finish(start(args));
    }

    private static Run finish(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void pubIsRoutedAndPrintsTheOffset() throws Exception {
        try (WsClient sub = WsClient.connect(Deployments.ws(base, "ws"))) {
            sub.send("{'op':'sub','ch':'/cli/pub','id':'s'}");
            sub.nextOp("ok");
            Run r = run("pub", "/cli/pub", "{\"a\":1}");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonObject m = sub.nextOp("msg");
            assertThat(m.getJsonObject("data").getInt("a")).isEqualTo(1);
            assertThat(r.out().trim()).isEqualTo(String.valueOf(m.getJsonNumber("off").longValue()));
        }
    }

    @Test
    void subPrintsEachMessageAsAJsonLine() throws Exception {
        Process sub = start("sub", "/cli/sub/*", "--count", "2");
        try (WsClient probe = WsClient.connect(Deployments.ws(base, "ws"))) {
            // publish until the CLI's subscription is in place and it has seen two messages
            for (int i = 0; sub.isAlive() && i < 200; i++) {
                post("api/publish/cli/sub/x", "{\"i\":" + i + "}");
                sub.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        Run r = finish(sub);
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().trim().split("\n");
        assertThat(lines).hasSize(2);
        JsonObject first = Json.createReader(new StringReader(lines[0])).readObject();
        assertThat(first.getString("ch")).isEqualTo("/cli/sub/x");
        assertThat(first.getJsonObject("data").containsKey("i")).isTrue();
    }

    @Test
    void callPrintsTheResultAndFailuresExitNonZero() throws Exception {
        Run none = run("call", "/cli/nobody", "1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no_callee");
        try (WsClient callee = WsClient.connect(Deployments.ws(base, "ws"))) {
            callee.send("{'op':'register','ch':'/cli/svc','id':'r'}");
            callee.nextOp("ok");
            Process call = start("call", "/cli/svc", "{\"q\":2}");
            JsonObject invoke = callee.nextOp("invoke");
            callee.send("{'op':'yield','id':'" + invoke.getString("id") + "','data':{'answer':4}}");
            Run r = finish(call);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(Json.createReader(new StringReader(r.out().trim())).readObject().getInt("answer")).isEqualTo(4);
        }
        Run unreachable = finish(new ProcessBuilder(javaBin(), "-jar", JAR.toString(), "--url", "ws://127.0.0.1:1/ws",
                "pub", "/x", "1").start());
        assertThat(unreachable.exit()).isEqualTo(3);
    }

    @Test
    void serveAnswersEachCallByRunningTheCommand() throws Exception {
        Process serve = start("serve", "/cli/upper", "--count", "1", "--", "sh", "-c", "tr a-z A-Z");
        HttpResponse<String> r = null;
        for (int i = 0; i < 100 && (r == null || r.statusCode() == 404); i++) {
            r = post("api/call/cli/upper", "\"shout\"");
            if (r.statusCode() == 404) {
                serve.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"SHOUT\"");
        assertThat(finish(serve).exit()).isZero();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(Deployments.http(base, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
