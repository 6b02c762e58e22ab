package io.switchboard.hub;

import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.sessions.Session;

/**
 * Hands each frame of an open session to the area that carries it out. A visitor, so a frame kind
 * without a method here does not compile (Java 17 has no pattern {@code switch}).
 */
final class FrameDispatch implements ClientFrame.Visitor<Session> {
    private final PubSubFrames pubSub;
    private final SessionFrames sessions;
    private final CallFrames calls;
    private final StateFrames state;
    private final DeviceFrames devices;

    FrameDispatch(Hub hub, Connection connection) {
        this.pubSub = new PubSubFrames(hub);
        this.sessions = new SessionFrames(hub, connection);
        this.calls = new CallFrames(hub);
        this.state = new StateFrames(hub);
        this.devices = new DeviceFrames(hub);
    }

    void carryOut(ClientFrame frame, Session s) throws ProtocolException {
        frame.accept(this, s);
    }

    @Override
    public void hello(ClientFrame.Hello f, Session s) throws ProtocolException {
        sessions.hello(s, f);
    }

    @Override
    public void ack(ClientFrame.Ack f, Session s) throws ProtocolException {
        sessions.ack(s, f);
    }

    @Override
    public void ping(ClientFrame.Ping f, Session s) {
        sessions.ping(s, f);
    }

    @Override
    public void pong(ClientFrame.Pong f, Session s) {
        sessions.pong(s, f);
    }

    @Override
    public void refresh(ClientFrame.Refresh f, Session s) throws ProtocolException {
        sessions.refresh(s, f);
    }

    @Override
    public void bye(ClientFrame.Bye f, Session s) {
        sessions.bye(s);
    }

    @Override
    public void sub(ClientFrame.Sub f, Session s) throws ProtocolException {
        pubSub.sub(s, f);
    }

    @Override
    public void history(ClientFrame.History f, Session s) throws ProtocolException {
        pubSub.history(s, f);
    }

    @Override
    public void unsub(ClientFrame.Unsub f, Session s) throws ProtocolException {
        pubSub.unsub(s, f);
    }

    @Override
    public void pub(ClientFrame.Pub f, Session s) throws ProtocolException {
        pubSub.pub(s, f);
    }

    @Override
    public void call(ClientFrame.Call f, Session s) throws ProtocolException {
        calls.call(s, f);
    }

    @Override
    public void yielded(ClientFrame.Yield f, Session s) throws ProtocolException {
        calls.yielded(s, f);
    }

    @Override
    public void register(ClientFrame.Register f, Session s) throws ProtocolException {
        calls.register(s, f);
    }

    @Override
    public void unregister(ClientFrame.Unregister f, Session s) throws ProtocolException {
        calls.unregister(s, f);
    }

    @Override
    public void watch(ClientFrame.Watch f, Session s) throws ProtocolException {
        state.watch(s, f);
    }

    @Override
    public void unwatch(ClientFrame.Unwatch f, Session s) throws ProtocolException {
        state.unwatch(s, f);
    }

    @Override
    public void patch(ClientFrame.Patch f, Session s) throws ProtocolException {
        state.patch(s, f);
    }

    @Override
    public void view(ClientFrame.View f, Session s) throws ProtocolException {
        devices.view(s, f);
    }

    @Override
    public void emit(ClientFrame.Emit f, Session s) throws ProtocolException {
        devices.emit(s, f);
    }

    @Override
    public void input(ClientFrame.Input f, Session s) throws ProtocolException {
        devices.input(s, f);
    }
}
