package io.switchboard.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the log entries read lately, so that an entry the log holds twice is delivered once.
 * Hazelcast retries an append whose partition owner left before it answered, and that append may
 * already have been applied and backed up: the retry then writes the same entry again at a later
 * offset. Both copies carry the appender's id; the first one read is the message, a later one is
 * skipped. The copy follows its original closely (appends wait for the new owner meanwhile), so a
 * window of recent ids is enough.
 */
final class RepeatedEntries {
    private final Map<String, Long> firstOffsets;

    RepeatedEntries(int window) {
        this.firstOffsets = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > window;
            }
        };
    }

    /** Reads entry {@code id} at {@code off}: whether an earlier offset already held it. */
    synchronized boolean repeated(String id, long off) {
        Long first = firstOffsets.putIfAbsent(id, off);
        return first != null && first != off;
    }

    /** Whether the entry at {@code off} is a copy of one read before, without noting it. */
    synchronized boolean isCopy(String id, long off) {
        Long first = firstOffsets.get(id);
        return first != null && first != off;
    }
}
