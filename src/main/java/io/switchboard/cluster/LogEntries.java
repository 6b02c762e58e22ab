package io.switchboard.cluster;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.routing.Message;

/**
 * A message as the cluster's log keeps it: {@code ch \n from \n retain \n at \n data}. Channels and
 * names never hold a newline, and the data comes last, so no escaping is needed; the offset is the
 * entry's place in the log, not part of it.
 */
final class LogEntries {
    private LogEntries() {
    }

    static String encode(ChannelPath channel, String data, String from, boolean retain, long at) {
        return channel.value() + '\n' + (from == null ? "" : from) + '\n' + (retain ? 'R' : '-') + '\n' + at + '\n' + data;
    }

    static Message decode(String entry, long off) {
        int a = entry.indexOf('\n');
        int b = entry.indexOf('\n', a + 1);
        int c = entry.indexOf('\n', b + 1);
        int d = entry.indexOf('\n', c + 1);
        try {
            ChannelPath channel = ChannelPath.parse(entry.substring(0, a));
            String from = b == a + 1 ? null : entry.substring(a + 1, b);
            boolean retain = entry.charAt(b + 1) == 'R';
            long at = Long.parseLong(entry, c + 1, d, 10);
            return new Message(channel, entry.substring(d + 1), off, from, retain, at);
        } catch (BadChannelException | RuntimeException e) {
            throw new IllegalArgumentException("not a log entry: " + entry, e);
        }
    }
}
