package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.sessions.Session;

/** {@code view}, {@code emit} and {@code input}: devices and the browsers that view them (section 7). */
final class DeviceFrames {
    private final Hub hub;

    DeviceFrames(Hub hub) {
        this.hub = hub;
    }

    void view(Session s, ClientFrame.View v) throws ProtocolException {
        hub.require(s.identity(), Action.SUBSCRIBE, deviceChannel(v.device()));
        hub.devices().view(s, v.device());
        Answers.okIfAsked(s, v.id());
    }

    void emit(Session s, ClientFrame.Emit e) throws ProtocolException {
        if (s.name() != null) {
            hub.require(s.identity(), Action.PUBLISH, deviceChannel(s.name()));
        }
        if (!Answers.repeated(s, e.id())) {
            hub.devices().emit(s, e.data().toString());
            Answers.answer(s, e.id(), ServerFrames.ok(e.id()));
        }
    }

    void input(Session s, ClientFrame.Input i) throws ProtocolException {
        hub.require(s.identity(), Action.PUBLISH, deviceChannel(i.device()));
        if (!Answers.repeated(s, i.id())) {
            hub.devices().input(s, i.device(), i.data().toString());
            Answers.answer(s, i.id(), ServerFrames.ok(i.id()));
        }
    }

    /** A device's grants are those of {@code /devices/<name>}. */
    private static ChannelPattern deviceChannel(String device) throws ProtocolException {
        return Hub.pattern("/devices/" + device);
    }
}
