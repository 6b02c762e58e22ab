package io.switchboard.channels;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Subscription index: matching cost grows with the channel's depth, not the number of subscriptions.
 *
 * <p>Concurrency contract. {@link #match} and {@link #hasMatch} take no lock and may run on any number
 * of threads at once. {@link #add} and {@link #remove} serialise on one private lock. Every link a
 * reader follows is a volatile field or a ConcurrentHashMap entry, and subscriber sets are concurrent
 * sets, so a reader racing a writer never throws and sees a consistent node, but is only weakly
 * consistent: it may or may not see an add or remove that overlaps the match. Anything completed
 * before match() starts is seen, so a subscriber removed earlier is never delivered, and one added
 * earlier always is. A sink may itself call add or remove. {@link #size} is exact once writers are
 * quiet.
 *
 * <p>Subscribers are compared with equals/hashCode; each distinct one is delivered once per match.
 */
public final class PatternTrie<T> {

    private final Object writeLock = new Object();
    private final Node<T> root = new Node<>(false, false);
    private volatile int size; // written only under writeLock

    public boolean add(ChannelPattern pattern, T subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (writeLock) {
            Node<T> node = root;
            for (String segment : pattern.segments()) {
                node = node.childForWrite(segment);
            }
            if (!node.subscribersForWrite().add(subscriber)) {
                return false;
            }
            size++;
            return true;
        }
    }

    public boolean remove(ChannelPattern pattern, T subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (writeLock) {
            List<String> segments = pattern.segments();
            List<Node<T>> trail = new ArrayList<>(segments.size() + 1);
            trail.add(root);
            for (String segment : segments) {
                Node<T> next = trail.get(trail.size() - 1).child(segment);
                if (next == null) {
                    return false;
                }
                trail.add(next);
            }
            Set<T> subscribers = trail.get(segments.size()).subscribers;
            if (subscribers == null || !subscribers.remove(subscriber)) {
                return false;
            }
            size--;
            for (int i = segments.size(); i > 0 && trail.get(i).isEmpty(); i--) {
                trail.get(i - 1).unlink(segments.get(i - 1));
            }
            return true;
        }
    }

    public void match(ChannelPath path, Consumer<? super T> sink) {
        Object found = collectFromRoot(path);
        if (found instanceof Node) {
            nodeOf(found).subscribers.forEach(sink);
        } else if (found != null) {
            deliverDistinct(nodesOf(found), sink);
        }
    }

    public Set<T> match(ChannelPath path) {
        Set<T> result = new HashSet<>();
        match(path, result::add);
        return result;
    }

    public boolean hasMatch(ChannelPath path) {
        Object found = collectFromRoot(path);
        return found instanceof Node || (found != null && !nodesOf(found).isEmpty());
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private void deliverDistinct(List<Node<T>> nodes, Consumer<? super T> sink) {
        if (nodes.size() == 1) {
            nodes.get(0).subscribers.forEach(sink);
            return;
        }
        Set<T> seen = new HashSet<>();
        for (Node<T> node : nodes) {
            for (T subscriber : node.subscribers) {
                if (seen.add(subscriber)) {
                    sink.accept(subscriber);
                }
            }
        }
    }

    /*
     * Matching collects the nodes whose subscribers match into "found": null (none yet), a single Node
     * (the common case, and no allocation at all) or a Walk once a second node turns up or a visit
     * memo is needed. The same node can be collected twice; delivery dedups subscribers anyway.
     */
    private Object collectFromRoot(ChannelPath path) {
        List<String> segments = path.segments();
        Object found = null;
        ConcurrentHashMap<String, Node<T>> children = root.children;
        Node<T> literal = children == null ? null : children.get(segments.get(0));
        if (literal != null) {
            found = collect(literal, segments, 1, found);
        }
        if (path.isSystem()) {
            return found; // a wildcard in the first position never matches a system channel
        }
        Node<T> star = root.star;
        if (star != null) {
            found = collect(star, segments, 1, found);
        }
        return collectDoubleStar(root, segments, 0, found);
    }

    /** Visits {@code node} having consumed the first {@code i} segments. */
    private Object collect(Node<T> node, List<String> segments, int i, Object found) {
        if (i == segments.size()) {
            found = addIfSubscribed(node, found);
        } else {
            ConcurrentHashMap<String, Node<T>> children = node.children;
            Node<T> literal = children == null ? null : children.get(segments.get(i));
            if (literal != null) {
                found = collect(literal, segments, i + 1, found);
            }
            Node<T> star = node.star;
            if (star != null) {
                found = collect(star, segments, i + 1, found);
            }
        }
        return collectDoubleStar(node, segments, i, found);
    }

    // Bounding the work. A spread node is itself a `**` being visited at every position from its
    // start to the end, so a `**` right below it needs only its zero-length case: `/**/**` costs what
    // `/**` does. Below an earlier `**`, a node is reached at several positions, and a later `**`
    // would then be re-walked once per alignment (exponential in the number of `**`); the memo makes
    // each (`**` node, position) walk happen once, so a match visits at most nodes x (depth + 1).
    private Object collectDoubleStar(Node<T> node, List<String> segments, int i, Object found) {
        Node<T> doubleStar = node.doubleStar;
        if (doubleStar == null) {
            return found;
        }
        if (node.spread) {
            return collect(doubleStar, segments, i, found);
        }
        if (!node.belowDoubleStar) {
            for (int k = i; k <= segments.size(); k++) {
                found = collect(doubleStar, segments, k, found);
            }
            return found;
        }
        Walk walk = Walk.of(found);
        for (int k = i; k <= segments.size(); k++) {
            if (walk.firstVisit(doubleStar, k)) {
                collect(doubleStar, segments, k, walk);
            }
        }
        return walk;
    }

    private static Object addIfSubscribed(Node<?> node, Object found) {
        Set<?> subscribers = node.subscribers;
        if (subscribers == null || subscribers.isEmpty() || found == node) {
            return found;
        }
        if (found == null) {
            return node;
        }
        Walk walk = Walk.of(found);
        walk.add(node);
        return walk;
    }

    @SuppressWarnings("unchecked")
    private Node<T> nodeOf(Object found) {
        return (Node<T>) found;
    }

    @SuppressWarnings("unchecked")
    private List<Node<T>> nodesOf(Object found) {
        return (List<Node<T>>) (List<?>) ((Walk) found).nodes;
    }

    /** Per-match state, allocated only when a match needs more than a single node. */
    private static final class Walk {
        final List<Node<?>> nodes = new ArrayList<>(4);
        private Map<Node<?>, BitSet> visited;

        static Walk of(Object found) {
            if (found instanceof Walk) {
                return (Walk) found;
            }
            Walk walk = new Walk();
            if (found != null) {
                walk.nodes.add((Node<?>) found);
            }
            return walk;
        }

        void add(Node<?> node) {
            if (nodes.isEmpty() || nodes.get(nodes.size() - 1) != node) {
                nodes.add(node);
            }
        }

        boolean firstVisit(Node<?> node, int position) {
            if (visited == null) {
                visited = new IdentityHashMap<>();
            }
            BitSet positions = visited.computeIfAbsent(node, n -> new BitSet());
            if (positions.get(position)) {
                return false;
            }
            positions.set(position);
            return true;
        }
    }

    /*
     * Fields are null until a writer needs them (most nodes are leaves), and are only ever assigned
     * under the trie's writeLock. Readers read each field once into a local. Once set, "subscribers"
     * is never reset, so a collected node can always be iterated.
     */
    private static final class Node<T> {
        final boolean spread; // reached through a `**` edge
        final boolean belowDoubleStar; // this node or an ancestor is reached through a `**` edge
        volatile ConcurrentHashMap<String, Node<T>> children;
        volatile Node<T> star;
        volatile Node<T> doubleStar;
        volatile Set<T> subscribers;

        Node(boolean spread, boolean belowDoubleStar) {
            this.spread = spread;
            this.belowDoubleStar = spread || belowDoubleStar;
        }

        Node<T> child(String segment) {
            if (segment.equals(ChannelPattern.ONE)) {
                return star;
            }
            if (segment.equals(ChannelPattern.ANY)) {
                return doubleStar;
            }
            ConcurrentHashMap<String, Node<T>> map = children;
            return map == null ? null : map.get(segment);
        }

        Node<T> childForWrite(String segment) {
            Node<T> existing = child(segment);
            if (existing != null) {
                return existing;
            }
            Node<T> created = new Node<>(segment.equals(ChannelPattern.ANY), belowDoubleStar);
            if (segment.equals(ChannelPattern.ONE)) {
                star = created;
            } else if (segment.equals(ChannelPattern.ANY)) {
                doubleStar = created;
            } else {
                if (children == null) {
                    children = new ConcurrentHashMap<>(4);
                }
                children.put(segment, created);
            }
            return created;
        }

        Set<T> subscribersForWrite() {
            if (subscribers == null) {
                subscribers = ConcurrentHashMap.newKeySet(2);
            }
            return subscribers;
        }

        void unlink(String segment) {
            if (segment.equals(ChannelPattern.ONE)) {
                star = null;
            } else if (segment.equals(ChannelPattern.ANY)) {
                doubleStar = null;
            } else {
                children.remove(segment);
                if (children.isEmpty()) {
                    children = null;
                }
            }
        }

        boolean isEmpty() {
            Set<T> subs = subscribers;
            ConcurrentHashMap<String, Node<T>> map = children;
            return (subs == null || subs.isEmpty()) && (map == null || map.isEmpty())
                    && star == null && doubleStar == null;
        }
    }
}
