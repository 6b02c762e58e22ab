package io.switchboard.tree;

import io.switchboard.auth.Identity;
import io.switchboard.hub.Hub;
import io.switchboard.sockets.Admission;
import io.switchboard.sockets.Peer;
import io.switchboard.sockets.SocketEndpoint;
import io.switchboard.sockets.SocketHandler;
import io.switchboard.sockets.SocketRequest;
import java.util.function.BiFunction;

/**
 * A socket on an index node: the listing as the first frame {@code {"op":"index",...}}, then
 * {@code {"op":"added","child"}} / {@code {"op":"removed","child"}}. Texts in are ignored; binary
 * closes with 1003. An unknown node is refused with {@code not_found} and 1008.
 */
public final class IndexSocket implements SocketEndpoint {
    private final IndexTree tree;
    private final BiFunction<Identity, String, String> retained;
    private final Hub hub;

    /** {@code retained} gives a node's retained data as JSON text, or null if the reader may not see it. */
    public IndexSocket(IndexTree tree, BiFunction<Identity, String, String> retained, Hub hub) {
        this.tree = tree;
        this.retained = retained;
        this.hub = hub;
    }

    @Override
    public SocketHandler open(SocketRequest request, Peer peer) {
        Admission admitted = Admission.check(hub, request, peer);
        if (admitted == null) {
            return SocketHandler.IGNORE;
        }
        TreePath path = TreePath.parse(request.path());
        String node = path == null ? request.path() : path.node();
        Visibility sight = Visibility.of(hub.auth(), admitted.identity());
        IndexListener listener = new IndexListener() {
            @Override
            public void listed(Listing listing) {
                peer.send(sight.filter(listing).toFrame(retained.apply(admitted.identity(), node)));
            }

            @Override
            public void added(Child child) {
                if (sight.test(child)) {
                    peer.send("{\"op\":\"added\",\"child\":" + child.toJson() + "}");
                }
            }

            @Override
            public void removed(Child child) {
                if (sight.test(child)) {
                    peer.send("{\"op\":\"removed\",\"child\":" + child.toJson() + "}");
                }
            }
        };
        if (path == null || !sight.node(node) || !tree.watch(node, listener)) {
            admitted.closed();
            Admission.refuse(peer, 1008, "not_found", "no index node " + request.path());
            return SocketHandler.IGNORE;
        }
        return new SocketHandler() {
            @Override
            public void text(String text) {
            }

            @Override
            public void binary() {
                peer.close(1003, "binary frames are not spoken here");
            }

            @Override
            public void closed(int code) {
                admitted.closed();
                tree.unwatch(node, listener);
            }
        };
    }
}
