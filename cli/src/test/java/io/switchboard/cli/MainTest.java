package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line without a hub: parsing, usage errors, connection failures, the HTTP commands. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void helpExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Usage: switchboard", "pub", "sub", "call", "serve", "watch", "patch", "devices", "ls");
        for (String command : List.of("pub", "sub", "call", "serve", "watch", "patch", "devices", "ls")) {
            out.reset();
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out()).contains("Usage: switchboard " + command);
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(Exit.USAGE);
        assertThat(err()).contains("Usage: switchboard");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("pub", "/a")).isEqualTo(Exit.USAGE);
        assertThat(run("pub", "/a", "not json")).isEqualTo(Exit.USAGE);
        assertThat(err()).contains("not JSON: not json");
        assertThat(run("pub", "/a", "{\"a\":1} trailing")).isEqualTo(Exit.USAGE);
        assertThat(run("call", "/a", "1", "--timeout", "soon")).isEqualTo(Exit.USAGE);
        assertThat(run("sub")).isEqualTo(Exit.USAGE);
        assertThat(run("serve", "/a")).isEqualTo(Exit.USAGE);
        assertThat(run("patch", "/state/a")).isEqualTo(Exit.USAGE);
        assertThat(run("patch", "/state/a", "--merge", "{}", "--ops", "[]")).isEqualTo(Exit.USAGE);
        assertThat(run("patch", "/state/a", "--merge", "[1]")).isEqualTo(Exit.USAGE);
        assertThat(run("patch", "/state/a", "--ops", "{}")).isEqualTo(Exit.USAGE);
        assertThat(run("nosuchcommand")).isEqualTo(Exit.USAGE);
        assertThat(run("sub", "/a", "--count", "0")).isEqualTo(Exit.USAGE);
        assertThat(run("pub", "/a", "1", "--url", "http://localhost:1/ws")).isEqualTo(Exit.USAGE);
        assertThat(err()).contains("--url must be a ws:// or wss:// URL");
    }

    @Test
    @Timeout(30)
    void aRefusedConnectionExitsThreeAtOnceNamingTheUrl() throws IOException {
        int port = freePort();
        long start = System.nanoTime();
        assertThat(run("pub", "/a", "1", "--url", "ws://127.0.0.1:" + port + "/ws")).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
        assertThat(err()).contains("cannot connect to ws://127.0.0.1:" + port + "/ws", "connection refused");
    }

    @Test
    @Timeout(30)
    void aHubThatNeverAnswersIsBoundedByTheConnectTimeout() throws IOException {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // accepts, then says nothing
                }
            } catch (IOException closed) {
                accepted.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                    }
                });
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        long start = System.nanoTime();
        int code = run("--connect-timeout", "1", "call", "/a", "1", "--url", "ws://127.0.0.1:" + silent.getLocalPort() + "/ws");
        assertThat(code).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(err()).contains("cannot connect to ws://127.0.0.1:" + silent.getLocalPort() + "/ws");
    }

    @Test
    void aHandshakeRefusedIsCannotConnect() throws IOException {
        HttpServer http = http(404, "nothing here");
        int code = run("pub", "/a", "1", "--url", "ws://127.0.0.1:" + http.getAddress().getPort() + "/ws");
        assertThat(code).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat(err()).contains("handshake was refused (HTTP 404)");
    }

    @Test
    void devicesPrintsWhatTheHubAnswers() throws IOException {
        HttpServer http = http(200, "[{\"name\":\"kitchen\",\"connected\":true,\"viewers\":0}]\n");
        assertThat(run("devices", "--url", "ws://127.0.0.1:" + http.getAddress().getPort() + "/ws")).isZero();
        assertThat(out()).isEqualTo("[{\"name\":\"kitchen\",\"connected\":true,\"viewers\":0}]" + System.lineSeparator());
        assertThat(requested).containsExactly("GET /api/devices");
    }

    @Test
    void aMissingEndpointSaysSoAndExitsOne() throws IOException {
        HttpServer http = http(404, "");
        assertThat(run("--url", "ws://127.0.0.1:" + http.getAddress().getPort() + "/ws", "devices")).isEqualTo(Exit.REFUSED);
        assertThat(err()).contains("error: not_found: this hub does not serve /api/devices");
        err.reset();
        assertThat(run("ls", "/data/nope", "--http", "http://127.0.0.1:" + http.getAddress().getPort())).isEqualTo(Exit.REFUSED);
        assertThat(err()).contains("error: not_found: no such node on this hub: /data/nope");
    }

    @Test
    void theHubsErrorJsonIsPrinted() throws IOException {
        HttpServer http = http(401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"a token is needed\"}}");
        assertThat(run("ls", "--http", "http://127.0.0.1:" + http.getAddress().getPort() + "/")).isEqualTo(Exit.REFUSED);
        assertThat(err()).contains("error: unauthorized: a token is needed");
        assertThat(requested).containsExactly("GET /data");
    }

    @Test
    void lsTakesAPathAndTheTokenGoesAsBearer() throws IOException {
        HttpServer http = http(200, "{\"path\":\"/chatrooms\",\"children\":[]}");
        assertThat(run("ls", "chatrooms", "--token", "t0k", "--url", "ws://127.0.0.1:" + http.getAddress().getPort() + "/ws")).isZero();
        assertThat(requested).containsExactly("GET /chatrooms");
        assertThat(authorization).containsExactly("Bearer t0k");
        assertThat(out()).contains("\"children\":[]");
    }

    @Test
    void httpRefusedExitsThree() throws IOException {
        assertThat(run("devices", "--http", "http://127.0.0.1:" + freePort())).isEqualTo(Exit.CANNOT_CONNECT);
        assertThat(err()).contains("cannot connect to http://127.0.0.1:");
    }

    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> authorization = new CopyOnWriteArrayList<>();

    private HttpServer http(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorization.add(auth);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));
        return server;
    }
}
