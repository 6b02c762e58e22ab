package io.switchboard.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sockets.UriTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexTreeTest {

    /** Records what a watcher of one node is told, as "+name:kind" / "-name:kind". */
    static final class Events implements IndexListener {
        final List<String> seen = new ArrayList<>();
        Listing first;

        @Override
        public void listed(Listing listing) {
            first = listing;
        }

        @Override
        public void added(Child child) {
            seen.add("+" + child.name() + ":" + child.kind().wire());
        }

        @Override
        public void removed(Child child) {
            seen.add("-" + child.name() + ":" + child.kind().wire());
        }
    }

    private final IndexTree tree = new IndexTree();

    private static List<String> names(Listing l) {
        return l.children().stream().map(c -> c.name() + ":" + c.kind().wire()).toList();
    }

    @Test
    void theRootsAlwaysExistAndStartEmpty() {
        assertThat(tree.listing("/data").children()).isEmpty();
        assertThat(tree.listing("/chatrooms").toJson(null)).isEqualTo("{\"path\":\"/chatrooms\",\"children\":[]}");
        assertThat(tree.listing("/nope")).isNull();
        assertThat(tree.listing("/data/geo")).isNull();
    }

    @Test
    void aChannelBringsItsAncestorsAsIndexes() {
        tree.put("/data/geo/vector", Kind.CHANNEL);
        assertThat(names(tree.listing("/data"))).containsExactly("geo:index");
        assertThat(tree.listing("/data/geo").children()).containsExactly(new Child("vector", "/data/geo/vector", Kind.CHANNEL));
        tree.drop("/data/geo/vector");
        assertThat(tree.listing("/data/geo")).isNull();
        assertThat(tree.listing("/data").children()).isEmpty();
    }

    @Test
    void watchersHearChildrenComeGoAndChangeKind() {
        Events data = new Events();
        assertThat(tree.watch("/data", data)).isTrue();
        assertThat(data.first.children()).isEmpty();
        tree.put("/data/geo", Kind.CHANNEL);
        Events geo = new Events();
        tree.watch("/data/geo", geo);
        tree.put("/data/geo/vector", Kind.CHANNEL);
        tree.drop("/data/geo/vector");
        tree.drop("/data/geo");
        assertThat(data.seen).containsExactly("+geo:channel", "+geo:index", "+geo:channel", "-geo:channel");
        assertThat(geo.seen).containsExactly("+vector:channel", "-vector:channel");
        tree.unwatch("/data", data);
        tree.put("/data/x", Kind.CHANNEL);
        assertThat(data.seen).hasSize(4);
    }

    @Test
    void aNodeHeldTwiceStaysUntilBothLetGo() {
        tree.put("/chatrooms/lobby", Kind.INDEX);
        tree.put("/chatrooms/lobby", Kind.INDEX);
        tree.drop("/chatrooms/lobby");
        assertThat(tree.exists("/chatrooms/lobby")).isTrue();
        tree.drop("/chatrooms/lobby");
        assertThat(tree.exists("/chatrooms/lobby")).isFalse();
        tree.drop("/chatrooms/lobby");
        assertThat(tree.exists("/chatrooms")).isTrue();
    }

    @Test
    void endpointTemplatesAreSocketsOfTheNodesTheyMatch() {
        tree.addSockets(List.of(UriTemplate.parse("/ws"), UriTemplate.parse("/chatrooms/{room}/chat"),
                UriTemplate.parse("/chatrooms/{room}/{any}"), UriTemplate.parse("/data/echo"),
                UriTemplate.parse("/data/tools/{x}/info")));
        assertThat(names(tree.listing("/data"))).containsExactly("echo:socket");
        assertThat(tree.listing("/chatrooms/lobby")).isNull();
        Events rooms = new Events();
        tree.watch("/chatrooms", rooms);
        tree.put("/chatrooms/lobby", Kind.INDEX);
        assertThat(rooms.seen).containsExactly("+lobby:index");
        assertThat(tree.listing("/chatrooms/lobby").children())
                .containsExactly(new Child("chat", "/chatrooms/lobby/chat", Kind.SOCKET));
        assertThat(tree.listing("/chatrooms/lobby/chat").children()).isEmpty();
        assertThat(tree.listing("/chatrooms/lobby/nope")).isNull();
        assertThat(tree.listing("/chatrooms/gone/chat")).isNull();
        tree.put("/data/tools/a", Kind.CHANNEL);
        assertThat(names(tree.listing("/data/tools/a"))).containsExactly("info:socket");
        assertThat(names(tree.listing("/data/tools"))).containsExactly("a:index");
    }

    @Test
    void theWebSocketFrameAndTheJsonCarryTheSameListing() {
        tree.put("/data/a", Kind.CHANNEL);
        Listing l = tree.listing("/data");
        assertThat(l.toJson("5")).isEqualTo("{\"path\":\"/data\",\"children\":[{\"name\":\"a\",\"path\":\"/data/a\",\"kind\":\"channel\"}],\"retained\":5}");
        assertThat(l.toFrame(null)).isEqualTo("{\"op\":\"index\",\"path\":\"/data\",\"children\":[{\"name\":\"a\",\"path\":\"/data/a\",\"kind\":\"channel\"}]}");
    }

    @ParameterizedTest
    @CsvSource({
            "/data,            /data,           true,  false",
            "/data/,           /data,           true,  false",
            "/chatrooms,       /chatrooms,      true,  false",
            "/chatrooms/,      /chatrooms,      true,  false",
            "/chatrooms/lobby, /chatrooms/lobby, true, false",
            "/chatrooms/lobby/chat, /chatrooms/lobby/chat, false, false",
            "/data/geo,        /data/geo,       false, true",
            "/data/geo/,       /data/geo,       true,  false",
            "/data//geo/vector, /data/geo/vector, false, true",
    })
    void pathsNameIndexesChannelsOrNeither(String raw, String node, boolean index, boolean channel) {
        TreePath p = TreePath.parse(raw);
        assertThat(p.node()).isEqualTo(node);
        assertThat(p.index()).isEqualTo(index);
        assertThat(p.isChannel()).isEqualTo(channel);
    }

    @Test
    void pathsOutsideTheTreeAreNotTreePaths() {
        assertThat(TreePath.parse("/ws")).isNull();
        assertThat(TreePath.parse("/database")).isNull();
        assertThat(TreePath.parse("/")).isNull();
    }
}
