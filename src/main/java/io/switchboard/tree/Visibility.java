package io.switchboard.tree;

import io.switchboard.auth.Action;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Identity;
import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.channels.ChannelPattern;
import java.util.function.Predicate;

/**
 * What of the tree one reader may see, with auth on: a listing names only what its reader could
 * subscribe to, so a token learns no channel, room or branch it has no grant for. A {@code /data}
 * channel is shown to a reader granted {@code subscribe} on it, a {@code /data} branch (an index) to
 * a reader granted {@code subscribe} on some channel in it, a room {@code /chatrooms/<room>} (and
 * what is under it) to a reader granted {@code subscribe} on the channel {@code /chatrooms/<room>}.
 * The roots and the sockets of endpoint classes are shown to every valid token. A node a reader
 * may not see is, to that reader, a node that does not exist.
 */
public final class Visibility implements Predicate<Child> {
    private static final Visibility EVERYTHING = new Visibility(null, null);

    private final Authenticator auth;
    private final Identity who;

    private Visibility(Authenticator auth, Identity who) {
        this.auth = auth;
        this.who = who;
    }

    /** What {@code who} may see; everything on a hub without users ({@code auth} null). */
    public static Visibility of(Authenticator auth, Identity who) {
        return auth == null ? EVERYTHING : new Visibility(auth, who);
    }

    @Override
    public boolean test(Child child) {
        return child.kind() == Kind.SOCKET || node(child.path(), child.kind() == Kind.CHANNEL);
    }

    /** Whether the node at {@code path} exists for this reader (a listing, a watch, a stream of it). */
    public boolean node(String path) {
        return node(path, false);
    }

    /** Hides the children this reader may not see. */
    public Listing filter(Listing listing) {
        return auth == null ? listing : new Listing(listing.path(), listing.children().stream().filter(this).toList());
    }

    private boolean node(String path, boolean channelOnly) {
        if (auth == null) {
            return true;
        }
        if (who == null) {
            return false;
        }
        try {
            ChannelPath p = ChannelPath.parse(path);
            if (p.depth() < 2) {
                return true; // the roots
            }
            if (path.startsWith("/chatrooms/")) {
                ChannelPath room = ChannelPath.parse("/chatrooms/" + p.segments().get(1));
                return auth.grants().allows(who.roles(), Action.SUBSCRIBE, room);
            }
            if (channelOnly) {
                return auth.grants().allows(who.roles(), Action.SUBSCRIBE, p);
            }
            return auth.grants().reaches(who.roles(), Action.SUBSCRIBE, ChannelPattern.parse(path + "/**"));
        } catch (BadChannelException e) {
            return false;
        }
    }
}
