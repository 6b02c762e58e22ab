package io.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server under load, read from {@code /proc}: its process and every descendant (nginx's master
 * and worker; Payara Micro is one process), so one server's figures are summed the same way as the
 * other's. Resident memory is VmRSS, CPU is utime + stime in clock ticks. For a JVM it also reads
 * the live heap after a full GC ({@code jcmd <pid> GC.class_histogram}, as {@code LoadGenerator}'s
 * idle scenario does).
 */
final class ServerProcess {

    /** Linux's USER_HZ on every machine this runs on; /proc/<pid>/stat counts in these. */
    static final long CLK_TCK = 100;

    private final long pid;
    private int histograms;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    /** The pid and its descendants as they are now (nginx's workers are children of its master). */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    long rssKb() throws IOException {
        long kb = 0;
        for (long p : pids()) {
            kb += statusField(p, "VmRSS:");
        }
        return kb;
    }

    long cpuTicks() throws IOException {
        long ticks = 0;
        for (long p : pids()) {
            String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        }
        return ticks;
    }

    /** Live heap bytes: the "Total" of {@code jcmd <pid> GC.class_histogram}, which runs a full GC first. */
    long liveHeapBytes() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        long total = -1;
        StringBuilder head = new StringBuilder();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.trim();
                all.append(line).append('\n');
                if (head.length() < 400) {
                    head.append(t).append('\n');
                }
                String[] parts = t.split("\\s+");
                if (t.startsWith("Total") && parts.length >= 3) {
                    total = Long.parseLong(parts[parts.length - 1]);
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroy();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not finish in 120 s");
        }
        if (total < 0) {
            throw new IOException("no Total line from jcmd " + pid + " GC.class_histogram:\n" + head);
        }
        keepHistogram(all);
        return total;
    }

    /**
     * With {@code -Dsidebyside.histograms=<dir>}, each histogram is also written there
     * ({@code histogram-1.txt}, {@code -2}, ...: before and after a run), to tell what a connection costs
     * class by class.
     */
    private void keepHistogram(CharSequence text) throws IOException {
        String dir = System.getProperty("sidebyside.histograms");
        if (dir == null) {
            return;
        }
        Path d = Files.createDirectories(Path.of(dir));
        Files.writeString(d.resolve("histogram-" + (++histograms) + ".txt"), text);
    }

    private static long statusField(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }
}
