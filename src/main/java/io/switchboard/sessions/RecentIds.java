package io.switchboard.sessions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The answers to a session's last client frame ids, so a repeated frame is answered, not redone. */
final class RecentIds {
    private final Map<String, String> answers;

    RecentIds(int capacity) {
        this.answers = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized String answerTo(String id) {
        return answers.get(id);
    }

    synchronized void remember(String id, String answer) {
        answers.put(id, answer);
    }
}
