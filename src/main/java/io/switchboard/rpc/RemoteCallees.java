package io.switchboard.rpc;

import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;

/**
 * Callees on the other nodes of a cluster. A call goes to a callee of the caller's own node when
 * there is one, else to another node that offers the channel; a single node has none.
 */
public interface RemoteCallees {
    RemoteCallees NONE = new RemoteCallees() {
        @Override
        public void offered(ChannelPattern pattern, boolean offered) {
        }

        @Override
        public boolean call(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis) {
            return false;
        }
    };

    /** This node's first callee for {@code pattern} registered ({@code true}), or its last one left. */
    void offered(ChannelPattern pattern, boolean offered);

    /** Hands the call to another node that offers {@code channel}; false if none does. */
    boolean call(Caller caller, ChannelPath channel, String dataJson, long timeoutMillis);
}
