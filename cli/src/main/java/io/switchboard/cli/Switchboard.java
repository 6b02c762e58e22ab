package io.switchboard.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: the options every subcommand shares (given before or after the subcommand). */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "Talks to a Switchboard hub: publish, subscribe, history, call, serve, state documents.",
        subcommands = {PubCommand.class, SubCommand.class, HistoryCommand.class, CallCommand.class, ServeCommand.class,
                WatchCommand.class, PatchCommand.class, DevicesCommand.class, LsCommand.class},
        footer = {"", "Exit codes: 0 done, 1 refused or failed (error: <code>: <message>), 2 usage error, "
                + "3 cannot connect, 4 timeout. See docs/cli.md."})
public final class Switchboard implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "<ws-url>",
            defaultValue = "${env:SWITCHBOARD_URL:-ws://localhost:8080/ws}",
            description = "The hub's WebSocket (default: $SWITCHBOARD_URL, else ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--http", scope = ScopeType.INHERIT, paramLabel = "<http-url>",
            description = "The hub's HTTP base (default: from --url, ws://h:p/ws -> http://h:p).")
    URI http;

    @Option(names = "--token", scope = ScopeType.INHERIT, defaultValue = "${env:SWITCHBOARD_TOKEN}",
            description = "A token from POST /api/token (default: $SWITCHBOARD_TOKEN).")
    String token;

    @Option(names = "--name", scope = ScopeType.INHERIT, description = "The session's name (unique among live sessions).")
    String name;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Also tell of reconnects and the client library's warnings, on stderr.")
    boolean verbose;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "<seconds>", defaultValue = "10",
            description = "How long to wait to connect, and for each answer of the hub (default ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Override
    public void run() {
        // No subcommand: show what there is, as a usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new Exit.Failure(Exit.USAGE, "switchboard: name a command");
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(Math.max(1, connectTimeout));
    }

    /** The HTTP base: --http, else --url with ws(s) made http(s) and its last path segment ({@code /ws}) dropped. */
    URI httpBase() {
        if (http != null) {
            return http;
        }
        return httpFrom(url);
    }

    static URI httpFrom(URI ws) {
        String scheme = "wss".equalsIgnoreCase(ws.getScheme()) ? "https"
                : "ws".equalsIgnoreCase(ws.getScheme()) ? "http" : ws.getScheme();
        String path = ws.getRawPath() == null ? "" : ws.getRawPath();
        int last = path.lastIndexOf('/');
        path = last >= 0 ? path.substring(0, last) : "";
        return URI.create(scheme + "://" + ws.getRawAuthority() + path);
    }
}
