package io.switchboard.cluster;

import io.switchboard.channels.BadChannelException;
import io.switchboard.channels.ChannelPath;
import io.switchboard.routing.Message;

/**
 * A message as the cluster's log keeps it: {@code id \n ch \n from \n retain \n at \n data}. The id
 * is the appender's own ({@code <node>:<count>}), so the copy a retried append leaves is known as
 * one ({@link RepeatedEntries}). Ids, channels and names never hold a newline, and the data comes
 * last, so no escaping is needed; the offset is the entry's place in the log, not part of it.
 */
final class LogEntries {
    private LogEntries() {
    }

    static String encode(String id, ChannelPath channel, String data, String from, boolean retain, long at) {
        return id + '\n' + channel.value() + '\n' + (from == null ? "" : from) + '\n' + (retain ? 'R' : '-') + '\n'
                + at + '\n' + data;
    }

    static String id(String entry) {
        int a = entry.indexOf('\n');
        if (a < 0) {
            throw new IllegalArgumentException("not a log entry: " + entry);
        }
        return entry.substring(0, a);
    }

    static Message decode(String entry, long off) {
        int id = entry.indexOf('\n');
        int a = entry.indexOf('\n', id + 1);
        int b = entry.indexOf('\n', a + 1);
        int c = entry.indexOf('\n', b + 1);
        int d = entry.indexOf('\n', c + 1);
        try {
            ChannelPath channel = ChannelPath.parse(entry.substring(id + 1, a));
            String from = b == a + 1 ? null : entry.substring(a + 1, b);
            boolean retain = entry.charAt(b + 1) == 'R';
            long at = Long.parseLong(entry, c + 1, d, 10);
            return new Message(channel, entry.substring(d + 1), off, from, retain, at);
        } catch (BadChannelException | RuntimeException e) {
            throw new IllegalArgumentException("not a log entry: " + entry, e);
        }
    }
}
