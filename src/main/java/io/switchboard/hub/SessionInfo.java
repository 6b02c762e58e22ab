package io.switchboard.hub;

import java.time.Instant;
import java.util.List;

/**
 * A session as {@code GET /api/sessions} lists it: {@code transport} is that of its latest
 * connection, {@code connected} whether one carries it now, {@code since} when it opened (or was
 * taken up on this node), {@code queued} the frames it holds that its client has not acked.
 */
public record SessionInfo(String client, String name, String user, String kind, String transport, boolean connected,
                          Instant since, List<String> subscriptions, int queued) {
}
