package io.switchboard.cli;

import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers a call by running a command ({@code switchboard serve}): the call's data as JSON (and a
 * newline) on its standard input; exit 0 makes its standard output the result (JSON, else the
 * text as a JSON string; nothing at all is {@code null}); another exit code, or running past
 * {@code maxTime}, is a failure whose message is its standard error (trimmed).
 */
public final class CommandRunner {
    /** The command failed; the message is what the caller gets as {@code callee_error}. */
    public static final class Failed extends RuntimeException {
        private final int exitCode;

        Failed(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        /** The command's exit code, -1 if it was stopped or could not start. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final List<String> command;
    private final Duration maxTime;

    public CommandRunner(List<String> command, Duration maxTime) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.command = List.copyOf(command);
        this.maxTime = maxTime;
    }

    /** Runs the command once for {@code data}; blocks until it ends. */
    public JsonValue answer(JsonValue data) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new Failed(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> stdout = drain(p.getInputStream());
        CompletableFuture<String> stderr = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write((data.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command does not read its input (it may have ended already): fine.
        }
        try {
            if (!p.waitFor(maxTime.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new Failed(-1, command.get(0) + " ran past " + maxTime.toMillis() + " ms and was stopped");
            }
            int exit = p.exitValue();
            if (exit != 0) {
                String message = stderr.join().strip();
                throw new Failed(exit, message.isEmpty() ? command.get(0) + " exited with " + exit : message);
            }
            return result(stdout.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Failed(-1, "interrupted");
        }
    }

    /** What a command printed, as the call's result. */
    static JsonValue result(String stdout) {
        String text = stdout.strip();
        return text.isEmpty() ? JsonValue.NULL : JsonText.parseOrString(stdout.stripTrailing());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "switchboard-serve-io");
            t.setDaemon(true);
            t.start();
        });
    }
}
