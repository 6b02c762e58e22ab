package io.switchboard.web;

import io.switchboard.app.TreeService;
import io.switchboard.auth.Action;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import io.switchboard.protocol.Gap;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ServerFrames;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Feed;
import io.switchboard.routing.Message;
import io.switchboard.sse.SseStream;
import io.switchboard.sse.SseStreams;
import io.switchboard.tree.Child;
import io.switchboard.tree.IndexListener;
import io.switchboard.tree.Listing;
import io.switchboard.tree.Visibility;
import io.switchboard.tree.TreePath;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The SSE forms of the tree, on the bounded per-client {@link SseStream}: an index node's listing
 * ({@code event: index}, then {@code added}/{@code removed}), or a bare {@code /data} channel
 * (the retained value first, then {@code event: msg} with {@code id: <epoch>:<off>} and
 * the message's data; {@code Last-Event-ID}, else {@code lastEventId}, resumes after that id,
 * with an {@code event: gap} first if messages were lost).
 */
final class TreeStreams {
    private final TreeService tree;
    private final SseStreams streams;

    TreeStreams(TreeService tree, SseStreams streams) {
        this.tree = tree;
        this.streams = streams;
    }

    void open(HttpServletRequest req, HttpServletResponse resp, TreePath path, Identity who) throws IOException {
        if (path.index()) {
            index(req, resp, path.node(), who);
        } else {
            channel(req, resp, path.node(), who);
        }
    }

    private void index(HttpServletRequest req, HttpServletResponse resp, String node, Identity who) throws IOException {
        Visibility sight = Visibility.of(tree.hub().auth(), who);
        if (!sight.node(node) || !tree.tree().exists(node)) {
            TreeServlet.error(resp, 404, "not_found", "no node " + node);
            return;
        }
        if (streams.refusedForAddress(req, resp)) {
            return;
        }
        SseStream[] stream = new SseStream[1];
        IndexListener listener = new IndexListener() {
            @Override
            public void listed(Listing listing) {
                stream[0].send(null, "index", sight.filter(listing).toJson(tree.retained(who, node)));
            }

            @Override
            public void added(Child child) {
                if (sight.test(child)) {
                    stream[0].send(null, "added", child.toJson());
                }
            }

            @Override
            public void removed(Child child) {
                if (sight.test(child)) {
                    stream[0].send(null, "removed", child.toJson());
                }
            }
        };
        stream[0] = streams.open(req, resp, () -> tree.tree().unwatch(node, listener));
        if (!tree.tree().watch(node, listener)) {
            stream[0].close(); // the node went away between the check and the watch
        } else if (stream[0].isClosed()) {
            tree.tree().unwatch(node, listener);
        }
    }

    private void channel(HttpServletRequest req, HttpServletResponse resp, String node, Identity who) throws IOException {
        ChannelPath ch;
        try {
            ch = ChannelPath.parse(node);
            tree.hub().require(who, Action.SUBSCRIBE, ch);
        } catch (BadChannelException e) {
            TreeServlet.error(resp, 400, "bad_channel", e.getMessage());
            return;
        } catch (ProtocolException e) {
            TreeServlet.error(resp, e.code().httpStatus(), e.code().wire(), e.getMessage());
            return;
        }
        if (streams.refusedForAddress(req, resp)) {
            return;
        }
        Since since = since(req);
        String epoch = tree.hub().epoch();
        SseStream[] stream = new SseStream[1];
        Object lock = new Object();
        Feed feed = tree.hub().feed(lock, new Feed.Out() {
            @Override
            public boolean message(Message m) {
                stream[0].send(epoch + ":" + m.off(), "msg", m.data());
                return true;
            }

            @Override
            public boolean gap(Gap gap) {
                stream[0].send(null, "gap", ServerFrames.channelGap(gap));
                return true;
            }
        });
        stream[0] = streams.open(req, resp, feed::close);
        feed.subscribe(ChannelPattern.of(ch), since);
        if (stream[0].isClosed()) {
            feed.close();
        }
    }

    /** {@code <epoch>:<off>} from Last-Event-ID (the header wins) or lastEventId; null if neither. */
    static Since since(HttpServletRequest req) {
        String id = req.getHeader("Last-Event-ID");
        if (id == null || id.isBlank()) {
            id = req.getParameter("lastEventId");
        }
        if (id == null || id.isBlank()) {
            return null;
        }
        int colon = id.lastIndexOf(':');
        try {
            long off = Long.parseLong(id.substring(colon + 1).trim());
            return new Since(off, colon < 0 ? null : id.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
