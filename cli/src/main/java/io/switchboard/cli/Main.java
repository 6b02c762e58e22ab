package io.switchboard.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code switchboard} command. {@link #run} is the whole program, usable in-process (tests):
 * it returns the exit code instead of exiting, and prints only to the streams it is given.
 */
public final class Main {
    private Main() {
    }

    /** The client library's logger, quiet on the command line unless --verbose (held: JUL keeps loggers weakly). */
    static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("io.switchboard.client");

    public static void main(String[] args) {
        LIBRARY_LOG.setLevel(java.util.logging.Level.SEVERE);
        // Ctrl+C ends the open sessions cleanly (bye), rather than leaving them to expire.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Hub.OPEN.forEach(Hub::close), "switchboard-exit"));
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code switchboard} with {@code args}; returns its exit code (docs/cli.md). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Switchboard());
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            PrintWriter w = command.getErr();
            w.println(Exit.message(e));
            w.flush();
            return Exit.of(e);
        });
        return cli;
    }
}
