package io.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The termination path of {@link TyrusConnections}, over stand-ins shaped like the container's
 * objects (Tyrus' writer and upgrade-handler proxy, Catalina's WebConnection and request, Grizzly's
 * request and connection): resolved on the first call, then used for every writer.
 */
class TyrusConnectionsTest {

    static final class Connection {
        int terminated;

        public void terminateSilently() {
            terminated++;
        }
    }

    static final class Packet {
        final Connection connection = new Connection();

        public Connection getConnection() {
            return connection;
        }
    }

    static final class GrizzlyRequest {
        final Packet packet = new Packet();

        public Packet getRequest() {
            return packet;
        }
    }

    static final class CatalinaRequest {
        final GrizzlyRequest coyote = new GrizzlyRequest();

        public GrizzlyRequest getCoyoteRequest() {
            return coyote;
        }
    }

    static final class WebConnection {
        private final CatalinaRequest request = new CatalinaRequest();
    }

    static class UpgradeHandler {
        private WebConnection wc; // stays null in the proxy, as in Tyrus

        WebConnection getWebConnection() {
            return wc;
        }

        void wcSet(WebConnection w) {
            wc = w;
        }
    }

    /** Tyrus hands its writer a proxy whose own fields are empty; only its methods reach the real handler. */
    static final class UpgradeHandlerProxy extends UpgradeHandler {
        private final UpgradeHandler handler = new UpgradeHandler();

        UpgradeHandlerProxy() {
            handler.wcSet(new WebConnection());
        }

        @Override
        WebConnection getWebConnection() {
            return handler.getWebConnection();
        }
    }

    static final class Writer {
        private final UpgradeHandler tyrusHttpUpgradeHandler = new UpgradeHandlerProxy();

        Connection connection() {
            return tyrusHttpUpgradeHandler.getWebConnection().request.coyote.packet.connection;
        }
    }

    @Test
    void terminatesTheConnectionUnderEachWriter() {
        Writer first = new Writer();
        Writer second = new Writer();

        assertThat(TyrusConnections.terminate(first)).isTrue();
        assertThat(TyrusConnections.terminate(second)).isTrue();

        assertThat(first.connection().terminated).isEqualTo(1);
        assertThat(second.connection().terminated).isEqualTo(1);
    }
}
