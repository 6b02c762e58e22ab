package io.switchboard.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MuxFrameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sub,/chatrooms/lobby/chat|SUB|/chatrooms/lobby/chat|",
            "msg,/ws,{\"op\":\"pub\",\"data\":[1,2]}|MSG|/ws|{\"op\":\"pub\",\"data\":[1,2]}",
            "msg,/ws,|MSG|/ws|''",
            "uns,/ws|UNS|/ws|",
            "uns,/ws,4001,dropped, really|UNS|/ws|4001,dropped, really"})
    void parsesTypeTopicAndPayloadCommasIncluded(String text, MuxFrame.Type type, String topic, String payload) {
        assertThat(MuxFrame.parse(text)).isEqualTo(new MuxFrame(type, topic, payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sub", "sub,", "msg,,x", "pub,/ws,x", "SUB,/ws"})
    void whatIsNoFrameIsNull(String text) {
        assertThat(MuxFrame.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"uns,/ws|1000", "uns,/ws,4001,dropped|4001", "uns,/ws,1001|1001",
            "uns,/ws,1006|1000", "uns,/ws,x|1000", "uns,/ws,2999,|1000"})
    void unsNamesACloseCodeAClientMaySend(String text, int code) {
        assertThat(MuxFrame.parse(text).closeCode()).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/chatrooms/lobby/chat|/chatrooms/lobby/chat",
            "chatrooms/lobby/chat|/chatrooms/lobby/chat",
            "/chatrooms/lobby/chat%3Fname%3Dann|/chatrooms/lobby/chat?name=ann",
            "/chatrooms/lobby/chat%3Fname%3D%25C3%25A9|/chatrooms/lobby/chat?name=%C3%A9",
            "/ws%232|/ws",
            "/caf%E9/%u20AC|/café/€"})
    void topicsAreUnescapedAsJavaScriptEscapesThem(String topic, String path) {
        assertThat(TopicPath.of(topic)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws%", "/ws%2", "/ws%zz", "/ws%u12", "/ws%u12zz"})
    void brokenEscapesAreNoPath(String topic) {
        assertThat(TopicPath.of(topic)).isNull();
    }
}
