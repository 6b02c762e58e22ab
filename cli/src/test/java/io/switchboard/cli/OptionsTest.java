package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Parsing only: what each command gets from its arguments (nothing is run). */
class OptionsTest {
    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream());

    private <T> T parse(Class<T> command, String... args) {
        CommandLine cli = Main.commandLine(sink, sink);
        CommandLine.ParseResult result = cli.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return command.cast(result.commandSpec().userObject());
    }

    @Test
    void globalOptionsGoBeforeOrAfterTheCommand() {
        PubCommand before = parse(PubCommand.class, "--url", "ws://h:1/ws", "--token", "t", "pub", "/a", "1");
        assertThat(before.options.url).isEqualTo(URI.create("ws://h:1/ws"));
        assertThat(before.options.token).isEqualTo("t");
        PubCommand after = parse(PubCommand.class, "pub", "/a", "1", "--url", "ws://h:2/ws", "--connect-timeout", "3");
        assertThat(after.options.url).isEqualTo(URI.create("ws://h:2/ws"));
        assertThat(after.options.connectTimeout().toSeconds()).isEqualTo(3);
    }

    @Test
    void defaults() {
        PubCommand pub = parse(PubCommand.class, "pub", "/a", "{\"x\":[1,2]}");
        if (System.getenv("SWITCHBOARD_URL") == null) {
            assertThat(pub.options.url).isEqualTo(URI.create("ws://localhost:8080/ws"));
            assertThat(pub.options.httpBase()).isEqualTo(URI.create("http://localhost:8080"));
        }
        assertThat(pub.options.connectTimeout().toSeconds()).isEqualTo(10);
        assertThat(pub.data.asJsonObject().getJsonArray("x")).hasSize(2);
        assertThat(pub.retain).isFalse();
        assertThat(parse(PubCommand.class, "pub", "/a", "null", "--retain").retain).isTrue();
    }

    @Test
    void historyOptions() {
        HistoryCommand plain = parse(HistoryCommand.class, "history", "/a");
        assertThat(plain.limit).isEqualTo(100);
        assertThat(plain.reverse).isFalse();
        assertThat(plain.since).isNull();
        HistoryCommand back = parse(HistoryCommand.class, "history", "/a", "--limit", "2500", "--reverse", "--since", "41");
        assertThat(back.channel).isEqualTo("/a");
        assertThat(back.limit).isEqualTo(2500);
        assertThat(back.reverse).isTrue();
        assertThat(back.since).isEqualTo(41);
    }

    @Test
    void theHttpBaseComesFromTheUrl() {
        assertThat(Switchboard.httpFrom(URI.create("ws://localhost:8080/ws"))).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(Switchboard.httpFrom(URI.create("wss://hub.example/app/ws"))).isEqualTo(URI.create("https://hub.example/app"));
        assertThat(Switchboard.httpFrom(URI.create("ws://127.0.0.1:18181/ws?x=1"))).isEqualTo(URI.create("http://127.0.0.1:18181"));
        PubCommand explicit = parse(PubCommand.class, "pub", "/a", "1", "--http", "http://other:9");
        assertThat(explicit.options.httpBase()).isEqualTo(URI.create("http://other:9"));
    }

    @Test
    void subAndCallOptions() {
        SubCommand sub = parse(SubCommand.class, "sub", "/a/**", "--since", "41", "--count", "3");
        assertThat(sub.pattern).isEqualTo("/a/**");
        assertThat(sub.since).isEqualTo(41);
        assertThat(sub.count).isEqualTo(3);
        SubCommand plain = parse(SubCommand.class, "sub", "/a");
        assertThat(plain.since).isNull();
        assertThat(plain.count).isNull();
        CallCommand call = parse(CallCommand.class, "call", "/rpc/add", "[1,2]", "--timeout", "1500");
        assertThat(call.timeout).isEqualTo(1500);
        assertThat(call.data.asJsonArray()).hasSize(2);
        assertThat(parse(CallCommand.class, "call", "/rpc/x", "\"s\"").timeout).isNull();
    }

    @Test
    void serveTakesTheCommandAfterDashDash() {
        ServeCommand serve = parse(ServeCommand.class, "serve", "/rpc/**", "--parallel", "2", "--", "sh", "-c", "exit 3");
        assertThat(serve.pattern).isEqualTo("/rpc/**");
        assertThat(serve.command).containsExactly("sh", "-c", "exit 3");
        assertThat(serve.parallel).isEqualTo(2);
        assertThat(serve.maxTime).isEqualTo(60000);
        assertThat(parse(ServeCommand.class, "serve", "/a", "cat").command).containsExactly("cat");
    }

    @Test
    void watchAndPatch() {
        assertThat(parse(WatchCommand.class, "watch", "/state/a", "--count", "2").count).isEqualTo(2);
        PatchCommand merge = parse(PatchCommand.class, "patch", "/state/a", "--merge", "{\"x\":null}", "--base", "4");
        assertThat(merge.change.merge.asJsonObject()).containsKey("x");
        assertThat(merge.change.ops).isNull();
        assertThat(merge.base).isEqualTo(4);
        PatchCommand ops = parse(PatchCommand.class, "patch", "/state/a", "--ops", "[{\"op\":\"remove\",\"path\":\"/x\"}]");
        assertThat(ops.change.ops.asJsonArray()).hasSize(1);
        assertThat(ops.base).isNull();
    }

    @Test
    void lsDefaultsToData() {
        assertThat(parse(LsCommand.class, "ls").path).isEqualTo("/data");
        assertThat(parse(LsCommand.class, "ls", "/chatrooms/lobby").path).isEqualTo("/chatrooms/lobby");
    }
}
