package io.switchboard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What the subcommands share: the global options, and where to print. */
abstract class HubCommand implements Callable<Integer> {
    @ParentCommand
    Switchboard options;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints one line and flushes it at once (output is read line by line, e.g. by jq). */
    void println(String line) {
        PrintWriter out = out();
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
