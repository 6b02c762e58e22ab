package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The socket tree on a real Payara Micro: chat rooms, the index (GET, SSE, WebSocket), /data channel sockets. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebTreeIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hub().addClass(EchoEndpoint.class);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private WsClient chat(String room, String name) {
        String q = name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        return WsClient.connect(Deployments.ws(base, "chatrooms/" + room + "/chat" + q));
    }

    /**
     * A socket's join completes on the server after its handshake; its own first text coming back
     * proves it is in the room.
     */
    private WsClient joined(String room, String name) {
        WsClient c = chat(room, name);
        String hello = unique("here");
        c.sendRaw(hello);
        assertThat(c.next().getString("text")).isEqualTo(hello);
        return c;
    }

    @Test
    void twoSocketsInOneRoomTalkAndTheSenderHearsItself() {
        String room = unique("talk");
        try (WsClient ann = joined(room, "ann"); WsClient bob = joined(room, null)) {
            assertThat(ann.next().getString("from")).as("bob's arrival, heard by ann").matches("guest-[0-9]+");
            ann.sendRaw("hello, \"bob\"");
            for (WsClient c : new WsClient[] {ann, bob}) {
                JsonObject m = c.next();
                assertThat(m.getString("from")).isEqualTo("ann");
                assertThat(m.getString("text")).isEqualTo("hello, \"bob\"");
                Instant at = Instant.parse(m.getString("at"));
                assertThat(m.getString("at")).endsWith("Z");
                assertThat(at).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
            }
            bob.sendRaw("hi");
            JsonObject fromBob = ann.next();
            assertThat(fromBob.getString("from")).matches("guest-[0-9]+");
            assertThat(bob.next().getString("from")).isEqualTo(fromBob.getString("from"));
        }
    }

    @Test
    void twoRoomsAreSeparate() {
        try (WsClient a = joined(unique("a"), "a"); WsClient b = joined(unique("b"), "b")) {
            a.sendRaw("only in a");
            assertThat(a.next().getString("text")).isEqualTo("only in a");
            b.sendRaw("only in b");
            assertThat(b.next().getString("text")).as("b hears its own text, not a's").isEqualTo("only in b");
        }
    }

    @Test
    void binaryClosesAChatSocketWith1003() {
        try (WsClient c = chat(unique("bin"), "x")) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
    }
}
