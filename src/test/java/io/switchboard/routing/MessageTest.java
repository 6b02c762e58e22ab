package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.ChannelPath;
import org.junit.jupiter.api.Test;

class MessageTest {
    private static Message message(String data) throws Exception {
        return new Message(ChannelPath.parse("/a/b"), data, 7, "pub", false, 1000);
    }

    @Test
    void theDataIsCutOutOfTheFrameOnceWhileSubscribersStillHoldIt() throws Exception {
        Message m = message("{\"n\":1,\"s\":\"x,\\\"data\\\":2\"}");
        String first = m.data();
        assertThat(first).isEqualTo("{\"n\":1,\"s\":\"x,\\\"data\\\":2\"}");
        assertThat(m.data()).as("the next subscriber gets the same text, not a copy").isSameAs(first);
        assertThat(m.openFrame()).contains(first);
    }

    @Test
    void noDataAndNullDataAreTold() throws Exception {
        assertThat(message(null).data()).isNull();
        Message cleared = new Message(ChannelPath.parse("/a"), "null", 1, "p", true, 1);
        assertThat(cleared.data()).isEqualTo("null");
        assertThat(cleared.clearsRetained()).isTrue();
        assertThat(message("null").clearsRetained()).as("only a retained publish clears").isFalse();
    }
}
