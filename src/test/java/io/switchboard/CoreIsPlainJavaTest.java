package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core packages are plain Java: no WebSocket, JAX-RS, CDI, MicroProfile or Hazelcast types,
 * so they are built with {@code new} in tests and the transports stay thin adapters.
 */
class CoreIsPlainJavaTest {
    private static final List<String> FORBIDDEN = List.of("import jakarta.websocket", "import jakarta.ws.rs",
            "import jakarta.enterprise", "import jakarta.inject", "import jakarta.annotation", "import jakarta.servlet",
            "import org.eclipse.microprofile", "import com.hazelcast", "import fish.payara", "import org.glassfish");

    // channels and protocol live in protocol/, whose build has JSON-P and nothing else to import.
    @ParameterizedTest
    @ValueSource(strings = {"routing", "sessions", "hub", "rpc", "state", "devices", "auth", "chat", "tree",
            "sockets", "mux", "outbound"})
    void corePackageImportsNoContainerTypes(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/io/switchboard", pkg);
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(offending).as("container imports in the core package " + pkg).isEmpty();
        }
    }
}
