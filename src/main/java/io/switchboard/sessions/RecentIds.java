package io.switchboard.sessions;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers to a session's last client frame ids, so a repeated frame is answered, not redone.
 * Bounded by count and by the characters of the answers kept (a call's result can be a whole
 * frame): the oldest go first.
 */
final class RecentIds {
    private final Map<String, String> answers = new LinkedHashMap<>(64, 0.75f, false);
    private final int capacity;
    private final long maxChars;
    private long chars;

    RecentIds(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    RecentIds(int capacity, long maxChars) {
        this.capacity = capacity;
        this.maxChars = maxChars;
    }

    synchronized String answerTo(String id) {
        return answers.get(id);
    }

    synchronized void remember(String id, String answer) {
        String old = answers.put(id, answer);
        chars += id.length() + answer.length() - (old == null ? 0 : id.length() + old.length());
        Iterator<Map.Entry<String, String>> eldest = answers.entrySet().iterator();
        while (eldest.hasNext() && (answers.size() > capacity || chars > maxChars)) {
            Map.Entry<String, String> e = eldest.next();
            chars -= e.getKey().length() + e.getValue().length();
            eldest.remove();
        }
    }

    synchronized int size() {
        return answers.size();
    }

    synchronized long chars() {
        return chars;
    }
}
