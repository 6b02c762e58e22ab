package io.switchboard.hub;

import io.switchboard.auth.Action;
import io.switchboard.auth.Identity;
import io.switchboard.channels.ChannelPath;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.HistoryPage;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Since;
import io.switchboard.routing.Router;

/**
 * The checks and bounds of a history request, the same for the {@code history} op and
 * {@code GET /api/history} (docs/protocol.md, History on demand): a concrete channel, a limit of
 * 1..1000, what {@code sub} of the channel needs (the subscribe grant; an inbox only for its
 * owner), and an answer within the hard frame limit.
 */
final class HistoryPages {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Room an answer leaves for its fields around the messages. */
    private static final int FRAME_ROOM = 1024;

    private final Hub hub;

    HistoryPages(Hub hub) {
        this.hub = hub;
    }

    /** {@code inbox} is the asking session's inbox name; null (HTTP) owns no inbox. */
    HistoryPage page(String ch, Since since, Integer limit, boolean reverse, Identity who, String inbox)
            throws ProtocolException {
        ChannelPath channel = Hub.concreteChannel(ch);
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "limit must be 1.." + MAX_LIMIT);
        }
        if (Router.isInbox(channel)) {
            if (!Router.visible(inbox, channel)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only its owner reads the inbox /clients/" + channel.segment(1));
            }
        } else {
            hub.require(who, Action.SUBSCRIBE, channel);
        }
        return hub.router().log().history(channel, since, n, reverse, answerChars());
    }

    /** Within the hard frame limit and half a session's queue budget. */
    private long answerChars() {
        Limits limits = hub.limits();
        return Math.max(1, Math.min(limits.hardFrame(), limits.budgets().queueBytes() / 2) - FRAME_ROOM);
    }
}
