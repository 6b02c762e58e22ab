package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /mux} with auth on: a token on the mux handshake covers every topic, a topic
 * may carry its own, and without one each topic is refused as its direct socket would be.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MuxAuthIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.users=alice:wonder:ops",
                "switchboard.auth.secret=a-mux-it-secret-that-is-long-enough-for-hs256",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**;call:/**;register:/**");
    }

    private String token() throws Exception {
        return Tokens.of(base, "alice", "wonder");
    }

    private static JsonObject json(String msgFrame, String topic) {
        assertThat(msgFrame).startsWith("msg," + topic + ",");
        return Json.createReader(new StringReader(msgFrame.substring(topic.length() + 5))).readObject();
    }

    @Test
    void aTokenOnTheMuxHandshakeCoversEveryTopic() throws Exception {
        String token = token();
        for (MuxClient mux : new MuxClient[] {
                MuxClient.connect(Deployments.ws(base, "mux?access_token=" + token), Map.of()),
                MuxClient.connect(Deployments.ws(base, "mux"), Map.of("Authorization", "Bearer " + token))}) {
            try (mux) {
                mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\",\"kind\":\"service\"}");
                JsonObject welcome = json(mux.next("/ws"), "/ws");
                assertThat(welcome.getString("op")).as(welcome.toString()).isEqualTo("welcome");
                mux.send("sub,/chatrooms/locked/chat%3Fname%3Dalice").send("msg,/chatrooms/locked/chat%3Fname%3Dalice,hi");
                JsonObject said = json(mux.next("/chatrooms/locked/chat%3Fname%3Dalice"), "/chatrooms/locked/chat%3Fname%3Dalice");
                assertThat(said.getString("text")).isEqualTo("hi");
            }
        }
    }

    @Test
    void withoutATokenEachTopicIsRefusedAsItsDirectSocketWouldBe() throws Exception {
        try (MuxClient mux = MuxClient.connect(Deployments.ws(base, "mux"), Map.of())) {
            mux.send("sub,/ws").send("msg,/ws,{\"op\":\"hello\",\"kind\":\"service\"}");
            JsonObject error = json(mux.next("/ws"), "/ws");
            assertThat(error.getJsonObject("error").getString("code")).as(error.toString()).isEqualTo("unauthorized");
            assertThat(mux.next("/ws")).startsWith("uns,/ws,1008,");
            mux.send("sub,/chatrooms/locked/chat");
            JsonObject refused = json(mux.next("/chatrooms/locked/chat"), "/chatrooms/locked/chat");
            assertThat(refused.getJsonObject("error").getString("code")).as(refused.toString()).isEqualTo("unauthorized");
            assertThat(mux.next("/chatrooms/locked/chat")).startsWith("uns,/chatrooms/locked/chat,1008,");

            String topic = "/ws%3Faccess_token%3D" + token();
            mux.send("sub," + topic).send("msg," + topic + ",{\"op\":\"hello\"}");
            String own = mux.next(topic);
            assertThat(own).as("a topic with a token of its own").contains("\"op\":\"welcome\"");
        }
    }
}
