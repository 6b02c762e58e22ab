package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CommandRunnerTest {
    private static CommandRunner runner(String... command) {
        return new CommandRunner(List.of(command), Duration.ofSeconds(10));
    }

    @Test
    void catAnswersWithTheCallsData() {
        JsonValue data = JsonText.parse("{\"a\":[1,2,{\"b\":null}],\"s\":\"x\\ny\"}");
        assertThat(runner("cat").answer(data)).isEqualTo(data);
        assertThat(runner("cat").answer(Json.createValue(42))).isEqualTo(Json.createValue(42));
    }

    @Test
    void outputThatIsNotJsonIsAString() {
        assertThat(runner("sh", "-c", "echo hello world").answer(JsonValue.NULL)).isEqualTo(Json.createValue("hello world"));
        assertThat(runner("sh", "-c", "printf '1\\n2\\n'").answer(JsonValue.NULL)).isEqualTo(Json.createValue("1\n2"));
        assertThat(runner("sh", "-c", "echo '{\"a\":1}'").answer(JsonValue.NULL)).isEqualTo(JsonText.parse("{\"a\":1}"));
    }

    @Test
    void noOutputIsNull() {
        assertThat(runner("true").answer(Json.createValue(1))).isEqualTo(JsonValue.NULL);
    }

    @Test
    void theCommandReadsTheDataOnItsStandardInput() {
        assertThat(runner("sh", "-c", "read line; echo \"[$line,$line]\"").answer(Json.createValue(7)))
                .isEqualTo(JsonText.parse("[7,7]"));
    }

    @Test
    void aNonZeroExitFailsWithItsStandardError() {
        assertThatThrownBy(() -> runner("sh", "-c", "echo 'out of paper' >&2; exit 3").answer(JsonValue.NULL))
                .isInstanceOfSatisfying(CommandRunner.Failed.class, f -> {
                    assertThat(f.exitCode()).isEqualTo(3);
                    assertThat(f.getMessage()).isEqualTo("out of paper");
                });
        assertThatThrownBy(() -> runner("sh", "-c", "exit 3").answer(JsonValue.NULL))
                .isInstanceOf(CommandRunner.Failed.class).hasMessage("sh exited with 3");
    }

    @Test
    void aCommandThatDoesNotExistFails() {
        assertThatThrownBy(() -> runner("/no/such/command").answer(JsonValue.NULL))
                .isInstanceOfSatisfying(CommandRunner.Failed.class, f -> assertThat(f.exitCode()).isEqualTo(-1))
                .hasMessageContaining("cannot run /no/such/command");
    }

    @Test
    @Timeout(10)
    void aCommandRunningTooLongIsStopped() {
        CommandRunner slow = new CommandRunner(List.of("sleep", "30"), Duration.ofMillis(300));
        assertThatThrownBy(() -> slow.answer(JsonValue.NULL)).isInstanceOf(CommandRunner.Failed.class)
                .hasMessageContaining("ran past 300 ms");
    }

    @Test
    void aLargeInputDoesNotDeadlock() {
        String big = "x".repeat(1 << 20);
        assertThat(runner("cat").answer(Json.createValue(big))).isEqualTo(Json.createValue(big));
    }

    @Test
    void theResultRule() {
        assertThat(CommandRunner.result("  \n")).isEqualTo(JsonValue.NULL);
        assertThat(CommandRunner.result("true\n")).isEqualTo(JsonValue.TRUE);
        assertThat(CommandRunner.result("  indented\n")).isEqualTo(Json.createValue("  indented"));
        assertThat(CommandRunner.result("1 2")).isEqualTo(Json.createValue("1 2"));
    }
}
