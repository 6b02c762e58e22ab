package io.switchboard.tree;

import io.switchboard.sockets.UriTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The nodes under {@code /data} and {@code /chatrooms}. A node exists while it is a root, is held
 * ({@link #put}, counted: a room held by each member, a channel by the namespace), is a socket of
 * an endpoint class, or has a child that exists; it is an {@code index} when it has children.
 * Endpoint templates with variables add their last literal segment as a {@code socket} child of
 * every node that matches the rest ({@code /chatrooms/{room}/chat} lists {@code chat} in each room).
 *
 * <p>One monitor guards the tree: changes are rare next to reads of other state, and listeners are
 * called under it so each sees changes in one order, after the listing it was given.
 */
public final class IndexTree {
    public static final List<String> ROOTS = List.of("data", "chatrooms");

    private static final class Node {
        final Node parent;
        final String name;
        final String path;
        final int depth;
        final TreeMap<String, Node> children = new TreeMap<>();
        final List<IndexListener> listeners = new ArrayList<>(1);
        boolean permanent;
        int holds;
        Kind own = Kind.CHANNEL;

        Node(Node parent, String name) {
            this.parent = parent;
            this.name = name;
            this.path = parent == null ? "" : parent.path + "/" + name;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }

    private final Node top = new Node(null, "");
    private final List<UriTemplate> templates = new ArrayList<>();

    public IndexTree() {
        for (String r : ROOTS) {
            Node n = new Node(top, r);
            n.permanent = true;
            n.own = Kind.INDEX;
            top.children.put(r, n);
        }
    }

    /**
     * Adds the endpoint classes' templates, at start-up: literal ones as permanent socket nodes,
     * others as the socket children of the nodes they match (a node's kind changing because of a
     * template added later is not announced).
     */
    public synchronized void addSockets(List<UriTemplate> sockets) {
        for (UriTemplate t : sockets) {
            if (t.depth() < 2 || !ROOTS.contains(t.segments().get(0)) || !t.isLiteral(0)) {
                continue;
            }
            if (t.segments().stream().noneMatch(UriTemplate::isVariable)) {
                change(t.segments(), n -> {
                    n.permanent = true;
                    n.own = Kind.SOCKET;
                });
            } else if (t.isLiteral(t.depth() - 1)) {
                templates.add(t);
            }
        }
    }

    /** Holds a node (and so its ancestors) in the tree; {@code kind} is what it is without children. */
    public synchronized void put(String path, Kind kind) {
        change(split(path), n -> {
            n.holds++;
            if (n.own != Kind.SOCKET) {
                n.own = kind;
            }
        });
    }

    /** Releases one hold taken by {@link #put}. */
    public synchronized void drop(String path) {
        List<String> segments = split(path);
        if (find(segments) != null) {
            change(segments, n -> n.holds = Math.max(0, n.holds - 1));
        }
    }

    public synchronized boolean exists(String path) {
        return find(split(path)) != null;
    }

    /** The node's listing, or null if there is no such node. */
    public synchronized Listing listing(String path) {
        Node n = find(split(path));
        return n == null ? null : listingOf(n);
    }

    /**
     * Registers the listener: it gets the node's listing ({@link IndexListener#listed}) and then
     * every later change, all under this monitor so nothing slips in between. False (and no
     * listener) if there is no such node.
     */
    public synchronized boolean watch(String path, IndexListener listener) {
        Node n = find(split(path));
        if (n == null) {
            return false;
        }
        n.listeners.add(listener);
        listener.listed(listingOf(n));
        return true;
    }

    public synchronized void unwatch(String path, IndexListener listener) {
        Node n = find(split(path));
        if (n != null) {
            n.listeners.remove(listener);
        }
    }

    private interface Edit {
        void apply(Node n);
    }

    /** Applies an edit to the node at {@code segments} (made if need be) and tells listeners what changed. */
    private void change(List<String> segments, Edit edit) {
        if (segments.isEmpty() || !top.children.containsKey(segments.get(0))) {
            throw new IllegalArgumentException("not a node of the index tree: /" + String.join("/", segments));
        }
        List<Node> chain = new ArrayList<>();
        Map<Node, Child> before = new LinkedHashMap<>();
        Node n = top;
        for (String s : segments) {
            Node c = n.children.get(s);
            if (c == null) {
                c = new Node(n, s);
                n.children.put(s, c);
                before.put(c, null);
            } else {
                before.put(c, describe(c)); // before its next child on the chain is made
            }
            chain.add(c);
            n = c;
        }
        edit.apply(n);
        for (int i = chain.size() - 1; i >= 0; i--) {
            Node c = chain.get(i);
            if (!visible(c)) {
                c.parent.children.remove(c.name);
            }
        }
        for (Node c : chain) {
            Child was = before.get(c);
            Child now = c.parent.children.get(c.name) == c ? describe(c) : null;
            if (!Objects.equals(was, now)) {
                tell(c.parent, was, now);
            }
        }
    }

    private void tell(Node parent, Child was, Child now) {
        for (IndexListener l : List.copyOf(parent.listeners)) {
            if (now == null) {
                l.removed(was);
            } else {
                l.added(now);
            }
        }
    }

    private boolean visible(Node n) {
        return n.permanent || n.holds > 0 || !n.children.isEmpty();
    }

    private Child describe(Node n) {
        if (!visible(n) && n.depth > 0) {
            return null;
        }
        boolean hasChildren = !n.children.isEmpty() || !shadowChildren(n).isEmpty();
        return new Child(n.name, n.path, hasChildren ? Kind.INDEX : n.own);
    }

    private List<Child> shadowChildren(Node n) {
        List<Child> out = new ArrayList<>();
        for (UriTemplate t : templates) {
            if (t.depth() == n.depth + 1 && prefixMatches(t, n)) {
                String leaf = t.segments().get(n.depth);
                out.add(new Child(leaf, n.path + "/" + leaf, Kind.SOCKET));
            }
        }
        return out;
    }

    private static boolean prefixMatches(UriTemplate t, Node n) {
        for (Node c = n; c.depth > 0; c = c.parent) {
            String seg = t.segments().get(c.depth - 1);
            if (!UriTemplate.isVariable(seg) && !seg.equals(c.name)) {
                return false;
            }
        }
        return true;
    }

    private Listing listingOf(Node n) {
        TreeMap<String, Child> children = new TreeMap<>();
        for (Child s : shadowChildren(n)) {
            children.put(s.name(), s);
        }
        for (Node c : n.children.values()) {
            children.put(c.name, describe(c));
        }
        return new Listing(n.path, new ArrayList<>(children.values()));
    }

    private Node find(List<String> segments) {
        Node n = top;
        for (String s : segments) {
            n = n.children.get(s);
            if (n == null) {
                return null;
            }
        }
        return n == top ? null : n;
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
