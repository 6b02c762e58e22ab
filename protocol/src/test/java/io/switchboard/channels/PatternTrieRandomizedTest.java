package io.switchboard.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Compares the trie with the reference matcher, ChannelPattern.matches, on random input. */
class PatternTrieRandomizedTest {

    // Override with -Dswitchboard.trie.seed=... to replay a failure.
    private static final long SEED = Long.getLong("switchboard.trie.seed", System.nanoTime());

    // A small alphabet so that patterns and channels collide often.
    private static final String[] NAMES = {"a", "b", "c", "a*b"};

    private record Pair(ChannelPattern pattern, Integer subscriber) {}

    // Timeouts here only catch a hang or a blow-up (minutes or forever), never a slow machine:
    // both finish in about a second on a quiet one, and failed after 10 s under a CPU hog.
    @Test
    @Timeout(120)
    void agreesWithTheReferenceMatcher() throws BadChannelException {
        for (int round = 0; round < 3; round++) {
            long seed = SEED + round;
            runRound(new Random(seed), "seed " + seed + " (-Dswitchboard.trie.seed=" + seed + ")");
        }
    }

    private void runRound(Random random, String seed) throws BadChannelException {
        PatternTrie<Integer> trie = new PatternTrie<>();
        List<Pair> pairs = new ArrayList<>();
        Set<Pair> model = new HashSet<>();
        for (int step = 0; step < 3000; step++) {
            Pair pair = new Pair(randomPattern(random), random.nextInt(40));
            if (random.nextInt(4) > 0 || pairs.isEmpty()) {
                assertThat(trie.add(pair.pattern(), pair.subscriber())).as(seed + " add " + pair).isEqualTo(model.add(pair));
                pairs.add(pair);
            } else {
                Pair victim = random.nextBoolean() ? pairs.get(random.nextInt(pairs.size())) : pair;
                assertThat(trie.remove(victim.pattern(), victim.subscriber()))
                        .as(seed + " remove " + victim).isEqualTo(model.remove(victim));
            }
            assertThat(trie.size()).as(seed + " size").isEqualTo(model.size());
            if (step % 3 == 0) {
                checkChannel(trie, model, randomChannel(random), seed);
            }
        }
        for (Pair pair : pairs) {
            trie.remove(pair.pattern(), pair.subscriber());
        }
        assertThat(trie.isEmpty()).as(seed + " empty after removing all").isTrue();
    }

    private static void checkChannel(PatternTrie<Integer> trie, Set<Pair> model, ChannelPath channel, String seed) {
        Set<Integer> expected = new HashSet<>();
        for (Pair pair : model) {
            if (pair.pattern().matches(channel)) {
                expected.add(pair.subscriber());
            }
        }
        List<Integer> delivered = new ArrayList<>();
        trie.match(channel, delivered::add);
        String what = seed + " channel " + channel;
        assertThat(delivered).as(what).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(trie.hasMatch(channel)).as(what).isEqualTo(!expected.isEmpty());
    }

    private static ChannelPattern randomPattern(Random random) throws BadChannelException {
        StringBuilder sb = new StringBuilder();
        int depth = 1 + random.nextInt(6);
        for (int i = 0; i < depth; i++) {
            int pick = random.nextInt(10);
            String segment = pick < 2 ? "*" : pick < 4 ? "**" : NAMES[random.nextInt(NAMES.length)];
            if (i == 0 && random.nextInt(6) == 0) {
                segment = "$sys";
            }
            sb.append('/').append(segment);
        }
        return ChannelPattern.parse(sb.toString());
    }

    private static ChannelPath randomChannel(Random random) throws BadChannelException {
        StringBuilder sb = new StringBuilder(random.nextInt(5) == 0 ? "/$sys" : "");
        int depth = 1 + random.nextInt(7);
        for (int i = 0; i < depth; i++) {
            sb.append('/').append(NAMES[random.nextInt(NAMES.length)]);
        }
        return ChannelPath.parse(sb.toString());
    }

    /*
     * Readers match while a writer churns subscribers through patterns that share nodes with the
     * stable ones, so pruning and re-creation happen right next to what readers walk. Churn ids are
     * added in increasing order and removed oldest first; every id below removedBelow is gone before
     * a reader starts, so it must never be delivered.
     */
    @Test
    @Timeout(180)
    void concurrentReadersSeeStableSubscribersAndNeverRemovedOnes() throws Exception {
        PatternTrie<Integer> trie = new PatternTrie<>();
        ChannelPath channel = ChannelPath.parse("/a/b/c");
        String[] shapes = {"/a/b/c", "/a/**", "/a/*/c", "/**/c", "/a/b/**", "/*/b/*", "/a/b/c/**"};
        for (int i = 0; i < shapes.length; i++) {
            trie.add(ChannelPattern.parse(shapes[i]), -1 - i);
        }
        AtomicInteger removedBelow = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger matches = new AtomicInteger();
        int readers = 3;
        CountDownLatch done = new CountDownLatch(readers + 1);
        for (int r = 0; r < readers; r++) {
            start(done, failures, () -> {
                while (!stop.get()) {
                    int floor = removedBelow.get();
                    Set<Integer> seen = trie.match(channel);
                    for (int i = 0; i < shapes.length; i++) {
                        assertThat(seen).as("seed %d stable %d", SEED, -1 - i).contains(-1 - i);
                    }
                    seen.stream().filter(id -> id >= 0)
                            .forEach(id -> assertThat(id).as("removed before match; seed %d", SEED).isGreaterThanOrEqualTo(floor));
                    matches.incrementAndGet();
                }
            });
        }
        start(done, failures, () -> {
            Random random = new Random(SEED);
            List<ChannelPattern> added = new ArrayList<>();
            for (int id = 0; !stop.get(); id++) {
                ChannelPattern pattern = ChannelPattern.parse(shapes[random.nextInt(shapes.length)] + (random.nextBoolean() ? "" : "/x"));
                trie.add(pattern, id);
                added.add(pattern);
                int oldest = id - 8;
                if (oldest >= 0) {
                    trie.remove(added.get(oldest), oldest);
                    removedBelow.set(oldest + 1);
                }
            }
        });
        // Run until the readers have matched a fair amount against the moving writer (or one failed).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .until(() -> matches.get() >= 20_000 || !failures.isEmpty());
        stop.set(true);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(matches.get()).isPositive();
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void start(CountDownLatch done, Queue<Throwable> failures, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                done.countDown();
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
