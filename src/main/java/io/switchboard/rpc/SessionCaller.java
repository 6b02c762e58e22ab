package io.switchboard.rpc;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.JsonText;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;

/**
 * A session that made a call: its outcome is a sequenced {@code result} or {@code error} with the
 * caller's own id, remembered so that a repeated call id is answered again, not carried out again.
 */
public record SessionCaller(Session session, String id) implements Caller {

    @Override
    public void result(String dataJson) {
        answer(JsonText.op("result").raw("id", id).raw("data", dataJson).open());
    }

    @Override
    public void failed(ErrorCode code, String message) {
        answer(ServerFrames.errorOpen(id, code, message));
    }

    @Override
    public Object owner() {
        return session;
    }

    private void answer(String openFrame) {
        session.answerSequenced(id, openFrame);
    }
}
